/**
 * The prompt's line editor (a small readline): it keeps the line as code points and the
 * terminal cursor's place relative to where the prompt started, so moves and redraws stay right
 * with wide characters and lines that wrap. Output is what xterm should receive.
 */
import type { Key } from '../commands/types.ts'
import { charWidth, stringWidth } from './width.ts'

export interface Completion {
  start: number
  candidates: string[]
}

export interface LineEditorOptions {
  prompt: string
  /** column where the prompt is written (output without a final newline leaves it > 0) */
  startCol: number
  columns: number
  /** false for passwords: nothing typed is shown */
  echo?: boolean
  history?: readonly string[]
  complete?: (line: string, cursor: number) => Completion
}

export type EditResult =
  | { done: false }
  | { done: true; reason: 'enter'; line: string }
  | { done: true; reason: 'interrupt' | 'eof' }

interface Pos {
  row: number
  col: number
}

const pending: EditResult = { done: false }

export class LineEditor {
  private chars: string[] = []
  private cursor = 0
  private cur: Pos = { row: 0, col: 0 }
  /** where the drawn line ends now (to clear what a shorter line leaves behind) */
  private drawnEnd: Pos = { row: 0, col: 0 }
  private historyIndex: number
  private draft = ''
  private lastWasTab = false
  private killed = ''
  private startCol: number
  columns: number

  constructor(
    private readonly out: (data: string) => void,
    private readonly options: LineEditorOptions,
  ) {
    this.startCol = options.startCol
    this.columns = Math.max(2, options.columns)
    this.historyIndex = options.history?.length ?? 0
  }

  get line(): string {
    return this.chars.join('')
  }

  private get echo(): boolean {
    return this.options.echo !== false
  }

  /** Writes the prompt (and the line, after Ctrl+L or a listing). */
  start(): void {
    this.out(this.options.prompt)
    this.cur = this.positions()[0] ?? { row: 0, col: 0 }
    this.drawnEnd = this.cur
    if (this.chars.length > 0) this.redrawFrom(0)
  }

  resize(columns: number): void {
    // xterm reflows wrapped lines, so the old layout under the new width is where things are.
    this.columns = Math.max(2, columns)
    const positions = this.positions()
    this.cur = positions[this.cursor] ?? this.cur
    this.drawnEnd = positions[this.chars.length] ?? this.drawnEnd
  }

  /** Replaces the line (history, the page's run button). */
  setLine(text: string): void {
    this.chars = [...text]
    this.cursor = this.chars.length
    this.redrawFrom(0)
  }

  handle(key: Key): EditResult {
    const wasTab = this.lastWasTab
    this.lastWasTab = false
    switch (key.kind) {
      case 'text':
        this.insert(key.text)
        return pending
      case 'enter':
        this.moveTo(this.positions()[this.chars.length] ?? this.cur)
        this.out('\r\n')
        return { done: true, reason: 'enter', line: this.line }
      case 'backspace':
        if (this.cursor > 0) this.deleteRange(this.cursor - 1, this.cursor)
        return pending
      case 'delete':
        if (this.cursor < this.chars.length) this.deleteRange(this.cursor, this.cursor + 1)
        return pending
      case 'left':
        this.setCursor(this.cursor - 1)
        return pending
      case 'right':
        this.setCursor(this.cursor + 1)
        return pending
      case 'home':
        this.setCursor(0)
        return pending
      case 'end':
        this.setCursor(this.chars.length)
        return pending
      case 'up':
        this.historyMove(-1)
        return pending
      case 'down':
        this.historyMove(1)
        return pending
      case 'tab':
        this.lastWasTab = true
        this.completeWord(wasTab)
        return pending
      case 'ctrl':
        return this.control(key.key)
      case 'alt':
        if (key.key === 'b') this.setCursor(this.wordStart(this.cursor))
        if (key.key === 'f') this.setCursor(this.wordEnd(this.cursor))
        return pending
      default:
        return pending
    }
  }

