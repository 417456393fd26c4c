/**
 * Drawing nano's screen: the title bar, the text, the status line and the two help rows, laid out
 * as nano 7.2 does at any width. The whole screen is drawn after every key.
 */
import type { Tty } from '../types.ts'
import { charWidth, stringWidth } from '../../session/width.ts'
import type { Editor } from './editor.ts'

export const REV = '\x1b[7m'

export const OFF = '\x1b[0m'

/** nano's default errorcolor, for the messages it calls alarming ("not found", "Nothing to undo") */
export const ERROR = '\x1b[1;37;41m'

/** nano's default spotlightcolor, for the match a replace asks about (and the one a search found) */
const SPOTLIGHT = '\x1b[30;103m'

type Shortcut = readonly [key: string, label: string]

/** A help bar: its top and bottom rows as an 80-column terminal shows them, and what wider ones add. */
export type Menu = readonly (readonly Shortcut[])[]

// All of nano's main menu: a terminal W columns wide shows the first ((W + 40) / 20) * 2.
export const mainHelp: Menu = [
  [
    ['^G', 'Help'], ['^O', 'Write Out'], ['^W', 'Where Is'], ['^K', 'Cut'], ['^T', 'Execute'], ['^C', 'Location'],
    ['M-U', 'Undo'], ['M-A', 'Set Mark'], ['M-]', 'To Bracket'], ['M-Q', 'Previous'], ['^B', 'Back'], ['^◂', 'Prev Word'],
    ['^A', 'Home'], ['^P', 'Prev Line'], ['M-▴', 'Scroll Up'], ['^▴', 'Prev Block'], ['M-(', 'Begin of Paragr.'],
    ['^Y', 'Prev Page'], ['M-\\', 'First Line'], ['M-◂', 'Prev File'], ['^I', 'Tab'], ['^H', 'Backspace'],
    ['M-Bsp', 'Chop Left'], ['M-T', 'Cut Till End'], ['M-D', 'Word Count'], ['M-}', 'Indent'], ['M-3', 'Comment Lines'],
    ['M-:', 'Record'], ['M-Del', 'Zap'], ['M-PgUp', 'Up to anchor'], ['F12', 'Spell Check'], ['M-F', 'Formatter'], ['^L', 'Center'],
  ],
  [
    ['^X', 'Exit'], ['^R', 'Read File'], ['^\\', 'Replace'], ['^U', 'Paste'], ['^J', 'Justify'], ['^/', 'Go To Line'],
    ['M-E', 'Redo'], ['M-6', 'Copy'], ['^Q', 'Where Was'], ['M-W', 'Next'], ['^F', 'Forward'], ['^▸', 'Next Word'],
    ['^E', 'End'], ['^N', 'Next Line'], ['M-▾', 'Scroll Down'], ['^▾', 'Next Block'], ['M-)', 'End of Paragraph'],
    ['^V', 'Next Page'], ['M-/', 'Last Line'], ['M-▸', 'Next File'], ['^M', 'Enter'], ['^D', 'Delete'],
    ['^Del', 'Chop Right'], ['M-J', 'Full Justify'], ['M-V', 'Verbatim'], ['M-{', 'Unindent'], ['^]', 'Complete'],
    ['M-;', 'Run Macro'], ['M-Ins', 'Anchor'], ['M-PgDn', 'Down to anchor'], ['M-B', 'Linter'], ['^L', 'Refresh'], ['^S', 'Save'],
  ],
]

export const writeHelp: Menu = [
  [['^G', 'Help'], ['M-D', 'DOS Format'], ['M-A', 'Append'], ['M-B', 'Backup File']],
  [['^C', 'Cancel'], ['M-M', 'Mac Format'], ['M-P', 'Prepend'], ['^T', 'Browse']],
]

export const searchHelp: Menu = [
  [['^G', 'Help'], ['M-C', 'Case Sens'], ['M-B', 'Backwards'], ['^P', 'Older'], ['^T', 'Go To Line']],
  [['^C', 'Cancel'], ['M-R', 'Reg.exp.'], ['^R', 'Replace'], ['^N', 'Newer']],
]

export const replaceHelp: Menu = [
  [['^G', 'Help'], ['M-C', 'Case Sens'], ['M-B', 'Backwards'], ['^P', 'Older']],
  [['^C', 'Cancel'], ['M-R', 'Reg.exp.'], ['^R', 'No Replace'], ['^N', 'Newer']],
]

export const replaceWithHelp: Menu = [[['^G', 'Help'], ['^P', 'Older']], [['^C', 'Cancel'], ['^N', 'Newer']]]

export const gotoHelp: Menu = [
  [['^G', 'Help'], ['^W', 'Begin of Paragr.'], ['^Y', 'First Line'], ['^T', 'Go To Text']],
  [['^C', 'Cancel'], ['^O', 'End of Paragraph'], ['^V', 'Last Line']],
]

