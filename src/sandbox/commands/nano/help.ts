/** The help screen (^G): nano 7.2's text, paged and scrolled as nano does. */
import type { Key, Tty } from '../types.ts'
import { stringWidth } from '../../session/width.ts'
import { setStatus, type Editor } from './editor.ts'
import { helpBuffer, helpTitle } from './help-text.ts'
import { ERROR, helpLines, helpScreenHelp, OFF, renderLine, REV, textRows, titleBar } from './screen.ts'

/** What a key does on the help screen; an unbound key is named on the status line. */
type HelpAction = 'close' | 'up' | 'down' | 'pageup' | 'pagedown' | 'first' | 'last' | 'none' | `Unbound key${string}`

/**
 * nano's help screen (^G): its text in a buffer of its own, with the cursor hidden, until ^X.
 * As in nano, `top` is the first line shown and `current` the line of the hidden cursor, which
 * decides where paging stops.
 */
export async function showHelp(ed: Editor): Promise<void> {
  const { tty } = ed
  let lines = helpBuffer(tty.columns, tty.rows)
  let top = 0
  let current = 0
  let message = ''
  for (;;) {
    drawHelp(tty, lines, top, message)
    message = ''
    let key = await tty.readKey()
    if (key.kind === 'escape') {
      const next = await tty.readKey()
      key = next.kind === 'text' ? { kind: 'alt', key: [...next.text][0] ?? '' } : next
    }
    if (key.kind === 'eof') return
    if (key.kind === 'resize') {
      lines = helpBuffer(tty.columns, tty.rows)
      top = Math.min(top, lines.length - 1)
      current = Math.min(Math.max(current, top), lines.length - 1)
      continue
    }
    // A paste is read as the keys it is made of.
    const actions = key.kind === 'text' ? [...key.text].map(helpTextKey) : [helpKey(key)]
    const rows = textRows(tty)
    const last = lines.length - 1
    // Paging moves the hidden cursor a screen less two lines and the view with it; where the
    // cursor cannot go that far, it goes to the first or last line instead.
    const page = rows < 3 ? 1 : rows - 2
    for (const action of actions) {
      switch (action) {
        case 'close':
          // Leaving the help clears the status line.
          setStatus(ed, '')
          return
        case 'none':
          break
        case 'down':
          // Scrolling stops when the last line is on the bottom row; the cursor stays on screen.
          if (top + rows - 1 < last) top++
          current = Math.max(current, top)
          break
        case 'up':
          if (top > 0) top--
          current = Math.min(current, top + rows - 1)
          break
        case 'pagedown':
          if (current + page > last) {
            current = last
            if (current > top + rows - 1) top = last - rows + 1
          } else {
            current += page
            top += page
          }
          break
        case 'pageup':
          if (current - page < 0) {
            current = 0
            top = 0
          } else {
            current -= page
            top = Math.max(0, top - page)
          }
          break
        case 'first':
          current = 0
          top = 0
          break
        case 'last':
          // The last line comes to the bottom row, unless it is on the screen already.
          current = last
          if (current > top + rows - 1) top = last - rows + 1
          break
        default:
          message = action
      }
    }
  }
}

/**
 * A letter or other character on the help screen, bound as in nano 7.2: Space and b, B, - page,
 * q, Q, x, X, e, E close. w, W, /, n and N would search the help text, which the practice nano
 * does not do: they do nothing here.
 */
function helpTextKey(char: string): HelpAction {
  if (char === ' ') return 'pagedown'
  if ('bB-'.includes(char)) return 'pageup'
  if ('qQxXeE'.includes(char)) return 'close'
  if ('wW/nN'.includes(char)) return 'none'
  return `Unbound key: ${char}`
}

function helpKey(key: Key): HelpAction {
  switch (key.kind) {
    case 'ctrl': {
      const moves: Record<string, HelpAction> = {
        x: 'close', c: 'close', g: 'close', v: 'pagedown', y: 'pageup', n: 'down', p: 'up',
        // ^L redraws; ^W and ^Q would search.
        l: 'none', w: 'none', q: 'none',
      }
      return moves[key.key] ?? `Unbound key: ^${key.key.toUpperCase()}`
    }
    case 'alt': {
      const moves: Record<string, HelpAction> = {
        '\\': 'first', '/': 'last', '-': 'up', _: 'up', '=': 'down', '+': 'down',
        // M-Q and M-W would search again.
        q: 'none', w: 'none',
      }
      return moves[key.key.toLowerCase()] ?? `Unbound key: M-${key.key.toUpperCase()}`
    }
    case 'up':
    case 'down':
    case 'pageup':
    case 'pagedown':
      return key.kind
    // The practice terminal sends Backspace as DEL, which pages up in nano's help.
    case 'backspace':
      return 'pageup'
    case 'home':
      return 'first'
    case 'end':
      return 'last'
    case 'tab':
      return 'Unbound key: ^I'
    case 'enter':
      return 'Unbound key: ^M'
    case 'text':
      return helpTextKey([...key.text][0] ?? '')
    default:
      // The other arrows, Delete, Insert and such have no name in nano's message.
      return 'Unbound key'
  }
}

/** The whole help screen: its title, the text from `top`, a message, the help screen's bars. */
function drawHelp(tty: Tty, lines: readonly string[], top: number, message: string): void {
  const rows = textRows(tty)
  let out = `\x1b[?25l\x1b[1;1H${REV}${titleBar(tty.columns, '', helpTitle)}${OFF}`
  for (let i = 0; i < rows; i++) {
    const line = lines[top + i]
    out += `\x1b[${i + 2};1H${line === undefined ? '' : renderLine([...line], 0, tty.columns)}\x1b[K`
  }
  const statusRow = tty.rows - 2
  out += `\x1b[${statusRow};1H\x1b[K`
  if (message) {
    // nano names an unbound key in its error colour.
    const text = `[ ${message} ]`
    out += `\x1b[${statusRow};${Math.max(0, Math.floor((tty.columns - stringWidth(text)) / 2)) + 1}H${ERROR}${text}${OFF}`
  }
  tty.write(out + helpLines(helpScreenHelp, tty))
}
