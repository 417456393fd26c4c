/**
 * What every command of the practice machine is: a function of its context to an exit status.
 * The shell builds the context (argv after expansion, redirected streams, who runs it); what a
 * real program asks the terminal (sudo's password, apt's Y/n, nano's whole screen) goes through
 * `tty`, which is absent when no terminal is attached (the checker's probes, a pipe).
 */
import type { Cred, FileSystem } from '../fs/types.ts'

export interface Output {
  write(text: string): void
  /** true when this stream is the terminal itself (colours, `ls` columns, apt progress) */
  readonly isTty: boolean
}

export interface Input {
  /** Everything piped or redirected in; '' when stdin is the terminal. */
  read(): string
  readonly isTty: boolean
}

/** A key as a full-screen program (nano) receives it. */
export type Key =
  | { kind: 'text'; text: string }
  | { kind: 'enter' | 'backspace' | 'delete' | 'tab' | 'escape' | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown' }
  /** Ctrl with a letter or one of _ \ ] ^ (Ctrl+_ arrives as '_') */
  | { kind: 'ctrl'; key: string }
  /** Meta/Alt with a key */
  | { kind: 'alt'; key: string }
  /** the terminal was resized; columns/rows already hold the new size */
  | { kind: 'resize' }
  /** no more input (a pipe ended, the terminal closed) */
  | { kind: 'eof' }

export interface Tty {
  readonly columns: number
  readonly rows: number
  /** Straight to the terminal, as a program writing to /dev/tty. '\n' is a newline. */
  write(text: string): void
  /**
   * Shows `prompt` and reads one line with simple editing. null when the user pressed Ctrl+C or
   * Ctrl+D on an empty line, or input ended. `echo: false` for passwords.
   */
  readLine(prompt: string, options?: { echo?: boolean }): Promise<string | null>
  /** Raw keys for full-screen programs; the caller draws with ANSI sequences. */
  readKey(): Promise<Key>
  /** Waits as a real program would (a connect timeout, apt's download); instant in tests. */
  pause(ms: number): Promise<void>
}

export interface UserInfo {
  name: string
  uid: number
  gid: number
  home: string
  shell: string
}

/** The machine a command runs on: its files, its clock, its users and its commands. */
export interface System {
  readonly kind: 'server' | 'pc'
  readonly hostname: string
  readonly fs: FileSystem
  now(): number
  /** advances the machine's clock (what a command costs) */
  advance(ms: number): void
  user(nameOrUid: string | number): UserInfo | undefined
  /**
   * The program a name resolves to through `searchPath` (the caller's PATH; the machine's default
   * when absent), or undefined (bash: command not found). A name with a slash is a path.
   */
  command(name: string, searchPath?: string): Command | undefined
  /** Names the shell can complete (Tab) through `searchPath`. */
  commandNames(searchPath?: string): string[]
  /**
   * What to say instead of "command not found" when a real machine of this kind finds `name`
   * through `searchPath` and this one does not simulate it at all (rather than: has not installed
   * it yet); undefined otherwise.
   */
  unsimulatedNote?(name: string, searchPath?: string): string | undefined
}

export interface CommandContext {
  /** argv[0] is the name as typed (`sshd`, `/usr/sbin/sshd`). */
  argv: readonly string[]
  env: Readonly<Record<string, string>>
  cwd: string
  cred: Cred
  user: UserInfo
  stdin: Input
  stdout: Output
  stderr: Output
  tty: Tty | undefined
  system: System
  /**
   * Runs another command line in a child context (sudo runs its command as root, `check` reads
   * the machine through it). Overrides replace the matching context fields.
   */
  exec(argv: readonly string[], overrides?: Partial<Pick<CommandContext, 'cred' | 'user' | 'env' | 'stdin' | 'stdout' | 'stderr' | 'tty'>>): Promise<number>
}

export type Command = (ctx: CommandContext) => Promise<number> | number

/**
 * Thrown by a program when the whole machine changes under every shell (a reboot): shells let it
 * pass instead of reporting it as that program's failure, up to the terminal that handles it.
 */
export class MachineSignal extends Error {}
