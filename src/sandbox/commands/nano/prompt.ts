/** A question on the status line (file name, search, line number), edited as nano's prompt is. */
import { setStatus, type Editor } from './editor.ts'
import { draw, type Menu } from './screen.ts'

/** A question on the status line; null for ^C. */
export async function prompt(ed: Editor, label: string, initial: string, help: Menu): Promise<string | null> {
  let answer = [...initial]
  let cursor = answer.length
  // The prompt takes the status line's place: a message there is gone afterwards.
  setStatus(ed, '')
  for (;;) {
    draw(ed, help, { label, answer: answer.join(''), cursor })
    const key = await ed.tty.readKey()
    switch (key.kind) {
      case 'eof':
        return null
      case 'enter':
        return answer.join('')
      case 'text': {
        const added = [...key.text.replace(/[\x00-\x1f\x7f]/g, '')]
        answer.splice(cursor, 0, ...added)
        cursor += added.length
        break
      }
      case 'backspace':
        if (cursor > 0) answer.splice(--cursor, 1)
        break
      case 'delete':
        answer.splice(cursor, 1)
        break
      case 'left':
        cursor = Math.max(0, cursor - 1)
        break
      case 'right':
        cursor = Math.min(answer.length, cursor + 1)
        break
      case 'home':
        cursor = 0
        break
      case 'end':
        cursor = answer.length
        break
      case 'ctrl':
        if (key.key === 'c') return null
        if (key.key === 'a') cursor = 0
        if (key.key === 'e') cursor = answer.length
        if (key.key === 'u') {
          answer = []
          cursor = 0
        }
        break
      default:
        break
    }
  }
}
