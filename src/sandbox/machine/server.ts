/**
 * The simulated Debian 12 web server: its state, its clock, its users and its commands. Commands
 * live in the file system as real programs do: a name resolves through PATH to a file such as
 * /usr/sbin/ufw, which exists only while its package is installed, and the file's path picks the
 * implementation. So `sshd` is not found without sudo (no sbin in a user's PATH), and `ufw` is
 * not found before `apt install ufw`, exactly as on a real server.
 */
import type { Command, System, UserInfo } from '../commands/types.ts'
import { createFileSystem } from '../fs/memory.ts'
import type { FileSystem } from '../fs/types.ts'
import type { ServerState } from './state.ts'
import { notSimulatedNote, onRealServer } from './debian-programs.ts'

export const userPath = '/usr/local/bin:/usr/bin:/bin:/usr/games'
export const rootPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

/** The accounts of the server (/etc/passwd holds the same). */
export const serverUsers: readonly UserInfo[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
  { name: 'www-data', uid: 33, gid: 33, home: '/var/www', shell: '/usr/sbin/nologin' },
  { name: 'nobody', uid: 65534, gid: 65534, home: '/nonexistent', shell: '/usr/sbin/nologin' },
  { name: 'sshd', uid: 100, gid: 65534, home: '/run/sshd', shell: '/usr/sbin/nologin' },
  { name: 'student', uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/bash' },
]

/** Supplementary groups: student is in sudo (27), as the basic course set it up. */
export const serverGroups: Record<number, readonly number[]> = { 0: [0], 1000: [1000, 27], 33: [33], 65534: [65534], 100: [65534] }

/**
 * What the terminal a command runs in offers it: which tty it is (sudo caches per tty), whether it
 * came in over SSH, and how to start a nested shell (`sudo -i`, an `ssh` login) in that terminal.
 */
export interface TerminalHooks {
  readonly id: string
  /** pts/0, pts/1 … for SSH logins; tty1 on the console */
  readonly ttyName: string
  openShell(request: ShellRequest): Promise<number>
}

export interface ShellRequest {
  system: System
  user: UserInfo
  env: Record<string, string>
  /** how the frame ends: an SSH connection to close, or just a nested shell */
  via: { kind: 'ssh'; port: number; address: string } | { kind: 'su' }
  /** printed before the first prompt (motd, last login) */
  banner?: string
}

export class Server implements System {
  readonly kind = 'server' as const
  readonly hostname: string
  readonly fs: FileSystem
  /** Set on the per-terminal view of the server (see `viewFor`); absent for the checker's probes. */
  readonly terminal?: TerminalHooks
  /** program path → implementation; a program runs only while its file exists */
  private readonly programs: Map<string, Command>

  constructor(
    readonly state: ServerState,
    programs: Record<string, Command>,
    options: { hostname?: string } = {},
  ) {
    this.hostname = options.hostname ?? 'webserver'
    this.programs = new Map(Object.entries(programs))
    this.fs = createFileSystem(state.fs, { now: () => this.state.clock })
  }

  now(): number {
    return this.state.clock
  }

  advance(ms: number): void {
    this.state.clock += Math.max(0, Math.round(ms))
  }

  user(nameOrUid: string | number): UserInfo | undefined {
    return serverUsers.find((user) => (typeof nameOrUid === 'number' ? user.uid === nameOrUid : user.name === nameOrUid))
  }

  groupsOf(uid: number): readonly number[] {
    return serverGroups[uid] ?? [uid]
  }

  command(name: string, searchPath: string = rootPath): Command | undefined {
    if (name.includes('/')) return this.program(name)
    for (const dir of searchPath.split(':')) {
      if (!dir) continue
      const found = this.program(`${dir}/${name}`)
      if (found) return found
    }
    return undefined
  }

  commandNames(searchPath: string = rootPath): string[] {
    const names = new Set<string>()
    for (const path of this.programs.keys()) {
      const slash = path.lastIndexOf('/')
      if (searchPath.split(':').includes(path.slice(0, slash)) && this.fs.exists(path)) names.add(path.slice(slash + 1))
    }
    return [...names].sort()
  }

  unsimulatedNote(name: string, searchPath: string = rootPath): string | undefined {
    const simulated = [...this.programs.keys()].some((path) => path.endsWith(`/${name}`))
    return !simulated && onRealServer(name, searchPath) ? notSimulatedNote : undefined
  }

  /** Resolves /bin → /usr/bin (merged /usr, as on Debian 12) and requires the file to exist. */
  private program(path: string): Command | undefined {
    const merged = path.replace(/^\/(s?bin)\//, '/usr/$1/')
    if (!this.fs.exists(merged)) return undefined
    return this.programs.get(merged)
  }

  /** The next process id, as the kernel hands them out. */
  pid(): number {
    return this.state.nextPid++
  }

  inode(): number {
    return this.state.nextInode++
  }

  /**
   * The same server as seen from one terminal: shares state, files and programs (prototype
   * delegation), adds that terminal's hooks.
   */
  viewFor(terminal: TerminalHooks): Server {
    return Object.create(this, { terminal: { value: terminal, enumerable: true } }) as Server
  }

  /** The state to save: the file system is snapshotted into it. */
  snapshot(): ServerState {
    return { ...structuredClone({ ...this.state, fs: undefined as never }), fs: this.fs.snapshot() }
  }
}
