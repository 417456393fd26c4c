/**
 * `npm run practice`: the practice machine in this terminal. On a TTY the terminal session runs
 * in raw mode (as xterm runs it in the browser); from a pipe or a file each line is a command
 * (or the answer to a command's question), shown after the prompt as a transcript.
 */
import { createInterface } from 'node:readline'
import { createTerminalSession, runScript } from '../sandbox/session/index.ts'
import type { LoginShell } from '../sandbox/shell/types.ts'

export type ShellFactory = () => LoginShell

/**
 * The one seam to the machine: `createPracticeShell()` exported by src/sandbox/index.ts (a new
 * login on the practice server, as the learner's terminal gets it). The path is a variable so
 * this file typechecks and runs before that entry exists.
 */
export async function loadPracticeShell(): Promise<ShellFactory> {
  const entry = '../sandbox/index.ts'
  const sandbox = (await import(entry)) as { createPracticeShell?: ShellFactory }
  if (typeof sandbox.createPracticeShell !== 'function') throw new Error(`${entry} exports no createPracticeShell()`)
  return sandbox.createPracticeShell
}

export function runInTerminal(createShell: ShellFactory): Promise<number> {
  const { stdin, stdout } = process
  return new Promise((resolve) => {
    const session = createTerminalSession({
      createShell,
      columns: stdout.columns || 80,
      rows: stdout.rows || 24,
      output: (data) => stdout.write(data),
      pause: (ms) => new Promise((done) => setTimeout(done, ms)),
    })
    const onData = (data: Buffer): void => session.input(data.toString('utf8'))
    const onResize = (): void => session.resize(stdout.columns || 80, stdout.rows || 24)
    session.onExit((code) => {
      stdin.off('data', onData)
      stdout.off('resize', onResize)
      stdin.setRawMode(false)
      stdin.pause()
      session.dispose()
      resolve(code)
    })
    stdin.setRawMode(true)
    stdin.resume()
    stdin.on('data', onData)
    // Node turns SIGWINCH into 'resize' on the stdout stream.
    stdout.on('resize', onResize)
    session.start()
  })
}

export function runFromLines(createShell: ShellFactory): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  return runScript(lines, createShell, (text) => process.stdout.write(text))
}

async function main(): Promise<void> {
  let createShell: ShellFactory
  try {
    createShell = await loadPracticeShell()
  } catch (error) {
    process.stderr.write(`practice: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  }
  const code = process.stdin.isTTY ? await runInTerminal(createShell) : await runFromLines(createShell)
  process.exit(code)
}

if (import.meta.url === `file://${process.argv[1]}`) void main()
