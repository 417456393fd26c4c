/**
 * Runs one program without a shell, as execve would: the checker's probes use it, and so does
 * any command that starts another (`exec` in its context). No terminal unless one is given.
 */
import { MachineSignal, type Command, type CommandContext, type Input, type Output, type System, type Tty } from './commands/types.ts'
import type { Cred } from './fs/index.ts'

const noInput: Input = { read: () => '', isTty: false }
const discard: Output = { write: () => undefined, isTty: false }

export interface ProgramRun {
  argv: readonly string[]
  cred: Cred
  env: Record<string, string>
  cwd?: string
  stdin?: Input
  stdout?: Output
  stderr?: Output
  tty?: Tty
}

export async function runProgram(system: System & { groupsOf?(uid: number): readonly number[] }, program: Command, run: ProgramRun): Promise<number> {
  const user = system.user(run.cred.uid) ?? { name: String(run.cred.uid), uid: run.cred.uid, gid: run.cred.gid, home: '/', shell: '/bin/sh' }
  const ctx: CommandContext = {
    argv: run.argv,
    env: run.env,
    cwd: run.cwd ?? '/',
    cred: run.cred,
    user,
    stdin: run.stdin ?? noInput,
    stdout: run.stdout ?? discard,
    stderr: run.stderr ?? discard,
    tty: run.tty,
    system,
    exec: async (argv, overrides = {}) => {
      const [name] = argv
      const next = name === undefined ? undefined : system.command(name, overrides.env?.PATH ?? run.env.PATH)
      const stderr = overrides.stderr ?? ctx.stderr
      if (!next || name === undefined) {
        stderr.write(`${name ?? ''}: command not found\n`)
        return 127
      }
      return runProgram(system, next, { ...run, ...overrides, argv, cwd: ctx.cwd, cred: overrides.cred ?? run.cred, env: overrides.env ?? run.env, stderr })
    },
  }
  try {
    return await program(ctx)
  } catch (error) {
    if (error instanceof MachineSignal) throw error
    // A simulated program that breaks must not take the page down: report as a crashed process would.
    ctx.stderr.write(`${run.argv[0] ?? 'program'}: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 134
  }
}
