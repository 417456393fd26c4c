/**
 * The checker's `Host` over the practice server: the same probes that read a real Debian read
 * this machine's files and run its simulated commands, so the verdict in the page is the one
 * `check` would give on a real server in this state.
 */
import type { FileRead, Host, RunResult } from '../../checker/probes/host.ts'
import type { Output } from './commands/types.ts'
import { isFsError, type Cred } from './fs/index.ts'
import { rootPath, type Server } from './machine/server.ts'
import { runProgram } from './run-program.ts'

export function createMachineHost(server: Server, cred: Cred): Host {
  const { fs } = server
  return {
    root: cred.uid === 0,
    hostname: () => server.hostname,
    now: () => new Date(server.now()),
    readFile(path): FileRead {
      const read = fs.readFile(path, cred)
      if (!isFsError(read)) return { text: read }
      if (read.error === 'ENOENT' || read.error === 'ENOTDIR') return { error: 'missing', message: `${path}: not found` }
      if (read.error === 'EACCES' || read.error === 'EPERM') return { error: 'denied', message: `${path}: permission denied` }
      return { error: 'failed', message: `${path}: ${read.error}` }
    },
    listDir(path) {
      const names = fs.readdir(path, cred)
      return isFsError(names) ? undefined : names
    },
    mtime(path) {
      const stat = fs.stat(path, cred)
      return isFsError(stat) ? undefined : new Date(stat.mtime)
    },
    exists: (path) => !isFsError(fs.stat(path, cred)),
    readLink(path) {
      const target = fs.readlink(path, cred)
      return isFsError(target) ? undefined : target
    },
    async run(command, args): Promise<RunResult> {
      const program = server.command(command, rootPath)
      if (!program) return { ok: false, reason: 'missing', message: `${command}: command not found` }
      let stdout = ''
      let stderr = ''
      const sink = (append: (text: string) => void): Output => ({ write: append, isTty: false })
      const code = await runProgram(server, program, {
        argv: [command, ...args],
        cred,
        env: { LC_ALL: 'C', LANG: 'C', PATH: rootPath, SYSTEMD_PAGER: '', PAGER: 'cat', DEBIAN_FRONTEND: 'noninteractive' },
        stdout: sink((text) => (stdout += text)),
        stderr: sink((text) => (stderr += text)),
      })
      return { ok: true, code, stdout, stderr }
    },
  }
}
