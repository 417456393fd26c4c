/**
 * Runs the machine without a terminal (`npm run practice < lesson.txt`, a pipe): each input
 * line is shown after the prompt and run; what a command asks (sudo's password, apt's Y/n) is
 * answered by the next input line, shown as a terminal would show it (a password is not).
 */
import type { Key, Tty } from '../commands/types.ts'
import type { LoginShell } from '../shell/types.ts'

const lineTtys = new WeakSet<Tty>()

/**
 * true for the Tty that runScript gives: it answers questions but has no screen, so full-screen
 * programs (nano) behave as with stdin not a terminal.
 */
export function isLineTty(tty: Tty | undefined): boolean {
  return tty !== undefined && lineTtys.has(tty)
}

export interface ScriptOptions {
  columns?: number
  rows?: number
  pause?: (ms: number) => Promise<void>
}

/** Resolves with the last command's status (the shell's `exit` status when it exited). */
export async function runScript(
  lines: AsyncIterable<string> | Iterable<string>,
  createShell: () => LoginShell,
  write: (text: string) => void,
  options: ScriptOptions = {},
): Promise<number> {
  const iterator = toAsyncIterator(lines)
  const next = async (): Promise<string | null> => {
    const result = await iterator.next()
    return result.done ? null : result.value.replace(/\r$/, '')
  }
  const tty: Tty = {
    columns: options.columns ?? 80,
    rows: options.rows ?? 24,
    write: (text) => write(text),
    async readLine(prompt, readOptions) {
      write(prompt)
      const answer = await next()
      if (answer === null) return null
      write(`${readOptions?.echo === false ? '' : answer}\n`)
      return answer
    },
    readKey: () => Promise.resolve<Key>({ kind: 'eof' }),
    pause: (ms) => options.pause?.(ms) ?? Promise.resolve(),
  }
  lineTtys.add(tty)

  let shell: LoginShell
  try {
    shell = createShell()
  } catch (error) {
    write(`bash: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  let code = 0
  for (let line = await next(); line !== null; line = await next()) {
    write(`${safePrompt(shell)}${line}\n`)
    try {
      code = await shell.run(line, tty)
    } catch (error) {
      write(`bash: internal error: ${error instanceof Error ? error.message : String(error)}\n`)
      code = 1
    }
    if (shell.exited) return shell.exitCode
  }
  return code
}

function safePrompt(shell: LoginShell): string {
  try {
    return shell.prompt()
  } catch {
    return '$ '
  }
}

function toAsyncIterator(lines: AsyncIterable<string> | Iterable<string>): AsyncIterator<string> | Iterator<string> {
  return Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]()
}
