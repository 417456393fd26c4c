/**
 * Runs one program of a practice machine directly, as a shell would start it, without the shell:
 * for the recorded-output tests of systemd, sshd, ss, ufw and iptables.
 */
import type { CommandContext, System, Tty } from '../../src/sandbox/commands/types.ts'
import { rootCred, type Cred } from '../../src/sandbox/fs/types.ts'

export const student: Cred = { uid: 1000, gid: 1000, groups: [1000, 27] }

/** The lab's clock when the recordings were made. */
export const recordedAt = Date.UTC(2026, 10, 29, 6, 40, 20)

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

export interface RunOptions {
  cred?: Cred
  stdin?: string
  env?: Record<string, string>
  /** answers to the questions the program asks; giving them gives it a terminal */
  answers?: string[]
  tty?: boolean
  columns?: number
}

export async function run(system: System, line: string, options: RunOptions = {}): Promise<RunResult> {
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
    env: options.env ?? {},
    cwd: '/root',
    cred,
    user: system.user(cred.uid) ?? { name: 'root', uid: 0, gid: 0, home: '/root', shell: '/bin/bash' },
    stdin: { read: () => options.stdin ?? '', isTty: withTty },
    stdout: { write: (text) => { stdout += text; screen += text }, isTty: withTty },
    stderr: { write: (text) => { stderr += text; screen += text }, isTty: withTty },
    tty,
    system,
    exec: async () => 127,
  }
  const command = system.command(argv[0] ?? '')
  if (!command) throw new Error(`not found: ${argv[0]}`)
  const exitCode = await command(ctx)
  return { stdout, stderr, exitCode, screen }
}
