/** ^W, and ^\ / M-R: searching and replacing as nano 7.2 does, ignoring case. */
import { beginChange, endChange, setStatus, type Editor, type Place } from './editor.ts'
import { prompt } from './prompt.ts'
import { draw, replaceHelp, replaceWithHelp, searchHelp, yesNoAllHelp } from './screen.ts'

export async function search(ed: Editor): Promise<void> {
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
export async function replace(ed: Editor): Promise<void> {
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
