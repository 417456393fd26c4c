/**
 * The text of nano 7.2's help screen for the main editor (^G), and how nano wraps it into lines
 * for a terminal of a given width (help.c: help_init, wrap_help_text_into_buffer, and break_line
 * of text.c). Checked against the real nano at 20 to 500 columns
 * (test/sandbox/nano/recorded/).
 */
import { charWidth } from '../../session/width.ts'

/** What nano shows in the title bar instead of the version and the file name. */
export const helpTitle = 'Main nano help text'

// nano's introduction, one paragraph to a string, each begun with the space that nano's lines
// begin with; wrapped to the width of the terminal (at most 74 columns).
const intro = [
  ' The nano editor is designed to emulate the functionality and ease-of-use of the UW Pico text editor.  ' +
    'There are four main sections of the editor.  The top line shows the program version, the current filename ' +
    'being edited, and whether or not the file has been modified.  Next is the main editor window showing the ' +
    'file being edited.  The status line is the third line from the bottom and shows important messages.  ' +
    'The bottom two lines show the most commonly used shortcuts in the editor.',
  ' Shortcuts are written as follows: Control-key sequences are notated with a \'^\' and can be entered either ' +
    'by using the Ctrl key or pressing the Esc key twice.  Meta-key sequences are notated with \'M-\' and can be ' +
    'entered using either the Alt, Cmd, or Esc key, depending on your keyboard setup.  Also, pressing Esc twice ' +
    'and then typing a three-digit decimal number from 000 to 255 will enter the character with the ' +
    'corresponding value.  The following keystrokes are available in the main editor window.  Alternative keys ' +
    'are shown in parentheses:',
]

// Every function of the main menu in nano's order, in groups with a blank line between them, as a
// terminal of 80 columns or more shows them: the key in 7 columns, another key for it in 10, then
// what it does (wrapped on narrower terminals). The main menu's items that the practice nano
// lacks are here too: the screen is the real one.
const keys: readonly (readonly string[])[] = [
  [
    '^G     (F1)      Display this help text',
    '^X     (F2)      Close the current buffer / Exit from nano',
    '^O     (F3)      Write the current buffer (or the marked region) to disk',
    '^R     (Ins)     Insert another file into current buffer (or into new buffer)',
  ],
  [
    '^W     (F6)      Search forward for a string or a regular expression',
    '^\\     (M-R)     Replace a string or a regular expression',
    '^K     (F9)      Cut current line (or marked region) and store it in cutbuffer',
    '^U     (F10)     Paste the contents of cutbuffer at current cursor position',
  ],
  [
    '^T               Execute a function or an external command',
    '^J     (F4)      Justify the current paragraph',
  ],
  [
    '^C     (F11)     Display the position of the cursor',
    '^/     (M-G)     Go to line and column number',
  ],
  [
    'M-U              Undo the last operation',
    'M-E              Redo the last undone operation',
  ],
  [
    'M-A    (^6)      Mark text starting from the cursor position',
    'M-6    (M-^)     Copy current line (or marked region) and store it in cutbuffer',
  ],
  [
    'M-]              Go to the matching bracket',
  ],
  [
    '^Q               Search backward for a string or a regular expression',
    'M-Q              Search next occurrence backward',
    'M-W              Search next occurrence forward',
  ],
  [
    '^B     (◂)       Go back one character',
    '^F     (▸)       Go forward one character',
    '^◂     (M-Space) Go back one word',
    '^▸     (^Space)  Go forward one word',
    '^A     (Home)    Go to beginning of current line',
    '^E     (End)     Go to end of current line',
  ],
  [
    '^P     (▴)       Go to previous line',
    '^N     (▾)       Go to next line',
    'M-▴    (M--)     Scroll up one line without moving the cursor textually',
    'M-▾    (M-+)     Scroll down one line without moving the cursor textually',
  ],
  [
    '^▴     (M-7)     Go to previous block of text',
    '^▾     (M-8)     Go to next block of text',
    'M-(    (M-9)     Go to beginning of paragraph; then of previous paragraph',
    'M-)    (M-0)     Go just beyond end of paragraph; then of next paragraph',
  ],
  [
    '^Y     (PgUp)    Go one screenful up',
    '^V     (PgDn)    Go one screenful down',
    'M-\\    (^Home)   Go to the first line of the file',
    'M-/    (^End)    Go to the last line of the file',
  ],
  [
    'M-◂    (M-,)     Switch to the previous file buffer',
    'M-▸    (M-.)     Switch to the next file buffer',
  ],
  [
    '^I     (Tab)     Insert a tab at the cursor position (or indent marked lines)',
    '^M     (Enter)   Insert a newline at the cursor position',
  ],
  [
    '^H     (Bsp)     Delete the character to the left of the cursor',
    '^D     (Del)     Delete the character under the cursor',
  ],
  [
    'M-Bsp  (Sh-^Del) Delete backward from cursor to word start',
    '^Del             Delete forward from cursor to next word start',
    'M-T              Cut from the cursor position to the end of the file',
  ],
  [
    'M-J              Justify the entire file',
    'M-D              Count the number of lines, words, and characters',
    'M-V              Insert the next keystroke verbatim',
  ],
  [
    'M-}              Indent the current line (or marked lines)',
    'M-{    (Sh-Tab)  Unindent the current line (or marked lines)',
  ],
  [
    'M-3              Comment/uncomment the current line (or marked lines)',
    '^]               Try and complete the current word',
  ],
  [
    'M-:              Start/stop recording a macro',
    'M-;              Run the last recorded macro',
  ],
  [
    'M-Del            Throw away the current line (or marked region)',
  ],
  [
    'M-Ins            Place or remove an anchor at the current line',
    'M-PgUp           Jump backward to the nearest anchor',
    'M-PgDn           Jump forward to the nearest anchor',
  ],
  [
    'F12              Invoke the spell checker, if available',
    'M-B              Invoke the linter, if available',
    'M-F              Invoke a program to format/arrange/manipulate the buffer',
  ],
  [
    '                 Suspend the editor (return to the shell)',
    '^L               Refresh (redraw) the current screen',
    '^L               Center the line where the cursor is',
  ],
  [
    '^S               Save file without prompting',
  ],
  [
    'M-Z              Hidden interface enable/disable',
    'M-X              Help mode enable/disable',
    'M-C              Constant cursor position display enable/disable',
    'M-S              Soft wrapping of overlong lines enable/disable',
    'M-N              Line numbering enable/disable',
    'M-P              Whitespace display enable/disable',
    'M-Y              Color syntax highlighting enable/disable',
  ],
  [
    'M-H              Smart home key enable/disable',
    'M-I              Auto indent enable/disable',
    'M-K              Cut to end enable/disable',
    'M-L              Hard wrapping of overlong lines enable/disable',
    'M-O              Conversion of typed tabs to spaces enable/disable',
    'M-M              Mouse support enable/disable',
  ],
]

