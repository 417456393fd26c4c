/**
 * Drives the practice machine the way a learner's terminal does, without xterm: each command line
 * runs in one terminal window (PC logged in to the server over SSH, the PC, or the console) and
 * the questions it asks are answered from a list, echoed as a terminal shows them.
 */
import type { Key, Tty } from '../../src/sandbox/commands/types.ts'
import { rootCred } from '../../src/sandbox/fs/index.ts'
import { createPractice, type PracticeMachine, type TerminalKind } from '../../src/sandbox/index.ts'
import { createLoginShell } from '../../src/sandbox/shell/index.ts'
import type { LoginShell } from '../../src/sandbox/shell/types.ts'

/** The moment every test machine starts: fixed, so outputs with dates are stable. */
export const testNow = Date.UTC(2026, 10, 29, 6, 36, 12)

export interface Ran {
  output: string
  code: number
}

export class ScriptedTty implements Tty {
  columns = 80
  rows = 24
  output = ''
  answers: string[] = []
  /** keys for a full-screen program (nano), in order */
  keys: Key[] = []

  write(text: string): void {
    this.output += text
  }

  async readLine(prompt: string, options: { echo?: boolean } = {}): Promise<string | null> {
    this.output += prompt
    const answer = this.answers.shift()
    if (answer === undefined) return null
    this.output += `${options.echo === false ? '' : answer}\n`
    return answer
  }

  async readKey(): Promise<Key> {
    return this.keys.shift() ?? { kind: 'eof' }
  }

  async pause(): Promise<void> {}
}

export class Terminal {
  readonly tty = new ScriptedTty()
  readonly banner: string
  readonly shell: LoginShell

  constructor(
    readonly practice: PracticeMachine,
    kind: TerminalKind = 'server',
  ) {
    const opened = practice.openShell(kind, { relogin: true })
    this.shell = opened.stack
    this.banner = opened.banner
  }

  async run(line: string, answers: readonly string[] = [], keys: readonly Key[] = []): Promise<Ran> {
    this.tty.output = ''
    this.tty.answers = [...answers]
    this.tty.keys = [...keys]
    const code = await this.shell.run(line, this.tty)
    return { output: this.tty.output, code }
  }

  prompt(): string {
    return this.shell.prompt()
  }
}

/** Keys that type `text` one character at a time. */
export function typed(text: string): Key[] {
  return [...text].map((char) => ({ kind: 'text', text: char }) as Key)
}

/** nano on sshd_config: find the commented Port line, uncomment it and make it 54723, save, exit. */
export const editPortKeys: Key[] = [
  { kind: 'ctrl', key: 'w' },
  ...typed('#Port 22'),
  { kind: 'enter' },
  { kind: 'delete' },
  { kind: 'end' },
  { kind: 'backspace' },
  { kind: 'backspace' },
  ...typed('54723'),
  { kind: 'ctrl', key: 'o' },
  { kind: 'enter' },
  { kind: 'ctrl', key: 'x' },
]

/** The keys a course command needs (only nano takes keys). */
export function courseKeys(command: string): Key[] {
  return /nano \/etc\/ssh\/sshd_config/.test(command) ? editPortKeys : []
}

export function newPractice(now = testNow): PracticeMachine {
  return createPractice({ now })
}

/** A terminal on the server whose sudo already has the password (as after the first `sudo`). */
export async function learnerTerminal(practice: PracticeMachine): Promise<Terminal> {
  const terminal = new Terminal(practice)
  const { code } = await terminal.run('sudo true', ['student'])
  if (code !== 0) throw new Error('sudo true failed in the practice machine')
  return terminal
}

/** Runs a `sh -e` script as root on the server, as the lab runs solve scripts; throws on failure. */
export async function runAsRoot(practice: PracticeMachine, script: string): Promise<string> {
  const { server } = practice.world
  const shell = createLoginShell({ system: server, user: server.user(0)!, env: { LANG: 'C.UTF-8' } })
  const lines = joinContinuations(script)
  let output = ''
  for (const line of lines) {
    const ran = await shell.runCaptured(line)
    output += ran.stdout + ran.stderr
    if (ran.status !== 0) throw new Error(`script line failed (exit ${ran.status}): ${line}\n${output}`)
  }
  return output
}

/** Groups if/then/fi and continuation lines into units the shell runs as one line. */
function joinContinuations(script: string): string[] {
  const units: string[] = []
  let open = 0
  let current = ''
  for (const raw of script.split('\n')) {
    const line = raw.trim()
    if (!line) continue
    current = current ? `${current}\n${line}` : line
    if (/^(if|while|for|case)\b/.test(line)) open++
    if (/^(fi|done|esac)\b/.test(line)) open--
    if (open === 0) {
      units.push(current)
      current = ''
    }
  }
  if (current) units.push(current)
  return units
}

export { rootCred }
