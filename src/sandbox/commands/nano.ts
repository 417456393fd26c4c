/**
 * GNU nano 7.2 as Debian 12 ships it (stateflags on: a modified buffer shows ` *` after the
 * name), drawn with ANSI sequences on the alternate screen. The screen is redrawn whole after
 * every key: simple, and xterm is fast enough for 80×24. Texts, colours, the help bars and the
 * title bar at other widths, and the help screen were checked against the real nano
 * (test/sandbox/nano/recorded/).
 */
import type { Command, CommandContext, Key, Tty } from './types.ts'
import { isFsError, type FsErrorCode } from '../fs/types.ts'
import { isLineTty } from '../session/script.ts'
import { charWidth, stringWidth } from '../session/width.ts'
import { helpBuffer, helpTitle } from './_nano-help.ts'

const REV = '\x1b[7m'
const OFF = '\x1b[0m'
/** nano's default errorcolor, for the messages it calls alarming ("not found", "Nothing to undo") */
const ERROR = '\x1b[1;37;41m'
/** nano's default spotlightcolor, for the match a replace asks about (and the one a search found) */
const SPOTLIGHT = '\x1b[30;103m'

type Shortcut = readonly [key: string, label: string]
/** A help bar: its top and bottom rows as an 80-column terminal shows them, and what wider ones add. */
type Menu = readonly (readonly Shortcut[])[]

// All of nano's main menu: a terminal W columns wide shows the first ((W + 40) / 20) * 2.
const mainHelp: Menu = [
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
const writeHelp: Menu = [
  [['^G', 'Help'], ['M-D', 'DOS Format'], ['M-A', 'Append'], ['M-B', 'Backup File']],
  [['^C', 'Cancel'], ['M-M', 'Mac Format'], ['M-P', 'Prepend'], ['^T', 'Browse']],
]
const searchHelp: Menu = [
  [['^G', 'Help'], ['M-C', 'Case Sens'], ['M-B', 'Backwards'], ['^P', 'Older'], ['^T', 'Go To Line']],
  [['^C', 'Cancel'], ['M-R', 'Reg.exp.'], ['^R', 'Replace'], ['^N', 'Newer']],
]
const replaceHelp: Menu = [
  [['^G', 'Help'], ['M-C', 'Case Sens'], ['M-B', 'Backwards'], ['^P', 'Older']],
  [['^C', 'Cancel'], ['M-R', 'Reg.exp.'], ['^R', 'No Replace'], ['^N', 'Newer']],
]
const replaceWithHelp: Menu = [[['^G', 'Help'], ['^P', 'Older']], [['^C', 'Cancel'], ['^N', 'Newer']]]
const gotoHelp: Menu = [
  [['^G', 'Help'], ['^W', 'Begin of Paragr.'], ['^Y', 'First Line'], ['^T', 'Go To Text']],
  [['^C', 'Cancel'], ['^O', 'End of Paragraph'], ['^V', 'Last Line']],
]
// The questions' bars have items 16 columns wide, whatever the width of the terminal.
const yesNoHelp: Menu = [[[' Y', 'Yes']], [[' N', 'No'], ['^C', 'Cancel']]]
const yesNoAllHelp: Menu = [[[' Y', 'Yes'], [' A', 'All']], [[' N', 'No'], ['^C', 'Cancel']]]
const helpScreenHelp: Menu = [
  [['^L', 'Refresh'], ['^W', 'Where Is'], ['M-Q', 'Previous'], ['^P', 'Prev Line'], ['^Y', 'Prev Page'], ['M-\\', 'First Line']],
  [['^X', 'Close'], ['^Q', 'Where Was'], ['M-W', 'Next'], ['^N', 'Next Line'], ['^V', 'Next Page'], ['M-/', 'Last Line']],
]

const errnoText: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory', EEXIST: 'File exists', ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument', ELOOP: 'Too many levels of symbolic links', EPERM: 'Operation not permitted',
}

