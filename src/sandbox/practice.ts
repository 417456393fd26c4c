/**
 * The practice machine as the page and `npm run practice` use it: terminals on the learner's PC
 * (one of them logged in to the server over SSH), the provider's console, and the checker's
 * verdict on the server.
 */
import { checkIds } from '../../checker/catalog.ts'
import { collectFacts } from '../../checker/probes/index.ts'
import { evaluate, type Status } from '../../checker/rules/index.ts'
import { course } from '../shared/course.ts'
import { rootCred } from './fs/index.ts'
import { createMachineHost } from './host.ts'
import { connect } from './machine/network.ts'
import { pcAddress } from './machine/pc.ts'
import type { Server, ShellRequest, TerminalHooks } from './machine/server.ts'
import type { Practice, PracticeTerminal, PracticeVerdict, TerminalIo, TerminalKind } from './practice-types.ts'
import { createTerminalSession } from './session/index.ts'
import { createLoginShell } from './shell/index.ts'
import { ShellStack, type Frame } from './shell-stack.ts'
import { createWorld, saveWorld, serverAddress, type World, type WorldOptions } from './world.ts'

export type { Practice, PracticeTerminal, PracticeVerdict, TerminalIo, TerminalKind } from './practice-types.ts'

export const practiceUser = { name: 'student', password: 'student' } as const
const terminalEnv = { TERM: 'xterm-256color', LANG: 'C.UTF-8' }

export function createPractice(options: WorldOptions): PracticeMachine {
  return new PracticeMachine(createWorld(options))
}

interface OpenTerminal {
  stack: ShellStack
  notify(text: string): void
  dispose(): void
}

export class PracticeMachine implements Practice {
  readonly practiceUser = practiceUser
  readonly serverAddress = serverAddress
  private readonly listeners = new Set<() => void>()
  private readonly terminals = new Set<OpenTerminal>()
  private readonly stacks = new Map<string, ShellStack>()
  private nextTerminal = 0
  private nextPts = 0

  constructor(readonly world: World) {}

  /**
   * A terminal window's shells and what it shows before its first prompt. `relogin`: a window in
   * the page never closes (a fresh login replaces an ended one); `npm run practice` ends instead.
   */
  openShell(kind: TerminalKind, options: { relogin: boolean }): { stack: ShellStack; banner: string } {
    const id = `${kind}-${this.nextTerminal++}`
    const hooks: TerminalHooks = {
      id,
      ttyName: kind === 'console' ? 'tty1' : `pts/${this.nextPts++}`,
      openShell: async (request) => this.openNested(id, request),
    }
    let banner = ''
    const stack = new ShellStack(
      id,
      () => {
        const base = this.baseFrame(kind, hooks)
        banner = base.banner
        return base
      },
      options,
    )
    this.stacks.set(id, stack)
    if (kind === 'server') banner = this.autoLogin(stack)
    return { stack, banner }
  }

  openTerminal(kind: TerminalKind, io: TerminalIo): PracticeTerminal {
    const { stack, banner } = this.openShell(kind, { relogin: true })
    const session = createTerminalSession({ createShell: () => stack, columns: io.columns, rows: io.rows, output: io.output, pause: io.pause })
    const offEnd = session.onCommandEnd(() => this.changed())
    const terminal: OpenTerminal = {
      stack,
      notify: (text) => session.notify(text),
      dispose: () => {
        offEnd()
        session.dispose()
        this.stacks.delete(stack.terminalId)
        this.terminals.delete(terminal)
      },
    }
    this.terminals.add(terminal)
    if (banner) io.output(banner.replace(/\n/g, '\r\n'))
    session.start()
    return {
      input: (data) => session.input(data),
      resize: (columns, rows) => session.resize(columns, rows),
      type: (command) => session.type(command),
      onCommandEnd: (listener) => session.onCommandEnd(listener),
      dispose: terminal.dispose,
    }
  }

