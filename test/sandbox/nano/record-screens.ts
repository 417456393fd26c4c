/**
 * Records what the real GNU nano 7.2 of Debian 12 (package 7.2-1+deb12u1, its /etc/nanorc
 * unchanged) shows after each scenario's keys, into recorded/screens.json:
 * `npx tsx test/sandbox/nano/record-screens.ts [NAME…]` on a machine with that nano and tmux.
 *
 * tmux is the terminal: nano runs in a detached tmux pane of the scenario's size with
 * TERM=xterm-256color, on fresh copies of the files in /tmp/nano-record and a fresh empty HOME
 * (no search history). Each step of `keys` is what xterm sends for one key press (one onData),
 * written to the pane as those bytes, 200 ms apart so nano reads each press on its own (as a
 * learner types). The screen is then read with `capture-pane -e`: the text of each row, a mask of
 * the cells drawn in reverse video (R), in nano's spotlight colour, black on light yellow (S), or
 * in its error colour, bold white on red (E), the cursor (null when hidden) and the files nano
 * wrote.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { debian12Files } from '../../../src/sandbox/files/debian12.ts'
import { charWidth } from '../../../src/sandbox/session/width.ts'

const dir = '/tmp/nano-record'
export const recordedFiles: Record<string, string> = {
  [`${dir}/t.conf`]: 'Port 22\n#Foo bar\nhello world\n',
  [`${dir}/sshd_config`]: debian12Files['/etc/ssh/sshd_config']?.content ?? '',
}

export interface Recording {
  name: string
  file: string
  columns: number
  rows: number
  keys: string[]
  screen: string[]
  marks: string[]
  cursor: [row: number, column: number] | null
  /** the files of recordedFiles that nano changed on disk, as they are afterwards */
  files: Record<string, string>
}

const t = `${dir}/t.conf`
const sshd = `${dir}/sshd_config`
/** not there: nano opens a new buffer with this name, long enough to crowd the title bar */
const long = `${dir}/a-long-file-name.conf`
const ESC = '\x1b'
const undo = `${ESC}u`
const redo = `${ESC}e`
const down = `${ESC}[B`
const right = `${ESC}[C`
const left = `${ESC}[D`
const end = `${ESC}[F`
const home = `${ESC}[H`
const del = `${ESC}[3~`
const bs = '\x7f'
const replace = '\x1c'
const help = '\x07'
const pgup = `${ESC}[5~`
const pgdn = `${ESC}[6~`
const up = `${ESC}[A`
const chars = (text: string): string[] => [...text]

type Scenario = Omit<Recording, 'screen' | 'marks' | 'cursor' | 'files' | 'columns' | 'rows'> & { columns?: number; rows?: number }