interface Place {
  row: number
  col: number
}

/** What changed the buffer, as nano's undo tells it apart (typing and deleting runs grow one item). */
type Action = 'add' | 'enter' | 'back' | 'del' | 'join' | 'cut' | 'paste' | 'replace'

const undoName: Record<Action, string> = {
  add: 'addition', enter: 'line break', back: 'deletion', del: 'deletion', join: 'line join',
  cut: 'cut', paste: 'paste', replace: 'replacement',
}

/**
 * One step of undo: the whole buffer before it (and after it, once undone, for redo). Whole
 * copies are simpler than nano's diffs and cheap at the size of a configuration file.
 */
interface UndoItem {
  action: Action
  before: string[]
  after?: string[]
  /** where undo puts the cursor: where the change began */
  undoAt: Place
  /** where redo puts the cursor, and where the next key must be for typing or deleting to grow this item */
  redoAt: Place
}

/** The buffer and the view of it: lines of code points, cursor, first shown line. */
interface Editor {
  ctx: CommandContext
  tty: Tty
  path: string
  lines: string[][]
  row: number
  col: number
  top: number
  modified: boolean
  status: string
  /** drawn in nano's error colour */
  statusError: boolean
  statusKeys: number
  cutBuffer: string[][]
  lastWasCut: boolean
  lastSearch: string
  undos: UndoItem[]
  /** how many of `undos` are applied; the rest can be redone */
  done: number
  /** `done` when the file was last written; -1 once that state cannot come back */
  savedAt: number
  /** the last change, while the next one may join it ('other' after undo, redo and writing) */
  lastAction: Action | 'other'
  /** the match in nano's spotlight: the one a replace asks about, or the one a search found, until the next key */
  spotlight: (Place & { length: number }) | null
}

export const nano: Command = async (ctx) => {
  const tty = ctx.tty
  if (!tty || isLineTty(tty)) {
    // What nano 7.2 prints when stdin is not a terminal (after drawing on stdout, which a pipe hides).
    ctx.stderr.write('Standard input is not a terminal\n')
    return 1
  }
  const name = ctx.argv.slice(1).find((arg) => !arg.startsWith('-') || arg === '-')
  const path = name ? absolute(ctx.cwd, name) : ''
  const editor: Editor = {
    ctx, tty, path, lines: [[]], row: 0, col: 0, top: 0, modified: false,
    status: '', statusError: false, statusKeys: 0, cutBuffer: [], lastWasCut: false, lastSearch: '',
    undos: [], done: 0, savedAt: 0, lastAction: 'other', spotlight: null,
  }
  load(editor)
  tty.write('\x1b[?1049h\x1b[H\x1b[2J')
  try {
    return await loop(editor)
  } finally {
    tty.write('\x1b[2J\x1b[?1049l')
  }
}