// The questions' bars have items 16 columns wide, whatever the width of the terminal.
export const yesNoHelp: Menu = [[[' Y', 'Yes']], [[' N', 'No'], ['^C', 'Cancel']]]

export const yesNoAllHelp: Menu = [[[' Y', 'Yes'], [' A', 'All']], [[' N', 'No'], ['^C', 'Cancel']]]

export const helpScreenHelp: Menu = [
  [['^L', 'Refresh'], ['^W', 'Where Is'], ['M-Q', 'Previous'], ['^P', 'Prev Line'], ['^Y', 'Prev Page'], ['M-\\', 'First Line']],
  [['^X', 'Close'], ['^Q', 'Where Was'], ['M-W', 'Next'], ['^N', 'Next Line'], ['^V', 'Next Page'], ['M-/', 'Last Line']],
]

export function textRows(tty: Tty): number {
  return Math.max(1, tty.rows - 4)
}

/** Columns taken by the first `count` characters of a line (tabs to the next multiple of 8). */
export function width(line: readonly string[], count: number): number {
  let columns = 0
  for (const char of line.slice(0, count)) columns += char === '\t' ? 8 - (columns % 8) : charWidth(char)
  return columns
}

function fit(text: string, columns: number): string {
  let out = ''
  let used = 0
  for (const char of text) {
    const w = charWidth(char)
    if (used + w > columns) break
    out += char
    used += w
  }
  return out + ' '.repeat(columns - used)
}

function titleText(ed: Editor): string {
  return titleBar(ed.tty.columns, 'GNU nano 7.2', ed.path || 'New Buffer', { modified: ed.modified })
}

/**
 * The title bar as nano 7.2's titlebar() lays it out: the version at the left, the name centred
 * in what is left beside the 7 columns of the state flags (blank here) and their padding. When
 * both do not fit, the version goes first, then the padding at the sides (the name at column
 * 1), and then the start of the name gives way to "...". The help screen has its title and no
 * version or flags. The ` *` of a modified buffer follows the name and does not move it.
 */
export function titleBar(columns: number, version: string, name: string, flags?: { modified: boolean }): string {
  let versionWidth = stringWidth(version) + 3
  // With the flags, the name counts one column more (for the space before the ` *`).
  const nameWidth = stringWidth(name) + (flags ? 1 : 0)
  let stateWidth = flags ? 9 : 2
  const showVersion = versionWidth + nameWidth + stateWidth <= columns
  if (!showVersion) {
    versionWidth = 2
    if (versionWidth + nameWidth + stateWidth > columns) {
      versionWidth = 0
      stateWidth -= 2
    }
  }
  const offset = versionWidth > 0 ? versionWidth + Math.floor((columns - versionWidth - stateWidth - nameWidth) / 2) : 0
  let bar = showVersion ? `  ${version}` : ''
  bar += ' '.repeat(Math.max(0, offset - stringWidth(bar)))
  if (nameWidth + stateWidth <= columns) bar += name
  else if (5 + stateWidth <= columns) bar += `...${tail(name, 3 + nameWidth - columns + stateWidth)}`
  if (flags?.modified && columns > 1) bar += ' *'
  return fit(bar, columns)
}

/** What is left of a text when its first `columns` columns are cut off. */
function tail(text: string, columns: number): string {
  let used = 0
  let out = ''
  for (const char of text) {
    if (used >= columns) out += char
    used += charWidth(char)
  }
  return out
}

/** The first visible column of a line whose cursor is at screen column `column` (nano's get_page_start). */
function pageStart(column: number, columns: number): number {
  if (column === 0 || column + 2 < columns || columns <= 8) return 0
  return column - 6 - ((column - 6) % (columns - 8))
}

export function renderLine(line: readonly string[], start: number, columns: number, spot?: { col: number; length: number }): string {
  let out = start > 0 ? '<' : ''
  let used = start > 0 ? 1 : 0
  let at = 0
  let lit = false
  for (const [index, char] of line.entries()) {
    const w = char === '\t' ? 8 - (at % 8) : charWidth(char)
    const from = at
    at += w
    if (from < start + used) continue
    if (used + w > columns - 1 && at < width(line, line.length)) {
      // nano draws the mark of a line that goes on past the edge in reverse video (not the '<').
      out += `${lit ? OFF : ''}${' '.repeat(columns - 1 - used)}${REV}>${OFF}`
      return out
    }
    if (used + w > columns) break
    const inSpot = spot !== undefined && index >= spot.col && index < spot.col + spot.length
    if (inSpot !== lit) out += inSpot ? SPOTLIGHT : OFF
    lit = inSpot
    out += char === '\t' ? ' '.repeat(w) : char
    used += w
  }
  return lit ? out + OFF : out
}