const scenarios: Scenario[] = [
  // Undo and redo
  { name: 'typing, one key at a time, is undone as one addition', file: t, keys: [...chars('abc def'), undo] },
  { name: 'a second undo has nothing to undo', file: t, keys: [...chars('abc def'), undo, undo] },
  { name: 'redo types it again', file: t, keys: [...chars('abc def'), undo, redo] },
  { name: 'nothing to redo', file: t, keys: [redo] },
  { name: 'Esc then U is M-U', file: t, keys: ['x', ESC, 'u'] },
  { name: 'Alt+Shift+U is M-U too', file: t, keys: ['x', `${ESC}U`] },
  { name: 'typing on another line is another addition', file: t, keys: ['a', 'b', down, 'c', undo] },
  { name: 'typing after moving away and back is the same addition', file: t, keys: ['a', 'b', left, right, 'c', undo] },
  { name: 'a Tab is typing', file: t, keys: ['a', '\t', 'b', undo] },
  { name: 'saving starts a new addition', file: t, keys: ['a', 'b', '\x0f', '\r', 'c', undo] },
  { name: 'undoing past the save marks the buffer modified', file: t, keys: ['a', 'b', '\x0f', '\r', 'c', undo, undo] },
  { name: 'redoing back to the save clears the mark', file: t, keys: ['a', '\x0f', '\r', undo, redo] },
  { name: 'Enter is a line break of its own', file: t, keys: [right, right, '\r', 'x', 'y', undo, undo] },
  { name: 'redo a line break', file: t, keys: [right, right, '\r', undo, redo] },
  { name: 'two Enters are two line breaks', file: t, keys: [end, '\r', '\r', undo] },
  { name: 'a run of Backspace is one deletion', file: t, keys: [down, end, bs, bs, bs, undo] },
  { name: 'redo a Backspace deletion', file: t, keys: [down, end, bs, bs, undo, redo] },
  { name: 'a run of Delete is one deletion', file: t, keys: [down, del, del, del, undo] },
  { name: 'redo a Delete deletion', file: t, keys: [down, del, del, undo, redo] },
  { name: 'Backspace then Delete elsewhere are two deletions', file: t, keys: [down, end, bs, home, del, undo] },
  { name: 'Backspace at the start of a line is a line join', file: t, keys: [down, bs, undo] },
  { name: 'redo a line join', file: t, keys: [down, bs, undo, redo] },
  { name: 'Delete at the end of a line is a line join', file: t, keys: [end, del, undo] },
  { name: 'two cuts in a row are one cut', file: t, keys: ['\x0b', '\x0b', undo] },
  { name: 'undo a cut in the middle of a line', file: t, keys: [down, right, right, right, '\x0b', undo] },
  { name: 'redo a cut', file: t, keys: [down, right, right, right, '\x0b', undo, redo] },
  { name: 'undo a paste', file: t, keys: ['\x0b', right, right, '\x15', undo] },
  { name: 'redo a paste', file: t, keys: ['\x0b', down, '\x15', undo, redo] },
  { name: 'typing after an undo drops the redo', file: t, keys: ['a', 'b', undo, 'c', redo] },
  { name: 'moving after an undo keeps the redo', file: t, keys: ['a', 'b', undo, down, redo] },
  // Replace (and the spotlight that a search leaves too)
  { name: 'a search lights up the match', file: t, keys: ['\x17', 'o', '\r'] },
  { name: 'the light goes out at the next key', file: t, keys: ['\x17', 'o', '\r', right] },
  { name: 'the replace prompt', file: t, keys: [replace] },
  { name: 'M-R is replace', file: t, keys: [`${ESC}r`] },
  { name: 'the replace-with prompt', file: t, keys: [replace, 'o', '\r'] },
  { name: 'the question, the match in the spotlight', file: t, keys: [replace, 'o', '\r', '0', '\r'] },
  { name: 'Y replaces and asks about the next', file: t, keys: [replace, 'o', '\r', '0', '\r', 'y'] },
  { name: 'N skips one', file: t, keys: [replace, 'o', '\r', '0', '\r', 'n', 'y'] },
  { name: 'Enter and other keys do not answer', file: t, keys: [replace, 'o', '\r', '0', '\r', 'Y', '\r', 'x'] },
  { name: 'A replaces all', file: t, keys: [replace, 'o', '\r', '0', '\r', 'a'] },
  { name: 'one occurrence', file: t, keys: [replace, 'P', '\r', 'Q', '\r', 'y'] },
  { name: 'Ctrl+C stops after one', file: t, keys: [replace, 'o', '\r', '0', '\r', 'y', '\x03'] },
  { name: 'N to every one', file: t, keys: [replace, 'o', '\r', '0', '\r', 'n', 'n', 'n', 'n', 'n'] },
  { name: 'replacing starts at the cursor and wraps around', file: t, keys: [down, replace, 'o', '\r', '0', '\r', 'y', 'n', 'n', 'y'] },
  { name: 'a longer replacement before the cursor moves it', file: t, keys: [...Array(5).fill(right), replace, 'o', '\r', 'XX', '\r', 'a'] },
  { name: 'an empty replacement', file: t, keys: [replace, 'o', '\r', '\r', 'a'] },
  { name: 'the replacement is not searched again', file: t, keys: [replace, 'l', '\r', 'll', '\r', 'a'] },
  { name: 'replace: not found', file: t, keys: [replace, 'zz', '\r', 'Q', '\r'] },
  { name: 'replace: cancelled at the search', file: t, keys: [replace, '\x03'] },
  { name: 'replace: cancelled at the replacement', file: t, keys: [replace, 'o', '\r', '\x03'] },
  { name: 'replace: nothing to search for', file: t, keys: [replace, '\r'] },
  { name: 'a search that finds nothing is an error', file: t, keys: ['\x17', 'zz', '\r'] },
  { name: 'an invalid line number is an error', file: t, keys: ['\x1f', 'abc', '\r'] },
  { name: 'replace offers the last search', file: t, keys: ['\x17', 'o', '\r', replace] },
  { name: 'replace takes the last search on Enter', file: t, keys: ['\x17', 'o', '\r', replace, '\r'] },
  { name: 'search offers the last replace', file: t, keys: [replace, 'b', '\r', 'B', '\r', 'a', '\x17'] },
  { name: 'each replacement is undone on its own', file: t, keys: [replace, 'o', '\r', '0', '\r', 'a', undo, undo] },
  { name: 'redo a replacement', file: t, keys: [replace, 'o', '\r', '0', '\r', 'a', undo, redo] },
  { name: 'the lesson: #Port 22 becomes Port 54723', file: sshd, keys: [replace, '#Port 22', '\r', 'Port 54723', '\r'] },
  { name: 'the lesson, answered and saved', file: sshd, keys: [replace, '#Port 22', '\r', 'Port 54723', '\r', 'y', '\x0f', '\r'] },
  { name: 'a match far down the file', file: sshd, keys: [replace, 'yes', '\r', 'no', '\r'] },
  { name: 'the next match further down', file: sshd, keys: [replace, 'yes', '\r', 'no', '\r', 'n', 'n', 'n'] },
  // The help bars at other widths
  ...[56, 60, 100, 120, 140, 200, 500].map((columns): Scenario => ({ name: `the main screen at ${columns} columns`, file: t, columns, keys: [] })),
  ...[100, 120].flatMap((columns): Scenario[] => [
    { name: `the lesson at ${columns} columns`, file: sshd, columns, keys: [replace, '#Port 22', '\r', 'Port 54723', '\r'] },
    { name: `the search prompt at ${columns} columns`, file: t, columns, keys: ['\x17'] },
    { name: `the replace prompt at ${columns} columns`, file: t, columns, keys: [replace] },
    { name: `the replace-with prompt at ${columns} columns`, file: t, columns, keys: [replace, 'o', '\r'] },
    { name: `the write prompt at ${columns} columns`, file: t, columns, keys: ['\x0f'] },
    { name: `the go-to-line prompt at ${columns} columns`, file: t, columns, keys: ['\x1f'] },
    { name: `the exit question at ${columns} columns`, file: t, columns, keys: ['x', '\x18'] },
  ]),
  // The help screen (^G): nano's text wrapped to the width, scrolled, closed
  ...[80, 100, 120, 56, 40].map((columns): Scenario => ({ name: `the help screen at ${columns} columns`, file: t, columns, keys: [help] })),
  { name: 'help: ^V shows the next page', file: t, keys: [help, '\x16'] },
  { name: 'help: two pages down', file: t, keys: [help, '\x16', '\x16'] },
  { name: 'help: paging past the last page moves only the hidden cursor', file: t, keys: [help, ...Array<string>(7).fill('\x16')] },
  { name: 'help: ^Y goes back a page', file: t, keys: [help, '\x16', '\x16', '\x19'] },
  { name: 'help: ^Y near the top goes to the top', file: t, keys: [help, '\x0e', '\x0e', '\x19'] },
  { name: 'help: ^N scrolls one line', file: t, keys: [help, '\x0e', '\x0e', '\x0e'] },
  { name: 'help: ^P scrolls back one line', file: t, keys: [help, '\x16', '\x10'] },
  { name: 'help: ^P at the top does nothing', file: t, keys: [help, '\x10'] },
  { name: 'help: the arrow keys scroll', file: t, keys: [help, down, down, down, up] },
  { name: 'help: PgDn and PgUp', file: t, keys: [help, pgdn, pgdn, pgup] },
  { name: 'help: Space and b page as in less', file: t, keys: [help, ' ', ' ', 'b'] },
  { name: 'help: M-/ goes to the end', file: t, keys: [help, `${ESC}/`] },
  { name: 'help: ^N at the end does nothing', file: t, keys: [help, `${ESC}/`, '\x0e'] },
  { name: 'help: ^P from the end', file: t, keys: [help, `${ESC}/`, '\x10', '\x10'] },
  { name: 'help: ^Y from the end', file: t, keys: [help, `${ESC}/`, '\x19'] },
  { name: 'help: M-\\ goes to the top', file: t, keys: [help, '\x16', '\x16', `${ESC}\\`] },
  { name: 'help: End and Home', file: t, keys: [help, end, '\x10', home] },
  { name: 'help: an unbound key', file: t, keys: [help, 'a'] },
  { name: 'help: an unbound Ctrl key', file: t, keys: [help, '\x0b'] },
  { name: 'help: an unbound key is forgotten at the next key', file: t, keys: [help, 'a', '\x0e'] },
  { name: 'help: ^X closes it', file: t, keys: [help, '\x0e', '\x18'] },
  { name: 'help: q closes it too', file: t, keys: ['x', help, 'q'] },
  { name: 'help: two pages at 120 columns', file: t, columns: 120, keys: [help, '\x16', '\x16'] },
  { name: 'help: the end at 100 columns', file: t, columns: 100, keys: [help, `${ESC}/`] },
  { name: 'help: two pages at 56 columns', file: t, columns: 56, keys: [help, '\x16', '\x16'] },
  { name: 'help: the end at 40 columns', file: t, columns: 40, keys: [help, `${ESC}/`] },
  { name: 'help: a page in a taller terminal', file: t, rows: 30, keys: [help, '\x16'] },
  // All of the text at once, to check every line of it.
  { name: 'help: the whole text at 80 columns', file: t, rows: 130, keys: [help] },
  { name: 'help: the whole text at 56 columns', file: t, columns: 56, rows: 170, keys: [help] },
  // The title bar when the version and the name do not both fit
  ...[40, 30, 20].map((columns): Scenario => ({ name: `the title bar at ${columns} columns`, file: t, columns, keys: [] })),
  ...[40, 20].map((columns): Scenario => ({ name: `the title bar at ${columns} columns, modified`, file: t, columns, keys: ['x'] })),
  ...[56, 44].map((columns): Scenario => ({ name: `a long name at ${columns} columns`, file: long, columns, keys: [] })),
  { name: 'a long name at 56 columns, modified', file: long, columns: 56, keys: ['x'] },
  { name: 'sshd_config at 40 columns', file: sshd, columns: 40, keys: [] },
]

