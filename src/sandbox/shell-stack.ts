/**
 * One terminal window's shells, innermost last: the learner's PC shell at the bottom, an SSH login
 * to the server on top of it, perhaps a root shell from `sudo -i` on top of that. The session sees
 * one LoginShell; `exit` in an inner shell returns to the one below, as in a real terminal, and a
 * server that reboots takes every shell it ran with it.
 */
import { isRebootSignal } from './commands/systemd/index.ts'
import type { Tty } from './commands/types.ts'
import type { Connection } from './machine/state.ts'
import type { Server } from './machine/server.ts'
import type { LoginShell } from './shell/types.ts'

export interface Frame {
  shell: LoginShell
  /** the SSH connection this frame rides on, closed when it exits or the server goes down */
  connection?: { id: Connection['id']; address: string }
  /** the server boot this shell runs in: a reboot ends it (SSH logins, the console, sudo -i) */
  boot?: { server: Server; count: number }
}

export class ShellStack implements LoginShell {
  private readonly frames: Frame[]
  /** Text to show before the next prompt (a connection closed while the user was elsewhere). */
  private pending = ''
  /** The terminal of the command line running now: where a nested login prints its banner. */
  private tty: Tty | undefined

  /**
   * `login` makes the bottom shell and what to print first; with `relogin` it runs again when
   * that shell exits or its server reboots (a window that never closes).
   */
  constructor(
    readonly terminalId: string,
    private readonly login: () => { frame: Frame; banner: string },
    private readonly options: { relogin: boolean } = { relogin: true },
  ) {
    this.frames = [login().frame]
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

  get exited(): boolean {
    return !this.options.relogin && this.frames.length === 1 && this.top.shell.exited
  }

  get exitCode(): number {
    return this.top.shell.exitCode
  }

  push(frame: Frame, banner = ''): void {
    this.frames.push(frame)
    if (banner) this.tty?.write(banner)
  }

  prompt(): string {
    return this.top.shell.prompt()
  }

  complete(line: string, cursor: number) {
    return this.top.shell.complete(line, cursor)
  }

  async run(line: string, tty: Tty | undefined): Promise<number> {
    this.tty = tty
    try {
      return await this.top.shell.run(line, tty)
    } catch (error) {
      // The server went down under this command: the frames on it are gone (see settle).
      if (!isRebootSignal(error)) throw error
      return 0
    } finally {
      this.settle(tty)
      this.tty = undefined
    }
  }

  /** What a terminal shows when something ended while the user looked elsewhere (then cleared). */
  takeNotice(): string {
    this.settle(undefined)
    const notice = this.pending
    this.pending = ''
    return notice
  }

  /**
   * Drops frames whose shell exited or whose server rebooted, with what bash and ssh print then;
   * a frame below a lost one is kept, everything above it goes.
   */
  private settle(tty: Tty | undefined): void {
    let text = ''
    for (;;) {
      const lostAt = this.frames.findIndex((frame) => lostBoot(frame))
      const cut = lostAt >= 0 ? lostAt : this.top.shell.exited ? this.frames.length - 1 : -1
      if (cut < 0) break
      const lost = lostAt >= 0
      const gone = this.frames.splice(cut)
      for (const frame of gone.reverse()) {
        if (!frame.connection) continue
        const server = frame.boot?.server
        if (server) server.state.connections = server.state.connections.filter((open) => open.id !== frame.connection!.id)
        if (lost) text += `Connection to ${frame.connection.address} closed by remote host.\n`
        text += `Connection to ${frame.connection.address} closed.\n`
      }
      if (this.frames.length === 0) {
        if (!this.options.relogin && !lost) {
          this.frames.push(gone[gone.length - 1]!)
          break
        }
        const fresh = this.login()
        this.frames.push(fresh.frame)
        text += fresh.banner
      }
    }
    if (!text) return
    if (tty) tty.write(text)
    else this.pending += text
  }
}

function lostBoot(frame: Frame): boolean {
  if (!frame.boot) return false
  if (frame.boot.server.state.boots !== frame.boot.count) return true
  const connection = frame.connection
  return connection !== undefined && !frame.boot.server.state.connections.some((open) => open.id === connection.id)
}
