/**
 * One terminal window's shells, innermost last: the learner's PC shell at the bottom, an SSH login
 * to the server on top of it, perhaps a root shell from `sudo -i` on top of that. The session sees
 * one LoginShell; `exit` in an inner shell returns to the one below, as in a real terminal.
 */
import type { Tty } from './commands/types.ts'
import type { Connection } from './machine/state.ts'
import type { Server } from './machine/server.ts'
import type { LoginShell } from './shell/types.ts'

export interface Frame {
  shell: LoginShell
  /** the SSH connection this frame rides on, closed when it exits or the server goes down */
  connection?: { server: Server; id: Connection['id']; address: string }
  /** bash prints `logout` when a login shell exits */
  login: boolean
}

export class ShellStack implements LoginShell {
  private readonly frames: Frame[]
  /** Text to show before the next prompt (a connection closed while the user was elsewhere). */
  private pending = ''
  /** The terminal of the command line running now: where a nested login prints its banner. */
  private tty: Tty | undefined

  /** `login` makes the bottom shell; it runs again when that shell exits (a new window). */
  constructor(
    readonly terminalId: string,
    private readonly login: () => Frame,
  ) {
    this.frames = [login()]
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1]!
  }

  get system() {
    return this.top.shell.system
  }

  get user() {
    return this.top.shell.user
  }

  get history() {
    return this.top.shell.history
  }

  get cwd() {
    return this.top.shell.cwd
  }

  /** The window never closes: a bottom shell that exits is replaced by a fresh login. */
  readonly exited = false

  get exitCode(): number {
    return this.top.shell.exitCode
  }

  /** true while the innermost login came in over SSH */
  get remote(): boolean {
    return this.frames.some((frame) => frame.connection)
  }

  push(frame: Frame, banner = ''): void {
    this.frames.push(frame)
    if (banner) this.tty?.write(banner)
  }

  prompt(): string {
    const notice = this.takeNotice()
    return notice + this.top.shell.prompt()
  }

  complete(line: string, cursor: number) {
    return this.top.shell.complete(line, cursor)
  }

  async run(line: string, tty: Tty | undefined): Promise<number> {
    this.tty = tty
    try {
      const code = await this.top.shell.run(line, tty)
      this.unwind(tty)
      if (this.frames.length === 1 && this.top.shell.exited) this.frames[0] = this.login()
      return code
    } finally {
      this.tty = undefined
    }
  }

  /**
   * Drops frames whose shell exited or whose connection the server no longer has (reboot), with
   * what bash and ssh print then. Returns true when something was closed.
   */
  unwind(tty?: Tty): boolean {
    let closed = false
    while (this.frames.length > 1) {
      const frame = this.top
      const connection = frame.connection
      const lost = connection !== undefined && !connection.server.state.connections.some((open) => open.id === connection.id)
      if (!frame.shell.exited && !lost) break
      this.frames.pop()
      closed = true
      let text = ''
      if (frame.shell.exited && frame.login && !lost) text += 'logout\n'
      if (connection) {
        if (lost) text += `Connection to ${connection.address} closed by remote host.\n`
        else connection.server.state.connections = connection.server.state.connections.filter((open) => open.id !== connection.id)
        text += `Connection to ${connection.address} closed.\n`
      }
      if (tty) tty.write(text)
      else this.pending += text
    }
    return closed
  }

  private takeNotice(): string {
    this.unwind()
    const notice = this.pending
    this.pending = ''
    return notice.replace(/\n/g, '\r\n')
  }
}