function absolute(cwd: string, name: string): string {
  const parts: string[] = []
  for (const part of (name.startsWith('/') ? name : `${cwd}/${name}`).split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return `/${parts.join('/')}`
}

function load(ed: Editor): void {
  if (!ed.path) return
  const { fs } = ed.ctx.system
  const stat = fs.stat(ed.path, ed.ctx.cred)
  if (isFsError(stat)) {
    if (stat.error === 'ENOENT') setStatus(ed, 'New File')
    else setStatus(ed, `Error reading ${ed.path}: ${errnoText[stat.error]}`, true)
    return
  }
  if (stat.kind === 'dir') {
    setStatus(ed, `"${ed.path}" is a directory`, true)
    ed.path = ''
    return
  }
  const content = fs.readFile(ed.path, ed.ctx.cred)
  if (isFsError(content)) {
    setStatus(ed, `Error reading ${ed.path}: ${errnoText[content.error]}`, true)
    ed.path = ''
    return
  }
  ed.lines = content.split('\n').map((line) => [...line])
  const count = content.endsWith('\n') ? ed.lines.length - 1 : ed.lines.length
  if (writable(ed, stat)) setStatus(ed, `Read ${count} line${count === 1 ? '' : 's'}`)
  else setStatus(ed, `File '${ed.path}' is unwritable`, true)
}

function writable(ed: Editor, stat: { mode: number; uid: number; gid: number }): boolean {
  const { cred } = ed.ctx
  if (cred.uid === 0) return true
  if (cred.uid === stat.uid) return (stat.mode & 0o200) !== 0
  if (cred.gid === stat.gid || cred.groups.includes(stat.gid)) return (stat.mode & 0o020) !== 0
  return (stat.mode & 0o002) !== 0
}

function textRows(tty: Tty): number {
  return Math.max(1, tty.rows - 4)
}

async function loop(ed: Editor): Promise<number> {
  for (;;) {
    draw(ed, mainHelp)
    let key = await ed.tty.readKey()
    // Esc and then a key is that key with Meta, as Alt+key is (both are nano's M-).
    if (key.kind === 'escape') {
      const next = await ed.tty.readKey()
      key = next.kind === 'text' ? { kind: 'alt', key: [...next.text][0] ?? '' } : next
    }
    if (key.kind === 'eof') return 1
    // Messages stay a while, then the status line is blank again.
    if (ed.status && ++ed.statusKeys > 20) setStatus(ed, '')
    const wasCut = ed.lastWasCut
    ed.lastWasCut = false
    const lit = ed.spotlight
    if (key.kind === 'ctrl') {
      const done = await control(ed, key.key, wasCut)
      if (done) return 0
    } else if (key.kind === 'alt') await meta(ed, key.key.toLowerCase())
    else edit(ed, key)
    // A match a search found stays lit until the next key (and through the prompt that key opens).
    if (ed.spotlight === lit) ed.spotlight = null
  }
}

function setStatus(ed: Editor, text: string, error = false): void {
  ed.status = text
  ed.statusError = error
  ed.statusKeys = 0
}

/** Starts an undo item for a change about to be made, or lets the last item grow by it. */
function beginChange(ed: Editor, action: Action, mayJoin: boolean): void {
  const last = ed.undos[ed.done - 1]
  const joins = mayJoin && last && ed.lastAction === action && last.redoAt.row === ed.row && last.redoAt.col === ed.col
  ed.lastAction = action
  if (joins) return
  // A new change drops what could have been redone.
  ed.undos.length = ed.done
  if (ed.savedAt > ed.done) ed.savedAt = -1
  const here = { row: ed.row, col: ed.col }
  ed.undos.push({ action, before: ed.lines.map((line) => line.join('')), undoAt: here, redoAt: here })
  ed.done++
}

function endChange(ed: Editor): void {
  const item = ed.undos[ed.done - 1]
  if (item) item.redoAt = { row: ed.row, col: ed.col }
  ed.modified = true
}

function undo(ed: Editor): void {
  const item = ed.undos[ed.done - 1]
  if (!item) {
    setStatus(ed, 'Nothing to undo', true)
    return
  }
  item.after = ed.lines.map((line) => line.join(''))
  ed.done--
  restore(ed, item.before, item.undoAt)
  setStatus(ed, `Undid ${undoName[item.action]}`)
}

function redo(ed: Editor): void {
  const item = ed.undos[ed.done]
  if (!item?.after) {
    setStatus(ed, 'Nothing to redo', true)
    return
  }
  ed.done++
  // A redone replacement leaves the cursor at its start, as nano does.
  restore(ed, item.after, item.action === 'replace' ? item.undoAt : item.redoAt)
  setStatus(ed, `Redid ${undoName[item.action]}`)
}

function restore(ed: Editor, lines: readonly string[], at: Place): void {
  ed.lines = lines.map((line) => [...line])
  ed.row = at.row
  ed.col = at.col
  ed.lastAction = 'other'
  // Back where the file was written, the buffer is no longer modified.
  ed.modified = ed.done !== ed.savedAt
}

function edit(ed: Editor, key: Key): void {
  const line = (): string[] => ed.lines[ed.row] ?? []
  switch (key.kind) {
    case 'text':
      insertText(ed, key.text.replace(/[\x00-\x1f\x7f]/g, ''), 'add')
      break
    case 'tab':
      insertText(ed, '\t', 'add')
      break
    case 'enter':
      insertText(ed, '\n', 'enter')
      break
    case 'backspace':
      if (ed.col > 0) {
        beginChange(ed, 'back', true)
        line().splice(--ed.col, 1)
        endChange(ed)
      } else if (ed.row > 0) {
        beginChange(ed, 'join', false)
        const removed = ed.lines.splice(ed.row, 1)[0] ?? []
        ed.row--
        ed.col = line().length
        line().push(...removed)
        endChange(ed)
      }
      break
    case 'delete':
      deleteForward(ed)
      break
    case 'left':
      if (ed.col > 0) ed.col--
      else if (ed.row > 0) ed.col = (ed.lines[--ed.row] ?? []).length
      break
    case 'right':
      if (ed.col < line().length) ed.col++
      else if (ed.row < ed.lines.length - 1) {
        ed.row++
        ed.col = 0
      }
      break
    case 'up':
    case 'down':
      moveRows(ed, key.kind === 'up' ? -1 : 1)
      break
    case 'pageup':
    case 'pagedown': {
      const step = Math.max(1, textRows(ed.tty) - 2) * (key.kind === 'pageup' ? -1 : 1)
      ed.top = Math.max(0, Math.min(ed.lines.length - 1, ed.top + step))
      moveRows(ed, step)
      break
    }
    case 'home':
      ed.col = 0
      break
    case 'end':
      ed.col = line().length
      break
    default:
      break
  }
}

function moveRows(ed: Editor, step: number): void {
  const target = Math.max(0, Math.min(ed.lines.length - 1, ed.row + step))
  // Keep the screen column, as nano does, rather than the character index.
  const wanted = width(ed.lines[ed.row] ?? [], ed.col)
  ed.row = target
  const line = ed.lines[target] ?? []
  let col = 0
  while (col < line.length && width(line, col + 1) <= wanted) col++
  ed.col = col
}

function deleteForward(ed: Editor): void {
  const line = ed.lines[ed.row] ?? []
  if (ed.col < line.length) {
    beginChange(ed, 'del', true)
    line.splice(ed.col, 1)
  } else if (ed.row < ed.lines.length - 1) {
    beginChange(ed, 'join', false)
    line.push(...(ed.lines.splice(ed.row + 1, 1)[0] ?? []))
  } else return
  endChange(ed)
}

function insertText(ed: Editor, text: string, action: 'add' | 'enter' | 'paste'): void {
  if (!text) return
  // Typing at the place where the last typing stopped is the same addition.
  beginChange(ed, action, action === 'add')
  const parts = text.split('\n')
  const line = ed.lines[ed.row] ?? []
  const rest = line.splice(ed.col)
  line.push(...(parts[0] ?? ''))
  ed.col = line.length
  for (const part of parts.slice(1)) {
    const next = [...part]
    ed.lines.splice(++ed.row, 0, next)
    ed.col = next.length
  }
  ;(ed.lines[ed.row] ?? []).push(...rest)
  endChange(ed)
}

/** true when nano exits */
async function control(ed: Editor, key: string, wasCut: boolean): Promise<boolean> {
  switch (key) {
    case 'a':
      ed.col = 0
      break
    case 'e':
      ed.col = (ed.lines[ed.row] ?? []).length
      break
    case 'p':
      moveRows(ed, -1)
      break
    case 'n':
      moveRows(ed, 1)
      break
    case 'y':
      edit(ed, { kind: 'pageup' })
      break
    case 'v':
      edit(ed, { kind: 'pagedown' })
      break
    case 'd':
      deleteForward(ed)
      break
    case 'h':
      edit(ed, { kind: 'backspace' })
      break
    case 'i':
      insertText(ed, '\t', 'add')
      break
    case 'm':
    case 'j':
      if (key === 'm') insertText(ed, '\n', 'enter')
      break
    case 'k':
      cut(ed, wasCut)
      break
    case 'u':
      paste(ed)
      break
    case 'o':
      await writeOut(ed)
      break
    case 'w':
      await search(ed)
      break
    case '\\':
      await replace(ed)
      break
    case '_':
      await goToLine(ed)
      break
    case 'c':
      setStatus(ed, location(ed))
      break
    case 'g':
      await showHelp(ed)
      break
    case 'l':
      break
    case 'x':
      return exit(ed)
  }
  return false
}

async function meta(ed: Editor, key: string): Promise<void> {
  if (key === 'u') undo(ed)
  else if (key === 'e') redo(ed)
  else if (key === 'r') await replace(ed)
}

function cut(ed: Editor, append: boolean): void {
  const whole = ed.lines.length > 1 || ed.row < ed.lines.length - 1
  // The last line of the file is emptied rather than removed; an empty one leaves nothing to cut.
  if (!whole && (ed.lines[ed.row] ?? []).length === 0) return
  // Cuts one after another are one cut, for undo as for the cut buffer.
  beginChange(ed, 'cut', append)
  if (!append) ed.cutBuffer = []
  ed.cutBuffer.push(whole ? (ed.lines.splice(ed.row, 1)[0] ?? []) : (ed.lines[ed.row] ?? []).splice(0))
  if (ed.lines.length === 0) ed.lines.push([])
  ed.row = Math.min(ed.row, ed.lines.length - 1)
  ed.col = 0
  endChange(ed)
  ed.lastWasCut = true
}

function paste(ed: Editor): void {
  if (ed.cutBuffer.length === 0) return
  insertText(ed, ed.cutBuffer.map((line) => `${line.join('')}\n`).join(''), 'paste')
}

async function writeOut(ed: Editor): Promise<boolean> {
  const name = await prompt(ed, 'File Name to Write: ', ed.path, writeHelp)
  if (name === null || name === '') {
    setStatus(ed, 'Cancelled')
    return false
  }
  const path = absolute(ed.ctx.cwd, name)
  const last = ed.lines[ed.lines.length - 1] ?? []
  // nano ends the file with a newline.
  if (last.length > 0) ed.lines.push([])
  const content = ed.lines.map((line) => line.join('')).join('\n')
  const result = ed.ctx.system.fs.writeFile(path, content, ed.ctx.cred)
  if (isFsError(result)) {
    setStatus(ed, `Error writing ${path}: ${errnoText[result.error]}`, true)
    return false
  }
  const count = ed.lines.length - 1
  ed.path = path
  ed.modified = false
  ed.savedAt = ed.done
  // Typing after writing starts a new undo item.
  ed.lastAction = 'other'
  setStatus(ed, `Wrote ${count} line${count === 1 ? '' : 's'}`)
  return true
}

async function exit(ed: Editor): Promise<boolean> {
  if (!ed.modified) return true
  for (;;) {
    draw(ed, yesNoHelp, { label: 'Save modified buffer? ', answer: '' })
    const key = await ed.tty.readKey()
    if (key.kind === 'eof') return true
    if (key.kind === 'ctrl' && key.key === 'c') {
      setStatus(ed, 'Cancelled')
      return false
    }
    const answer = key.kind === 'text' ? key.text.toLowerCase()[0] : undefined
    if (answer === 'n') return true
    if (answer === 'y') return writeOut(ed)
  }
}

async function search(ed: Editor): Promise<void> {
  const label = ed.lastSearch ? `Search [${ed.lastSearch}]: ` : 'Search: '
  const typed = await prompt(ed, label, '', searchHelp)
  if (typed === null) {
    setStatus(ed, 'Cancelled')
    return
  }
  const needle = typed || ed.lastSearch
  if (!needle) {
    setStatus(ed, 'Cancelled')
    return
  }
  ed.lastSearch = needle
  const lower = needle.toLowerCase()
  const count = ed.lines.length
  for (let step = 0; step <= count; step++) {
    const row = (ed.row + step) % count
    const text = (ed.lines[row] ?? []).join('').toLowerCase()
    const from = step === 0 ? [...text].slice(0, ed.col + 1).join('').length : 0
    const limit = step === count ? [...text].slice(0, ed.col + 1).join('').length : text.length
    const at = text.indexOf(lower, from)
    if (at < 0 || at >= limit + (step === count ? 0 : 1)) continue
    const col = [...text.slice(0, at)].length
    if (step === count || (row === ed.row && col === ed.col)) setStatus(ed, 'This is the only occurrence')
    else if (row < ed.row || (row === ed.row && col < ed.col)) setStatus(ed, 'Search Wrapped')
    ed.row = row
    ed.col = col
    ed.spotlight = { row, col, length: [...needle].length }
    return
  }
  setStatus(ed, `"${needle}" not found`, true)
}

/** ^\ and M-R: asks what to replace and with what, then about each match from the cursor on, round to it again. */
async function replace(ed: Editor): Promise<void> {
  const label = ed.lastSearch ? `Search (to replace) [${ed.lastSearch}]: ` : 'Search (to replace): '
  const typed = await prompt(ed, label, '', replaceHelp)
  const needle = typed || ed.lastSearch
  if (typed === null || !needle) {
    setStatus(ed, 'Cancelled')
    return
  }
  ed.lastSearch = needle
  const replacement = await prompt(ed, 'Replace with: ', '', replaceWithHelp)
  if (replacement === null) {
    setStatus(ed, 'Cancelled')
    return
  }
  const wanted = [...needle]
  const instead = [...replacement]
  const begin = { row: ed.row, col: ed.col }
  let from: Place = { ...begin }
  let wrapped = false
  let found = false
  let all = false
  let count = 0
  for (;;) {
    const match = nextMatch(ed.lines, wanted, from, begin, wrapped)
    if (!match) break
    found = true
    wrapped = match.wrapped
    const { row, col } = match
    ed.row = row
    ed.col = col
    if (!all) {
      ed.spotlight = { row, col, length: wanted.length }
      const answer = await askReplace(ed)
      ed.spotlight = null
      if (answer === 'cancel') break
      if (answer === 'no') {
        from = { row, col: col + 1 }
        continue
      }
      all = answer === 'all'
    }
    // Each replacement is an undo step of its own.
    beginChange(ed, 'replace', false)
    ;(ed.lines[row] ?? []).splice(col, wanted.length, ...instead)
    endChange(ed)
    count++
    // The cursor goes back where it was, which moves with text replaced before it on its line.
    if (row === begin.row && col < begin.col) begin.col += instead.length - wanted.length
    // The replacement itself is not searched again.
    from = { row, col: col + instead.length }
  }
  ed.row = begin.row
  ed.col = begin.col
  if (found) setStatus(ed, `Replaced ${count} occurrence${count === 1 ? '' : 's'}`)
  else setStatus(ed, `"${needle}" not found`, true)
}

/** The first match (ignoring case) at or after `from`, going round to the top once, but not past `begin`. */
function nextMatch(lines: readonly string[][], needle: readonly string[], from: Place, begin: Place, wrapped: boolean): (Place & { wrapped: boolean }) | null {
  let { row, col } = from
  for (;;) {
    const at = indexOf(lines[row] ?? [], needle, col)
    if (at >= 0) {
      if (wrapped && (row > begin.row || (row === begin.row && at >= begin.col))) return null
      return { row, col: at, wrapped }
    }
    if (wrapped && row >= begin.row) return null
    if (row < lines.length - 1) row++
    else if (wrapped) return null
    else {
      wrapped = true
      row = 0
    }
    col = 0
  }
}

function indexOf(line: readonly string[], needle: readonly string[], from: number): number {
  if (needle.length === 0) return -1
  for (let at = from; at + needle.length <= line.length; at++) {
    if (needle.every((char, i) => char.toLowerCase() === line[at + i]?.toLowerCase())) return at
  }
  return -1
}

/** "Replace this instance?": Y, N or A (either case); ^C cancels; other keys, Enter too, are not answers. */
async function askReplace(ed: Editor): Promise<'yes' | 'no' | 'all' | 'cancel'> {
  for (;;) {
    draw(ed, yesNoAllHelp, { label: 'Replace this instance?', answer: '', hideCursor: true })
    const key = await ed.tty.readKey()
    if (key.kind === 'eof' || (key.kind === 'ctrl' && key.key === 'c')) return 'cancel'
    const answer = key.kind === 'text' ? key.text.toLowerCase()[0] : undefined
    if (answer === 'y') return 'yes'
    if (answer === 'n') return 'no'
    if (answer === 'a') return 'all'
  }
}

async function goToLine(ed: Editor): Promise<void> {
  const answer = await prompt(ed, 'Enter line number, column number: ', '', gotoHelp)
  if (answer === null || answer.trim() === '') {
    setStatus(ed, 'Cancelled')
    return
  }
  const match = /^\s*(-?\d+)\s*(?:[,\s]\s*(-?\d+))?\s*$/.exec(answer)
  if (!match) {
    setStatus(ed, 'Invalid line or column number', true)
    return
  }
  const count = ed.lines.length
  const line = Number(match[1])
  const row = line < 0 ? Math.max(0, count + line) : Math.min(count, Math.max(1, line)) - 1
  ed.row = row
  const length = (ed.lines[row] ?? []).length
  ed.col = match[2] ? Math.min(length, Math.max(1, Number(match[2])) - 1) : 0
}

function location(ed: Editor): string {
  const lines = ed.lines.map((line) => line.length)
  const total = lines.reduce((sum, length) => sum + length + 1, 0) - 1
  const before = lines.slice(0, ed.row).reduce((sum, length) => sum + length + 1, 0) + ed.col
  const lineLength = (lines[ed.row] ?? 0) + 1
  const digits = String(total).length
  const pct = (part: number, whole: number): number => Math.floor((part * 100) / Math.max(1, whole))
  const pad = (value: number, size: number): string => String(value).padStart(size)
  return (
    `line ${pad(ed.row + 1, digits)}/${lines.length} (${pad(pct(ed.row + 1, lines.length), 2)}%), ` +
    `col ${pad(ed.col + 1, 2)}/${pad(lineLength, 2)} (${pad(pct(ed.col + 1, lineLength), 3)}%), ` +
    `char ${pad(before, digits)}/${total} (${pad(pct(before, total), 2)}%)`
  )
}

/** What a key does on the help screen; an unbound key is named on the status line. */
type HelpAction = 'close' | 'up' | 'down' | 'pageup' | 'pagedown' | 'first' | 'last' | 'none' | `Unbound key${string}`

/**
 * nano's help screen (^G): its text in a buffer of its own, with the cursor hidden, until ^X.
 * As in nano, `top` is the first line shown and `current` the line of the hidden cursor, which
 * decides where paging stops.
 */
async function showHelp(ed: Editor): Promise<void> {
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

/** A question on the status line; null for ^C. */
async function prompt(ed: Editor, label: string, initial: string, help: Menu): Promise<string | null> {
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

// ---- drawing ----

/** Columns taken by the first `count` characters of a line (tabs to the next multiple of 8). */
function width(line: readonly string[], count: number): number {
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
function titleBar(columns: number, version: string, name: string, flags?: { modified: boolean }): string {
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

function renderLine(line: readonly string[], start: number, columns: number, spot?: { col: number; length: number }): string {
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
function helpLines(menu: Menu, tty: Tty): string {
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

function draw(ed: Editor, help: Menu, ask?: { label: string; answer: string; cursor?: number; hideCursor?: boolean }): void {
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