/** Text that fits in `columns`, cut at a character. */
function clip(text: string, columns: number): string {
  let out = ''
  let used = 0
  for (const char of text) {
    used += charWidth(char)
    if (used > columns) break
    out += char
  }
  return out
}

/**
 * The two help rows as nano's bottombars() lays them out: as many items as ((COLS + 40) / 20) * 2,
 * in nano's order (down each column, then across), in columns of COLS / (items / 2); the last
 * two items take the rest of their rows, and of an odd count the one before the last is double.
 * The questions' items are 16 columns whatever the width.
 */
export function helpLines(menu: Menu, tty: Tty): string {
  const { columns } = tty
  const items: (Shortcut | undefined)[] = []
  menu.forEach((row, r) => row.forEach((item, i) => (items[2 * i + r] = item)))
  const question = menu === yesNoHelp || menu === yesNoAllHelp
  const count = question ? items.length : Math.min(items.length, Math.floor((columns + 40) / 20) * 2)
  const itemWidth = question ? 16 : Math.floor(columns / Math.floor((count + 1) / 2))
  const rows = ['', '']
  const used = [0, 0]
  items.slice(0, itemWidth > 0 ? count : 0).forEach((item, index) => {
    if (!item) return
    const [key, label] = item
    let cell = itemWidth
    if (!question && count % 2 === 1 && index + 2 === count) cell += itemWidth
    if (!question && index + 2 >= count) cell += columns % itemWidth
    const shownKey = clip(key, cell)
    const room = cell - stringWidth(key)
    // A label is left out when there is no room for a space and one character of it.
    const text = room >= 2 ? ` ${clip(label, room - 1)}` : ''
    const row = index % 2
    const gap = Math.floor(index / 2) * itemWidth - (used[row] ?? 0)
    rows[row] += `${' '.repeat(Math.max(0, gap))}${REV}${shownKey}${OFF}${text}`
    used[row] = Math.floor(index / 2) * itemWidth + stringWidth(shownKey + text)
  })
  // Never wider than the terminal: writing past the bottom-right corner would scroll the whole
  // screen up (and the title bar off it).
  return rows.map((line, index) => `\x1b[${tty.rows - 1 + index};1H${line}\x1b[K`).join('')
}

export function draw(ed: Editor, help: Menu, ask?: { label: string; answer: string; cursor?: number; hideCursor?: boolean }): void {
  const { tty } = ed
  const rows = textRows(tty)
  // One line off the screen scrolls by one line (nano 7's smooth scrolling); a jump (search,
  // go to line) puts the cursor's line in the middle.
  if (ed.row === ed.top - 1) ed.top = ed.row
  else if (ed.row === ed.top + rows) ed.top++
  else if (ed.row < ed.top || ed.row > ed.top + rows) ed.top = Math.max(0, ed.row - Math.floor(rows / 2))
  let out = `\x1b[?25l\x1b[1;1H${REV}${fit(titleText(ed), tty.columns)}${OFF}`
  const cursorLine = ed.lines[ed.row] ?? []
  const cursorColumn = width(cursorLine, ed.col)
  const start = pageStart(cursorColumn, tty.columns)
  for (let i = 0; i < rows; i++) {
    const line = ed.lines[ed.top + i]
    const spot = ed.spotlight?.row === ed.top + i ? ed.spotlight : undefined
    const text = line ? renderLine(line, ed.top + i === ed.row ? start : 0, tty.columns, spot) : ''
    out += `\x1b[${i + 2};1H${text}\x1b[K`
  }
  const statusRow = tty.rows - 2
  if (ask) {
    out += `\x1b[${statusRow};1H${REV}${fit(ask.label + ask.answer, tty.columns)}${OFF}`
  } else if (ed.status) {
    const text = `[ ${ed.status} ]`
    const pad = Math.max(0, Math.floor((tty.columns - stringWidth(text)) / 2))
    out += `\x1b[${statusRow};1H\x1b[K\x1b[${statusRow};${pad + 1}H${ed.statusError ? ERROR : REV}${text}${OFF}`
  } else out += `\x1b[${statusRow};1H\x1b[K`
  out += helpLines(help, tty)
  if (ask) {
    const answer = [...ask.answer]
    const column = stringWidth(ask.label) + width(answer, ask.cursor ?? answer.length)
    out += `\x1b[${statusRow};${Math.min(tty.columns, column + 1)}H`
  } else {
    out += `\x1b[${ed.row - ed.top + 2};${cursorColumn - start + (start > 0 ? 1 : 0) + 1}H`
  }
  // The cursor is hidden while a match is in the spotlight, except in a prompt that follows it.
  const hidden = ask ? ask.hideCursor : ed.spotlight !== null
  tty.write(hidden ? out : `${out}\x1b[?25h`)
}