  private control(letter: string): EditResult {
    switch (letter) {
      case 'a':
        this.setCursor(0)
        break
      case 'e':
        this.setCursor(this.chars.length)
        break
      case 'b':
        this.setCursor(this.cursor - 1)
        break
      case 'f':
        this.setCursor(this.cursor + 1)
        break
      case 'h':
        if (this.cursor > 0) this.deleteRange(this.cursor - 1, this.cursor)
        break
      case 'u':
        this.kill(0, this.cursor)
        break
      case 'k':
        this.kill(this.cursor, this.chars.length)
        break
      case 'w':
        this.kill(this.wordStart(this.cursor), this.cursor)
        break
      case 'y':
        this.insert(this.killed)
        break
      case 'p':
        this.historyMove(-1)
        break
      case 'n':
        this.historyMove(1)
        break
      case 'l':
        this.out('\x1b[H\x1b[2J')
        this.startCol = 0
        this.start()
        break
      case 'c':
        this.moveTo(this.positions()[this.chars.length] ?? this.cur)
        if (this.echo) this.out('^C')
        this.out('\r\n')
        return { done: true, reason: 'interrupt' }
      case 'd':
        if (this.chars.length === 0) return { done: true, reason: 'eof' }
        if (this.cursor < this.chars.length) this.deleteRange(this.cursor, this.cursor + 1)
        break
    }
    return pending
  }

  private insert(text: string): void {
    if (!text) return
    const added = [...text]
    this.chars.splice(this.cursor, 0, ...added)
    const from = this.cursor
    this.cursor += added.length
    this.redrawFrom(from)
  }

  private deleteRange(from: number, to: number): void {
    this.chars.splice(from, to - from)
    if (this.cursor > to) this.cursor -= to - from
    else if (this.cursor > from) this.cursor = from
    this.redrawFrom(from)
  }

  private kill(from: number, to: number): void {
    if (to <= from) return
    this.killed = this.chars.slice(from, to).join('')
    this.deleteRange(from, to)
  }

  private wordStart(at: number): number {
    let i = at
    while (i > 0 && /\s/.test(this.chars[i - 1] ?? '')) i--
    while (i > 0 && !/\s/.test(this.chars[i - 1] ?? '')) i--
    return i
  }

  private wordEnd(at: number): number {
    let i = at
    while (i < this.chars.length && /\s/.test(this.chars[i] ?? '')) i++
    while (i < this.chars.length && !/\s/.test(this.chars[i] ?? '')) i++
    return i
  }

  private historyMove(step: number): void {
    const history = this.options.history ?? []
    const next = this.historyIndex + step
    if (next < 0 || next > history.length) return
    if (this.historyIndex === history.length) this.draft = this.line
    this.historyIndex = next
    this.setLine(next === history.length ? this.draft : (history[next] ?? ''))
  }

  private completeWord(secondTab: boolean): void {
    if (!this.options.complete || !this.echo) return
    const line = this.line
    // The shell counts in UTF-16 units; the editor in code points.
    const unitCursor = this.chars.slice(0, this.cursor).join('').length
    const { start, candidates } = this.options.complete(line, unitCursor)
    const typed = line.slice(start, unitCursor)
    if (candidates.length === 0) {
      this.out('\x07')
      return
    }
    if (candidates.length === 1) {
      const only = candidates[0] ?? ''
      this.replaceWord(start, unitCursor, only.endsWith('/') ? only : `${only} `)
      return
    }
    const prefix = commonPrefix(candidates)
    if (prefix.length > typed.length) {
      this.replaceWord(start, unitCursor, prefix)
      return
    }
    if (!secondTab) {
      this.out('\x07')
      return
    }
    this.moveTo(this.positions()[this.chars.length] ?? this.cur)
    this.out(`\r\n${listColumns(candidates.map(displayName), this.columns)}`)
    this.startCol = 0
    const keep = this.cursor
    this.cursor = this.chars.length
    this.start()
    this.setCursor(keep)
  }

  private replaceWord(start: number, end: number, text: string): void {
    const old = this.line.slice(start, end)
    // The usual case writes only what completion adds, as readline does.
    if (text.startsWith(old)) {
      this.insert(text.slice(old.length))
      return
    }
    const before = [...this.line.slice(0, start)].length
    const upto = [...this.line.slice(0, end)].length
    this.chars.splice(before, upto - before, ...text)
    this.cursor = before + [...text].length
    this.redrawFrom(before)
  }

