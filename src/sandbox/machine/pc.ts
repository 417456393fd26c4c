/**
 * The learner's own computer: a small Linux box with a terminal, `ssh` and `curl`. It shares the
 * server's clock (the same moment in the same world) and reaches the server only through the
 * simulated network (machine/network.ts).
 */
import type { Command, System, UserInfo } from '../commands/types.ts'
import { createFileSystem, fileTree } from '../fs/index.ts'
import type { FileSystem, FsNode } from '../fs/types.ts'
import { knownHostsLine } from '../commands/pc/ssh.ts'
import type { Server, TerminalHooks } from './server.ts'

export const pcHostname = 'my-pc'
export const pcAddress = '198.51.100.23'
export const pcPath = '/usr/local/bin:/usr/bin:/bin'
/** The server as the learner knows it: its public address (a documentation range, RFC 5737). */
export const serverPublicAddress = '203.0.113.10'


const users: readonly UserInfo[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
  { name: 'student', uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/bash' },
]

export function seedPcFiles(programs: readonly string[], now: number): FsNode {
  const entries: Record<string, string | { dir: true } | { symlink: string }> = {
    '/bin': { symlink: 'usr/bin' },
    '/etc/hostname': `${pcHostname}\n`,
    // The learner logged in to the server on port 22 in the basic course and accepted its key.
    '/home/student/.ssh/known_hosts': knownHostsLine(serverPublicAddress, 22),
    '/tmp': { dir: true },
    '/root': { dir: true },
  }
  for (const path of programs) entries[path] = ''
  return fileTree(
    entries,
    {
      '/home/student': { uid: 1000, gid: 1000 },
      '/home/student/.ssh': { uid: 1000, gid: 1000, mode: 0o700 },
      '/home/student/.ssh/known_hosts': { uid: 1000, gid: 1000, mode: 0o600 },
      '/tmp': { mode: 0o1777 },
      '/root': { mode: 0o700 },
      ...Object.fromEntries(programs.map((path) => [path, { mode: 0o755 }])),
    },
    now,
  )
}

export class Pc implements System {
  readonly kind = 'pc' as const
  readonly hostname = pcHostname
  readonly fs: FileSystem
  readonly terminal?: TerminalHooks
  private readonly programs: Map<string, Command>

  constructor(
    readonly server: Server,
    files: FsNode,
    programs: Record<string, Command>,
  ) {
    this.programs = new Map(Object.entries(programs))
    this.fs = createFileSystem(files, { now: () => server.now() })
  }

  now(): number {
    return this.server.now()
  }

  advance(ms: number): void {
    this.server.advance(ms)
  }

  user(nameOrUid: string | number): UserInfo | undefined {
    return users.find((user) => (typeof nameOrUid === 'number' ? user.uid === nameOrUid : user.name === nameOrUid))
  }

  groupsOf(uid: number): readonly number[] {
    return [uid]
  }

  command(name: string, searchPath: string = pcPath): Command | undefined {
    const paths = name.includes('/') ? [name] : searchPath.split(':').filter(Boolean).map((dir) => `${dir}/${name}`)
    for (const path of paths) {
      const merged = path.replace(/^\/bin\//, '/usr/bin/')
      const program = this.programs.get(merged)
      if (program && this.fs.exists(merged)) return program
    }
    return undefined
  }

  commandNames(searchPath: string = pcPath): string[] {
    const dirs = searchPath.split(':')
    return [...this.programs.keys()]
      .filter((path) => dirs.includes(path.slice(0, path.lastIndexOf('/'))) && this.fs.exists(path))
      .map((path) => path.slice(path.lastIndexOf('/') + 1))
      .sort()
  }

  /**
   * Called by `ssh` once the server accepted the login: the server's shell opens in this terminal,
   * on top of the PC's.
   */
  openRemoteShell(port: number): Promise<number> {
    const student = this.server.user('student')
    if (!this.terminal || !student) return Promise.resolve(255)
    return this.terminal.openShell({ system: this.server, user: student, env: {}, via: { kind: 'ssh', port, address: serverPublicAddress } })
  }

  viewFor(terminal: TerminalHooks): Pc {
    return Object.create(this, { terminal: { value: terminal, enumerable: true } }) as Pc
  }
}