const socket = ['-L', 'nano-record']
const tmux = (...args: string[]): string => execFileSync('tmux', [...socket, ...args], { encoding: 'utf8' })
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Printable runs go as literal text, everything else as bytes. */
function send(step: string): void {
  for (const [run] of step.matchAll(/[^\x00-\x1f\x7f]+|[\x00-\x1f\x7f]+/g)) {
    if (/^[\x00-\x1f\x7f]/.test(run)) tmux('send-keys', '-t', 'rec', '-H', ...[...run].map((c) => c.charCodeAt(0).toString(16)))
    else tmux('send-keys', '-t', 'rec', '-l', run)
  }
}

/** Text and attribute mask of each row from `capture-pane -e -N` (attributes carry across rows). */
function parseCapture(raw: string, columns: number, rows: number): { screen: string[]; marks: string[] } {
  let reverse = false
  let background = 0
  const screen: string[] = []
  const marks: string[] = []
  for (const line of raw.split('\n').slice(0, rows)) {
    let text = ''
    let mask = ''
    for (const [, params, char] of line.matchAll(/\x1b\[([0-9;]*)m|(.)/gu)) {
      if (char === undefined) {
        for (const code of (params || '0').split(';').map(Number)) {
          if (code === 0) [reverse, background] = [false, 0]
          else if (code === 7) reverse = true
          else if (code === 27) reverse = false
          else if ((code >= 40 && code <= 49) || (code >= 100 && code <= 107)) background = code
        }
        continue
      }
      text += char
      mask += (background === 103 ? 'S' : background === 41 ? 'E' : reverse ? 'R' : ' ').repeat(charWidth(char))
    }
    screen.push(text.trimEnd())
    marks.push(mask.slice(0, columns).trimEnd())
  }
  return { screen, marks }
}

async function record(scenario: Scenario): Promise<Recording> {
  const columns = scenario.columns ?? 80
  const rows = scenario.rows ?? 24
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(`${dir}/home`, { recursive: true })
  for (const [path, content] of Object.entries(recordedFiles)) writeFileSync(path, content)
  const command = `exec env -i PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 HOME=${dir}/home nano ${scenario.file}`
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'rec', '-x', String(columns), '-y', String(rows), command)
  await sleep(600)
  for (const step of scenario.keys) {
    send(step)
    await sleep(200)
  }
  await sleep(500)
  const { screen, marks } = parseCapture(tmux('capture-pane', '-p', '-e', '-N', '-t', 'rec'), columns, rows)
  const [flag, y, x] = tmux('display-message', '-p', '-t', 'rec', '#{cursor_flag} #{cursor_y} #{cursor_x}').trim().split(' ').map(Number)
  // SIGKILL: a hangup would make nano write an emergency copy (t.conf.save) beside the file.
  // The pane then closes, and the tmux server with its last session.
  process.kill(Number(tmux('display-message', '-p', '-t', 'rec', '#{pane_pid}')), 'SIGKILL')
  await sleep(200)
  const files = Object.fromEntries(
    Object.entries(recordedFiles).flatMap(([path, before]) => {
      const after = readFileSync(path, 'utf8')
      return after === before ? [] : [[path, after]]
    }),
  )
  return { name: scenario.name, file: scenario.file, columns, rows, keys: scenario.keys, screen, marks, cursor: flag ? [y! + 1, x! + 1] : null, files }
}

async function main(): Promise<void> {
  const version = execFileSync('nano', ['--version'], { encoding: 'utf8' })
  if (!version.includes('version 7.2')) throw new Error(`needs GNU nano 7.2, found: ${version.split('\n')[0]}`)
  const out = new URL('./recorded/screens.json', import.meta.url)
  const only = process.argv.slice(2)
  let kept: Recording[] = []
  try {
    kept = (JSON.parse(readFileSync(out, 'utf8')) as { recordings: Recording[] }).recordings
  } catch {
    // first recording
  }
  const recordings: Recording[] = []
  for (const scenario of scenarios) {
    const old = kept.find((recording) => recording.name === scenario.name)
    if (only.length > 0 && !only.includes(scenario.name) && old) {
      recordings.push(old)
      continue
    }
    process.stderr.write(`${scenario.name}\n`)
    recordings.push(await record(scenario))
  }
  rmSync(dir, { recursive: true, force: true })
  writeFileSync(out, `${JSON.stringify({ files: recordedFiles, recordings }, null, 1)}\n`)
}

await main()
