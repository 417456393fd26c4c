/**
 * Turns what xterm sends (onData, or stdin in raw mode) into keys. Printable runs stay
 * together so a paste (or IME text) is inserted at once.
 */
import type { Key } from '../commands/types.ts'

const csi: Record<string, Key['kind']> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
  '1~': 'home', '7~': 'home', '4~': 'end', '8~': 'end', '3~': 'delete', '5~': 'pageup', '6~': 'pagedown',
}

const ctrlSymbols: Record<number, string> = { 0x1c: '\\', 0x1d: ']', 0x1e: '^', 0x1f: '_', 0x00: '@' }

export function parseKeys(data: string): Key[] {
  const keys: Key[] = []
  let text = ''
  const flush = (): void => {
    if (text) keys.push({ kind: 'text', text })
    text = ''
  }
  const push = (key: Key): void => {
    flush()
    keys.push(key)
  }
  let i = 0
  while (i < data.length) {
    const char = data[i] ?? ''
    const code = char.charCodeAt(0)
    if (char === '\x1b') {
      const rest = data.slice(i + 1)
      const seq = /^[[O]([0-9;]*)([A-Za-z~])/.exec(rest)
      if (seq) {
        const params = seq[1] ?? ''
        const final = seq[2] ?? ''
        // Modifiers (`1;5C`) are ignored: Ctrl+→ moves like →.
        const name = final === '~' ? `${params.split(';')[0]}~` : final
        const kind = csi[name]
        if (kind) push({ kind } as Key)
        i += 1 + seq[0].length
      } else if (rest.length > 0 && rest[0] !== '\x1b') {
        const next = String.fromCodePoint(rest.codePointAt(0) ?? 0)
        push({ kind: 'alt', key: next })
        i += 1 + next.length
      } else {
        push({ kind: 'escape' })
        i += 1
      }
      continue
    }
    if (char === '\r' || char === '\n') {
      push({ kind: 'enter' })
      i += char === '\r' && data[i + 1] === '\n' ? 2 : 1
      continue
    }
    if (char === '\x7f' || char === '\b') push({ kind: 'backspace' })
    else if (char === '\t') push({ kind: 'tab' })
    else if (code < 0x20) push({ kind: 'ctrl', key: ctrlSymbols[code] ?? String.fromCharCode(code + 0x60) })
    else text += char
    i += 1
  }
  flush()
  return keys
}
