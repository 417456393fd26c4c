/**
 * A login shell on one machine, as the session (terminal) drives it: one command line at a time.
 * Its state (cwd, variables, history) lives as long as the login; `exit` ends it.
 */
import type { Tty, UserInfo, System } from '../commands/types.ts'

export interface ShellOptions {
  system: System
  user: UserInfo
  /** Extra environment (TERM, LANG …) on top of HOME, USER, LOGNAME, SHELL, PATH, PWD. */
  env?: Record<string, string>
  /** Saved history (oldest first) to continue from. */
  history?: string[]
}

export interface LoginShell {
  readonly system: System
  readonly user: UserInfo
  /** The prompt as bash shows it: `student@webserver:~$ ` (`#` for root). */
  prompt(): string
  /** Runs one line the user typed (may hold `;`, `&&`, pipes …). Resolves with `$?`. */
  run(line: string, tty: Tty | undefined): Promise<number>
  /** Completions for Tab at `cursor` in `line`: the word being completed and its candidates. */
  complete(line: string, cursor: number): { start: number; candidates: string[] }
  readonly history: readonly string[]
  readonly cwd: string
  /** Set by `exit` (or logout): the session closes this shell. */
  readonly exited: boolean
  /** The status `exit` asked for. */
  readonly exitCode: number
}