/**
 * nano's break_line() with snap_at_nl, as the help text uses it: how many characters from `from`
 * go on one line of at most `goal` columns. The line breaks at its last blank that fits (not in
 * the first 18 columns, where the keys are, unless the goal is under 40), or at a newline, or,
 * with no blank to break at, in the middle of a word. Leading blanks are never a break.
 */
function breakLine(text: readonly string[], from: number, goal: number): number {
  let at = from
  let column = 0
  let lastBlank = -1
  while (text[at] === ' ') {
    column += 1
    at++
  }
  while (at < text.length && column <= goal) {
    const char = text[at] ?? ''
    if (char === ' ' && (column > 17 || goal < 40)) lastBlank = at
    else if (char === '\n') {
      lastBlank = at
      break
    }
    column += charWidth(char)
    at++
  }
  if (column <= goal) return at - from
  if (lastBlank < 0) return at - 1 - from
  // A run of blanks stays together: the break is at its last blank.
  while (text[lastBlank + 1] === ' ') lastBlank++
  return lastBlank - from
}

/**
 * The help text as nano puts it into its help buffer for a terminal `columns` wide and `rows`
 * high: a blank first line (when more than 6 rows), the introduction wrapped at 40 to 74
 * columns, then the keys, a description too long for the width continuing on lines indented by
 * 18 columns. A wrapped line's next line begins with the blank it broke at.
 */
export function helpBuffer(columns: number, rows: number): string[] {
  const introText = [...`${intro.join('\n\n')}\n\n`]
  const text = [...introText, ...`${keys.map((group) => group.join('\n')).join('\n\n')}\n`]
  const lines: string[] = rows > 6 ? [' '] : []
  const wide = Math.max(columns, 40)
  let at = 0
  while (at < text.length) {
    let length: number
    if (at < introText.length || text[at - 1] === '\n') {
      length = breakLine(text, at, at < introText.length ? Math.min(wide, 74) : wide)
      // A blank just before the break is left out.
      const cut = text[at + length - 1] === ' ' ? length - 1 : length
      lines.push(text.slice(at, at + cut).join(''))
    } else {
      length = breakLine(text, at, columns < 40 ? 22 : columns - 18)
      lines.push(' '.repeat(18) + text.slice(at, at + length).join(''))
    }
    at += length
    // After a break at a blank, the next line starts at that blank; after a newline, past it,
    // and each further newline is an empty line.
    if (text[at] === '\n') {
      at++
      while (text[at] === '\n') {
        lines.push('')
        at++
      }
    }
  }
  return lines
}