  async verify(): Promise<PracticeVerdict> {
    const { facts } = await collectFacts(createMachineHost(this.world.server, rootCred))
    const statuses: Record<string, Status> = Object.fromEntries(checkIds.map((id) => [id, 'unknown' as Status]))
    for (const result of evaluate(facts, course)) statuses[result.id] = result.status
    return { statuses, lockedOut: !this.sshReachable() }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  save(): string {
    return saveWorld(this.world)
  }

  dispose(): void {
    for (const terminal of [...this.terminals]) terminal.dispose()
    this.listeners.clear()
  }

  /** Whether a new SSH login from the PC can reach sshd on any port it listens on. */
  sshReachable(): boolean {
    return this.sshPorts().some((port) => connect(this.world.server, port) === 'open')
  }

  /** The ports sshd listens on, the course's port first (the one a learner tries first). */
  private sshPorts(): number[] {
    const ports = this.world.server.state.processes.filter((process) => process.comm === 'sshd').flatMap((process) => process.sockets.map((socket) => socket.port))
    return [...new Set(ports)].sort((a, b) => (a === course.sshPort ? -1 : b === course.sshPort ? 1 : a - b))
  }

  /** After any command: other terminals show what ended meanwhile (a reboot closes their SSH). */
  private changed(): void {
    for (const terminal of this.terminals) terminal.notify(terminal.stack.takeNotice())
    for (const listener of this.listeners) listener()
  }

  private baseFrame(kind: TerminalKind, hooks: TerminalHooks): { frame: Frame; banner: string } {
    const { server, pc } = this.world
    if (kind === 'console') {
      const shell = createLoginShell({ system: server.viewFor(hooks), user: server.user('student')!, env: { ...terminalEnv, TERM: 'linux' } })
      return { frame: { shell, boot: { server, count: server.state.boots } }, banner: consoleBanner(server) }
    }
    return { frame: { shell: createLoginShell({ system: pc.viewFor(hooks), user: pc.user('student')!, env: terminalEnv }) }, banner: '' }
  }

  private openNested(terminalId: string, request: ShellRequest): number {
    const stack = this.stacks.get(terminalId)
    if (!stack) return 1
    stack.push(...this.nestedFrame(request, terminalId))
    return 0
  }

  /** A shell opened inside a terminal: an SSH login to the server, or a root shell from sudo. */
  private nestedFrame(request: ShellRequest, terminalId: string): [Frame, string] {
    const { server } = this.world
    const boot = { server, count: server.state.boots }
    if (request.via.kind === 'su') return [{ shell: createLoginShell({ system: request.system, user: request.user, env: request.env }), boot }, '']
    const { port, address } = request.via
    const id = Math.max(0, ...server.state.connections.map((open) => open.id)) + 1
    server.state.connections.push({ id, port, terminal: terminalId })
    const pts = `pts/${this.nextPts++}`
    const view = server.viewFor({ id: terminalId, ttyName: pts, openShell: async (inner) => this.openNested(terminalId, inner) })
    const sourcePort = 50000 + ((id * 7919) % 10000)
    const env = {
      ...terminalEnv,
      SSH_CONNECTION: `${pcAddress} ${sourcePort} ${address} ${port}`,
      SSH_CLIENT: `${pcAddress} ${sourcePort} ${port}`,
      SSH_TTY: `/dev/${pts}`,
    }
    const shell = createLoginShell({ system: view, user: request.user, env })
    const banner = motd(server)
    server.state.lastLogin = { at: server.now(), from: pcAddress }
    return [{ shell, boot, connection: { id, address } }, banner]
  }

  /** The server tab starts as if the learner had just typed `ssh student@203.0.113.10` on the PC. */
  private autoLogin(stack: ShellStack): string {
    const { server } = this.world
    const ports = this.sshPorts()
    const open = ports.find((port) => connect(server, port) === 'open')
    if (open === undefined) {
      const port = ports[0] ?? course.defaultSshPort
      const outcome = ports.length === 0 ? 'refused' : connect(server, port)
      const flag = port === course.defaultSshPort ? '' : ` -p ${port}`
      return `student@my-pc:~$ ssh${flag} student@${serverAddress}\nssh: connect to host ${serverAddress} port ${port}: ${outcome === 'timeout' ? 'Connection timed out' : 'Connection refused'}\n`
    }
    const [frame, banner] = this.nestedFrame({ system: server, user: server.user('student')!, env: {}, via: { kind: 'ssh', port: open, address: serverAddress } }, stack.terminalId)
    stack.push(frame)
    return banner
  }
}

function osRelease(server: Server): string {
  const text = server.fs.readFile('/proc/sys/kernel/osrelease', rootCred)
  return typeof text === 'string' ? text.trim() : '6.1.0-28-amd64'
}

function motd(server: Server): string {
  const text = server.fs.readFile('/etc/motd', rootCred)
  const last = server.state.lastLogin
  const lastLine = last ? `Last login: ${loginDate(last.at)} from ${last.from}\n` : ''
  return `Linux ${server.hostname} ${osRelease(server)} #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) x86_64\n${typeof text === 'string' ? text : ''}${lastLine}`
}

function consoleBanner(server: Server): string {
  return `\nDebian GNU/Linux 12 ${server.hostname} tty1\n\n${server.hostname} login: student\nPassword: \n${motd(server)}`
}

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** `Sun Nov 29 06:12:44 2026` (ctime's layout), in UTC, the server's zone */
function loginDate(ms: number): string {
  const d = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`
}
