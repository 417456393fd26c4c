/** A practice server with ufw installed, and a way to run ufw/iptables on it as a shell would. */
import type { CommandContext, Tty } from '../../../src/sandbox/commands/types.ts'
import { ufwPrograms } from '../../../src/sandbox/commands/ufw/index.ts'
import { rootCred, type Cred } from '../../../src/sandbox/fs/types.ts'
import { seedServerState } from '../../../src/sandbox/machine/seed.ts'
import { Server } from '../../../src/sandbox/machine/server.ts'
import { installUfwFiles } from '../../../src/sandbox/machine/ufw-package.ts'

export const student: Cred = { uid: 1000, gid: 1000, groups: [1000, 27] }

/** The lab's clock when the recordings were made. */
export const recordedAt = Date.UTC(2026, 10, 29, 6, 40, 20)

/** openssh-server's profile (owned by openssh-server on Debian 12, present before ufw). */
export const opensshProfile = '[OpenSSH]\ntitle=Secure shell server, an rshd replacement\ndescription=OpenSSH is a free implementation of the Secure Shell protocol.\nports=22/tcp\n'

export function serverWithUfw(): Server {
  const server = new Server(seedServerState({ now: recordedAt, programs: [], packages: {} }), ufwPrograms)
  installUfwFiles(server)
  if (!server.fs.exists('/etc/ufw/applications.d/openssh-server')) server.fs.writeFile('/etc/ufw/applications.d/openssh-server', opensshProfile, rootCred)
  return server
}

/** Splits a command line the way the recordings' shell did (single quotes only). */
export function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '')
}

export interface RunResult {
  stdout: string
  stderr: string
  exitCode: number
  /** what appeared on the terminal, prompts and typed answers included */
  screen: string
}

export async function run(
  server: Server,
  line: string,
  options: { cred?: Cred; stdin?: string; answers?: string[]; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const argv = words(line)
  let stdout = ''
  let stderr = ''
  let screen = ''
  const answers = options.answers ? [...options.answers] : undefined
  const tty: Tty | undefined = answers
    ? {
        columns: 80,
        rows: 24,
        write: (text) => { screen += text },
        readLine: async (prompt) => {
          const answer = answers.shift() ?? null
          screen += `${prompt}${answer ?? ''}\n`
          return answer
        },
        readKey: async () => ({ kind: 'eof' }),
        pause: async () => {},
      }
    : undefined
  const cred = options.cred ?? rootCred
  const ctx: CommandContext = {
    argv,
    env: options.env ?? {},
    cwd: '/root',
    cred,
    user: server.user(cred.uid) ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
    stdin: { read: () => options.stdin ?? '', isTty: tty !== undefined },
    stdout: { write: (text) => { stdout += text; screen += text }, isTty: tty !== undefined },
    stderr: { write: (text) => { stderr += text; screen += text }, isTty: tty !== undefined },
    tty,
    system: server,
    exec: async () => 127,
  }
  const command = server.command(argv[0] ?? '')
  if (!command) throw new Error(`not found: ${argv[0]}`)
  const exitCode = await command(ctx)
  return { stdout, stderr, exitCode, screen }
}
