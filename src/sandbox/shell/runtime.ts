/** What builtins may see and change of the shell that runs them. */
import type { Cred } from '../fs/types.ts'
import type { CommandContext, System, UserInfo } from '../commands/types.ts'
import type { Io } from './streams.ts'

export interface ShellRuntime {
  readonly system: System
  readonly user: UserInfo
  readonly cred: Cred
  cwd: string
  readonly history: string[]
  readonly lastStatus: number
  variable(name: string): string | undefined
  setVariable(name: string, value: string, exported?: boolean): void
  exportVariable(name: string): void
  unsetVariable(name: string): void
  /** name → value of every exported variable, sorted by name */
  exportedVariables(): [string, string][]
  /** Ends the login with `code` (throws; the line stops here). */
  exit(code: number): never
  /** Runs text (a sourced file) in this shell. */
  runSource(text: string, origin: string, io: Io): Promise<number>
  isBuiltin(name: string): boolean
}

export type Builtin = (ctx: CommandContext, shell: ShellRuntime) => number | Promise<number>

/** Signals `exit` through the interpreter's stack. */
export class ExitSignal {
  constructor(readonly code: number) {}
}
