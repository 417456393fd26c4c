/** A small machine for shell and coreutils tests: the file system, the coreutils, two users. */
import { coreutils } from '../../../src/sandbox/commands/coreutils/index.ts'
import type { Command, System, UserInfo } from '../../../src/sandbox/commands/types.ts'
import { createFileSystem, fileTree } from '../../../src/sandbox/fs/index.ts'
import type { TreeEntry, TreeMeta } from '../../../src/sandbox/fs/index.ts'
import { createLoginShell } from '../../../src/sandbox/shell/index.ts'

export const NOW = Date.UTC(2026, 10, 29, 6, 35, 6)

const users: UserInfo[] = [
  { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
  { name: 'student', uid: 1000, gid: 1000, home: '/home/student', shell: '/bin/bash' },
]

export const baseFiles: Record<string, TreeEntry> = {
  '/etc/hostname': 'webserver\n',
  '/etc/passwd': 'root:x:0:0:root:/root:/bin/bash\nstudent:x:1000:1000:,,,:/home/student:/bin/bash\n',
  '/etc/group': 'root:x:0:\nadm:x:4:\nsudo:x:27:student\nstudent:x:1000:\n',
  '/etc/shadow': 'root:*:19000:0:99999:7:::\n',
  '/etc/os-release': { symlink: '../usr/lib/os-release' },
  '/usr/lib/os-release':
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\n#Port 22\nPermitRootLogin no\n',
  '/etc/ssh/sshd_config.d': { dir: true },
  '/home/student/notes.txt': 'alpha\nbeta\ngamma\n',
  '/home/student/.bashrc': '# ~/.bashrc\n',
  '/root/secret': 'top\n',
  '/tmp': { dir: true },
  '/run': { dir: true },
  '/var/log/syslog': 'boot\n',
  '/usr/bin': { dir: true },
  '/proc/sys/kernel/osrelease': '6.1.0-28-amd64\n',
}

export const baseMeta: Record<string, TreeMeta> = {
  '/etc/shadow': { mode: 0o640, gid: 42 },
  '/home/student': { uid: 1000, gid: 1000, mode: 0o755 },
  '/home/student/notes.txt': { uid: 1000, gid: 1000 },
  '/home/student/.bashrc': { uid: 1000, gid: 1000 },
  '/root': { mode: 0o700 },
  '/tmp': { mode: 0o1777 },
}

export function makeSystem(extraFiles: Record<string, TreeEntry> = {}, extraCommands: Record<string, Command> = {}): System {
  let clock = NOW
  const fs = createFileSystem(fileTree({ ...baseFiles, ...extraFiles }, baseMeta, NOW - 86_400_000), { now: () => clock })
  const commands: Record<string, Command> = { ...coreutils, ...extraCommands }
  return {
    kind: 'server',
    hostname: 'webserver',
    fs,
    now: () => clock,
    advance: (ms) => {
      clock += ms
    },
    user: (nameOrUid) => users.find((u) => u.name === nameOrUid || u.uid === nameOrUid),
    command: (name) => {
      const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name
      if (name.includes('/') && !/^\/(usr\/)?s?bin\//.test(name)) return undefined
      return Object.hasOwn(commands, base) ? commands[base] : undefined
    },
    commandNames: () => Object.keys(commands),
  }
}

export function login(as: 'student' | 'root' = 'student', system = makeSystem()) {
  const user = system.user(as) as UserInfo
  return createLoginShell({ system, user })
}

/** Runs lines one after another in one login; returns the last line's output. */
export async function run(lines: string | string[], as: 'student' | 'root' = 'student', system = makeSystem()) {
  const shell = login(as, system)
  let result = { status: 0, stdout: '', stderr: '' }
  for (const line of Array.isArray(lines) ? lines : [lines]) result = await shell.runCaptured(line)
  return { ...result, shell, system }
}
