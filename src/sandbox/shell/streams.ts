/** The three kinds of stream a command may get: the terminal, a captured buffer, nothing. */
import type { Input, Output, Tty } from '../commands/types.ts'

export interface Io {
  stdin: Input
  stdout: Output
  stderr: Output
  tty: Tty | undefined
}

export const emptyInput: Input = { read: () => '', isTty: false }
export const discardOutput: Output = { write: () => undefined, isTty: false }

/** Input the `read` builtin can take one line at a time from; `read()` gives what is left. */
export interface LineInput extends Input {
  readLine(): string | undefined
}

export function textInput(text: string): LineInput {
  let at = 0
  return {
    isTty: false,
    read: () => (at === 0 ? text : text.slice(at)),
    readLine: () => {
      if (at >= text.length) return undefined
      const newline = text.indexOf('\n', at)
      const end = newline === -1 ? text.length : newline
      const line = text.slice(at, end)
      at = newline === -1 ? text.length : newline + 1
      return line
    },
  }
}

export const isLineInput = (input: Input): input is LineInput => typeof (input as Partial<LineInput>).readLine === 'function'

export interface BufferOutput extends Output {
  readonly text: string
}

export function bufferOutput(): BufferOutput {
  const chunks: string[] = []
  return {
    isTty: false,
    write: (text) => void chunks.push(text),
    get text() {
      return chunks.join('')
    },
  }
}

export function ttyIo(tty: Tty): Io {
  const output: Output = { write: (text) => tty.write(text), isTty: true }
  return { stdin: { read: () => '', isTty: true }, stdout: output, stderr: output, tty }
}
