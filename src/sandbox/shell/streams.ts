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

export function textInput(text: string): Input {
  return { read: () => text, isTty: false }
}

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
