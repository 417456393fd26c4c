/**
 * Terminal column widths (East Asian Width), so the line editor and nano put the cursor where
 * xterm draws: CJK and full-width forms take two columns, combining marks none.
 */

const wide: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
  [0xa000, 0xa4cf], [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f], [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
]

const zero: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f], [0x200b, 0x200f], [0x3099, 0x309a], [0xfe00, 0xfe0f], [0xe0100, 0xe01ef],
]

function inRanges(code: number, ranges: readonly (readonly [number, number])[]): boolean {
  for (const [from, to] of ranges) if (code >= from && code <= to) return true
  return false
}

/** Columns one character (one code point) takes. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return 0
  if (inRanges(code, zero)) return 0
  return inRanges(code, wide) ? 2 : 1
}

// CSI, OSC and two-byte escapes take no columns.
const escapes = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[@-Z\\-_=>]/g

/** Columns a string takes on one line, ignoring ANSI sequences. */
export function stringWidth(text: string): number {
  let width = 0
  for (const char of text.replace(escapes, '')) width += charWidth(char)
  return width
}

/** The column after `text` is written from column `col` (tracks where the prompt starts). */
export function advanceColumn(col: number, text: string, columns: number): number {
  let at = col
  for (const part of text.split(escapes)) {
    for (const char of part) {
      if (char === '\r' || char === '\n') at = 0
      else if (char === '\b') at = Math.max(0, at - 1)
      else {
        at += charWidth(char)
        if (at > columns) at = charWidth(char)
      }
    }
  }
  return at >= columns ? 0 : at
}
