/**
 * GNU nano 7.2 as Debian 12 ships it (stateflags on: a modified buffer shows ` *` after the
 * name), drawn with ANSI sequences on the alternate screen. The screen is redrawn whole after
 * every key: simple, and xterm is fast enough for 80×24. Texts, colours, the help bars and the
 * title bar at other widths, and the help screen were checked against the real nano
 * (test/sandbox/nano/recorded/).
 */
import type { Command } from '../types.ts'
import { isFsError, type FsErrorCode } from '../../fs/types.ts'
import { isLineTty } from '../../session/script.ts'
import { cut, deleteForward, edit, insertText, moveRows, paste, redo, setStatus, undo, type Editor } from './editor.ts'
import { showHelp } from './help.ts'
import { prompt } from './prompt.ts'
import { replace, search } from './search.ts'
import { draw, gotoHelp, mainHelp, writeHelp, yesNoHelp } from './screen.ts'

const errnoText: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory', EACCES: 'Permission denied', ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory', EEXIST: 'File exists', ENOTEMPTY: 'Directory not empty',
  EINVAL: 'Invalid argument', ELOOP: 'Too many levels of symbolic links', EPERM: 'Operation not permitted',
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
