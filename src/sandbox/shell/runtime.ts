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
  /** set -e, -u, -x and -o pipefail */
  readonly flags: ShellFlags
  /** $1 … of the running function (or of `set --`) */
  positional: string[]
  /** name → text; expanded only when the shell reads lines interactively */
  readonly aliases: Map<string, string>
  /** true while a line typed at the prompt runs (aliases, history expansion) */
  readonly interactive: boolean
  hasFunction(name: string): boolean
  unsetFunction(name: string): boolean
  /** `local NAME`: false outside a function */
  makeLocal(name: string): boolean
  /** how many loops (for `break`) and functions or sourced files (for `return`) enclose the builtin */
  readonly loopDepth: number
  readonly returnDepth: number
}

export interface ShellFlags {
  errexit: boolean
  nounset: boolean
  xtrace: boolean
  pipefail: boolean
}

/** `return` leaves the function or sourced file. */
export class ReturnSignal {
  constructor(readonly code: number) {}
}

/** `break N` / `continue N`. */
export class LoopSignal {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

export type Builtin = (ctx: CommandContext, shell: ShellRuntime) => number | Promise<number>

/** Signals `exit` through the interpreter's stack. */
export class ExitSignal {
  constructor(readonly code: number) {}
}
