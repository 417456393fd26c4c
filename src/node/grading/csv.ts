/** CSV in and out, as a school's spreadsheet makes and reads it. Pure: bytes and strings only. */
import type { Text } from './messages.ts'

const bom = '\uFEFF'

export type Decoded = { ok: true; text: string } | { ok: false; reason: Text }

/** Counts byte pairs that are a Shift_JIS double-byte character (lead 81–9F/E0–FC, trail 40–7E/80–FC). */
function shiftJisPairs(bytes: Uint8Array): number {
  let pairs = 0
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i]!
    if ((lead >= 0x81 && lead <= 0x9f) || (lead >= 0xe0 && lead <= 0xfc)) {
      const trail = bytes[i + 1]!
      if ((trail >= 0x40 && trail <= 0x7e) || (trail >= 0x80 && trail <= 0xfc)) {
        pairs++
        i++
      }
    }
  }
  return pairs
}

/** UTF-8 with or without BOM; anything else is refused with a reason a teacher can act on. */
export function decodeCsvBytes(bytes: Uint8Array): Decoded {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      reason: {
        ja: 'UTF-16 で保存されています。UTF-8 で保存し直してください (Excel なら「CSV UTF-8 (コンマ区切り)」)',
        en: 'the file is UTF-16; save it as "CSV UTF-8 (Comma delimited)" and try again',
      },
    }
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    return { ok: true, text: text.startsWith(bom) ? text.slice(1) : text }
  } catch {
    if (shiftJisPairs(bytes) > 0) {
      return {
        ok: false,
        reason: {
          ja: 'Shift_JIS で保存されているようです。UTF-8 で保存し直してください (Excel なら「CSV UTF-8 (コンマ区切り)」)',
          en: 'the file looks like Shift_JIS; save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)") and try again',
        },
      }
    }
    return { ok: false, reason: { ja: 'UTF-8 として読めないファイルです', en: 'the file is not valid UTF-8' } }
  }
}

export interface CsvRow {
  /** 1-based line where the row starts */
  line: number
  cells: string[]
}

export type Parsed = { ok: true; rows: CsvRow[] } | { ok: false; reason: Text }

/** RFC 4180: commas, double-quoted fields with "" inside, CRLF or LF; blank lines skipped. */
export function parseCsv(text: string): Parsed {
  const rows: CsvRow[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let fieldStarted = false
  const endRow = (): void => {
    cells.push(cell)
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells })
    cells = []
    cell = ''
    fieldStarted = false
  }
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (char === '\n') line++
        cell += char
      }
      continue
    }
    if (char === '"' && !fieldStarted) {
      quoted = true
      fieldStarted = true
    } else if (char === ',') {
      cells.push(cell)
      cell = ''
      fieldStarted = false
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else {
      cell += char
      fieldStarted = true
    }
  }
  if (quoted) return { ok: false, reason: { ja: `${rowLine} 行目: 引用符 (") が閉じていません`, en: `line ${rowLine}: unterminated quote` } }
  if (cell !== '' || cells.length > 0) endRow()
  return { ok: true, rows }
}

/**
 * One cell for a spreadsheet: quoted when it must be, and never read as a formula. A value from a
 * learner (a name, a banner) starting with = + - @ (or a tab or CR) gets a leading apostrophe.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to a file Excel opens as UTF-8: BOM, CRLF. */
export function formatCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return bom + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
