/**
 * The buffer and the changes a key makes to it, each recorded for undo as nano 7.2 groups them.
 */
import type { CommandContext, Key, Tty } from '../types.ts'
import { textRows, width } from './screen.ts'

export interface Place {
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
export interface Editor {
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

export function setStatus(ed: Editor, text: string, error = false): void {
  ed.status = text
  ed.statusError = error
  ed.statusKeys = 0
}

/** Starts an undo item for a change about to be made, or lets the last item grow by it. */
export function beginChange(ed: Editor, action: Action, mayJoin: boolean): void {
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

export function endChange(ed: Editor): void {
  const item = ed.undos[ed.done - 1]
  if (item) item.redoAt = { row: ed.row, col: ed.col }
  ed.modified = true
}

export function undo(ed: Editor): void {
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

export function redo(ed: Editor): void {
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

export function edit(ed: Editor, key: Key): void {
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

export function moveRows(ed: Editor, step: number): void {
  const target = Math.max(0, Math.min(ed.lines.length - 1, ed.row + step))
  // Keep the screen column, as nano does, rather than the character index.
  const wanted = width(ed.lines[ed.row] ?? [], ed.col)
  ed.row = target
  const line = ed.lines[target] ?? []
  let col = 0
  while (col < line.length && width(line, col + 1) <= wanted) col++
  ed.col = col
}

export function deleteForward(ed: Editor): void {
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

export function insertText(ed: Editor, text: string, action: 'add' | 'enter' | 'paste'): void {
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

export function cut(ed: Editor, append: boolean): void {
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

export function paste(ed: Editor): void {
  if (ed.cutBuffer.length === 0) return
  insertText(ed, ed.cutBuffer.map((line) => `${line.join('')}\n`).join(''), 'paste')
}
