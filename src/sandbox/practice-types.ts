/**
 * What the page (and `npm run practice`) get from the practice machine: terminals on the two
 * vantage points, the checker's verdict on the server, saving and resetting. The implementation is
 * practice.ts; this file holds only the contract so the page can be written against it.
 */
import type { Status } from '../../checker/rules/index.ts'

/** Where a terminal tab types: the learner's PC logged into the server over SSH, the PC itself, or the provider's console (a local login ufw does not filter). */
export type TerminalKind = 'server' | 'pc' | 'console'

export interface TerminalIo {
  columns: number
  rows: number
  /** bytes for xterm ('\r\n' newlines, ANSI sequences) */
  output(data: string): void
  /** real waiting in the browser, instant in tests */
  pause(ms: number): Promise<void>
}

export interface PracticeTerminal {
  /** xterm's onData */
  input(data: string): void
  resize(columns: number, rows: number): void
  /** Types a command at the prompt and presses Enter (the lesson's ▶ 実行 button). */
  type(command: string): void
  onCommandEnd(listener: (line: string, exitCode: number) => void): () => void
  dispose(): void
}

export interface PracticeVerdict {
  /** every check id of the catalogue → its status on the simulated server, judged as root */
  statuses: Record<string, Status>
  /** true when a new SSH login from the PC cannot reach sshd (the page offers the console) */
  lockedOut: boolean
}

export interface Practice {
  readonly practiceUser: { name: string; password: string }
  readonly serverAddress: string
  openTerminal(kind: TerminalKind, io: TerminalIo): PracticeTerminal
  /** Runs the checker's own probes and rules on the server, unchanged. */
  verify(): Promise<PracticeVerdict>
  /** Called after every command of any terminal (state may have changed). */
  onChange(listener: () => void): () => void
  /** JSON to keep in localStorage (versioned); `createPractice({ saved })` restores it. */
  save(): string
  dispose(): void
}
