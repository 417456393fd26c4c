/** A practice server with systemd's, sshd's and ss's programs, and a way to run them as a shell would. */
import { pcPrograms } from '../../../src/sandbox/commands/pc/index.ts'
import { sshPrograms, systemdPrograms } from '../../../src/sandbox/commands/systemd/index.ts'
import type { CommandContext, System, Tty } from '../../../src/sandbox/commands/types.ts'
import { rootCred, type Cred } from '../../../src/sandbox/fs/types.ts'
import { Pc, seedPcFiles } from '../../../src/sandbox/machine/pc.ts'
import { seedServerState } from '../../../src/sandbox/machine/seed.ts'
import { Server } from '../../../src/sandbox/machine/server.ts'
import { installProcFiles } from '../../../src/sandbox/machine/sockets.ts'

export const student: Cred = { uid: 1000, gid: 1000, groups: [1000, 27] }
export const recordedAt = Date.UTC(2026, 10, 29, 6, 40, 20)

const programs = { ...systemdPrograms, ...sshPrograms }

export function practiceServer(): Server {
  const server = new Server(seedServerState({ now: recordedAt, programs: Object.keys(programs), packages: {} }), programs)
  installProcFiles(server)
  return server
}

export function practicePc(server: Server): Pc {
  return new Pc(server, seedPcFiles(Object.keys(pcPrograms), recordedAt), pcPrograms)
}

export function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

export interface RunResult {
  stdout: string
  stderr: string
  exitCode: number
  screen: string
}

export async function run(
  system: System,
  line: string,
  options: { cred?: Cred; answers?: string[]; tty?: boolean; columns?: number } = {},
): Promise<RunResult> {
  const argv = words(line)
  let stdout = ''
  let stderr = ''
  let screen = ''
  const answers = options.answers ? [...options.answers] : []
  const withTty = options.tty ?? options.answers !== undefined
  const tty: Tty | undefined = withTty
    ? {
        columns: options.columns ?? 80,
        rows: 24,
        write: (text) => {
          screen += text
        },
        readLine: async (prompt, opts) => {
          const answer = answers.shift() ?? null
          screen += `${prompt}${opts?.echo === false ? '' : (answer ?? '')}\n`
          return answer
        },
        readKey: async () => ({ kind: 'eof' }),
        pause: async () => {},
      }
    : undefined
  const cred = options.cred ?? rootCred
  const ctx: CommandContext = {
    argv,
    env: {},
    cwd: '/root',
    cred,
    user: system.user(cred.uid) ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
    stdin: { read: () => '', isTty: withTty },
    stdout: { write: (text) => { stdout += text; screen += text }, isTty: withTty },
    stderr: { write: (text) => { stderr += text; screen += text }, isTty: withTty },
    tty,
    system,
    exec: async () => 127,
  }
  const command = system.command(argv[0] ?? '', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  if (!command) throw new Error(`not found: ${argv[0]}`)
  const exitCode = await command(ctx)
  return { stdout, stderr, exitCode, screen }
}