  private setCursor(index: number): void {
    const to = Math.max(0, Math.min(this.chars.length, index))
    this.cursor = to
    if (this.echo) this.moveTo(this.positions()[to] ?? this.cur)
  }

  /** Where each character starts, and (last) where the line ends. */
  private positions(): Pos[] {
    return this.layout().starts
  }

  /**
   * `starts`: where each character is drawn, and (last) where the line ends. `writeAt`: where
   * the cursor must be to write character i; it differs from the start only for a wide character
   * that xterm itself moves to the next row (that row may not exist yet).
   */
  private layout(): { starts: Pos[]; writeAt: Pos[] } {
    const columns = this.columns
    let col = this.startCol + stringWidth(this.options.prompt)
    let row = Math.floor(col / columns)
    col %= columns
    const result: Pos[] = []
    const writeAt: Pos[] = []
    for (const char of this.echo ? this.chars : []) {
      const width = charWidth(char)
      writeAt.push({ row, col })
      // xterm moves a wide character that does not fit to the next line.
      if (width === 2 && col === columns - 1) {
        row++
        col = 0
      }
      result.push({ row, col })
      col += width
      if (col >= columns) {
        row++
        col = 0
      }
    }
    result.push({ row, col })
    writeAt.push({ row, col })
    while (result.length <= this.chars.length) result.push({ row, col })
    while (writeAt.length <= this.chars.length) writeAt.push({ row, col })
    return { starts: result, writeAt }
  }

  private moveTo(target: Pos): void {
    let seq = ''
    const up = this.cur.row - target.row
    if (up > 0) seq += up === 1 ? '\x1b[A' : `\x1b[${up}A`
    if (up < 0) seq += up === -1 ? '\x1b[B' : `\x1b[${-up}B`
    const right = target.col - this.cur.col
    if (target.col === 0 && this.cur.col > 0) seq += '\r'
    else if (right < 0) seq += '\b'.repeat(-right)
    else if (right > 0) seq += right === 1 ? '\x1b[C' : `\x1b[${right}C`
    if (seq) this.out(seq)
    this.cur = target
  }

  /** Rewrites the line from `index` to its end, clears what is left over, puts the cursor back. */
  private redrawFrom(index: number): void {
    if (!this.echo) return
    const { starts: positions, writeAt } = this.layout()
    const end = positions[this.chars.length] ?? this.cur
    const tail = this.chars.slice(index).join('')
    this.moveTo(writeAt[index] ?? this.cur)
    if (tail) {
      this.out(tail)
      this.cur = end
      // Having filled the last column, xterm waits to wrap; a space and \r make the wrap happen.
      if (end.col === 0 && end.row > 0) this.out(' \r')
    }
    const old = this.drawnEnd
    if (old.row > end.row) this.out('\x1b[J')
    else if (old.row === end.row && old.col > end.col) this.out('\x1b[K')
    this.drawnEnd = end
    this.moveTo(positions[this.cursor] ?? this.cur)
  }
}

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? ''
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1)
  return prefix
}

/** bash lists file candidates by their last component (`sshd_config`, `ssh/`). */
function displayName(candidate: string): string {
  const trimmed = candidate.endsWith('/') ? candidate.slice(0, -1) : candidate
  const slash = trimmed.lastIndexOf('/')
  return slash >= 0 ? candidate.slice(slash + 1) : candidate
}

/** Candidates in columns, down then across, as readline prints them. */
export function listColumns(items: readonly string[], columns: number): string {
  const sorted = [...items].sort()
  const width = Math.max(...sorted.map(stringWidth)) + 2
  const perRow = Math.max(1, Math.floor(columns / width))
  const rows = Math.ceil(sorted.length / perRow)
  let text = ''
  for (let r = 0; r < rows; r++) {
    let line = ''
    for (let c = 0; c < perRow; c++) {
      const item = sorted[c * rows + r]
      if (item === undefined) continue
      const last = sorted[(c + 1) * rows + r] === undefined
      line += last ? item : item + ' '.repeat(width - stringWidth(item))
    }
    text += `${line}\r\n`
  }
  return text
}
