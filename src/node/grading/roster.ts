/** A class list (名簿) from CSV: columns id,name,host with a header row. Pure. */
import { decodeCsvBytes, parseCsv } from './csv.ts'
import { isValidHost } from './hosts.ts'
import type { Text } from './messages.ts'
import type { StudentInput } from './store/index.ts'

const headerNames: Record<'studentId' | 'name' | 'host', readonly string[]> = {
  studentId: ['id', 'student_id', 'studentid', '学籍番号', '番号'],
  name: ['name', '氏名', '名前'],
  host: ['host', 'address', 'ホスト', 'アドレス', 'ipアドレス'],
}

export type Roster = { ok: true; students: StudentInput[] } | { ok: false; reason: Text }

/** A student number: what a school prints on a card, nothing that could be markup or a path. */
export function isValidStudentId(value: string): boolean {
  return /^[\p{L}\p{N}._-]{1,64}$/u.test(value)
}

export function parseRosterBytes(bytes: Uint8Array, file: string): Roster {
  const decoded = decodeCsvBytes(bytes)
  if (!decoded.ok) return { ok: false, reason: { ja: `${file}: ${decoded.reason.ja}`, en: `${file}: ${decoded.reason.en}` } }
  return parseRoster(decoded.text, file)
}

export function parseRoster(text: string, file: string): Roster {
  const fail = (line: number, ja: string, en: string): Roster => ({ ok: false, reason: { ja: `${file}:${line}: ${ja}`, en: `${file}:${line}: ${en}` } })
  const parsed = parseCsv(text)
  if (!parsed.ok) return { ok: false, reason: { ja: `${file}: ${parsed.reason.ja}`, en: `${file}: ${parsed.reason.en}` } }
  const [header, ...rows] = parsed.rows
  if (!header) return fail(1, '空のファイルです', 'the file is empty')
  const normalised = header.cells.map((cell) => cell.trim().toLowerCase())
  const column = (key: keyof typeof headerNames): number => normalised.findIndex((cell) => headerNames[key].includes(cell))
  const idColumn = column('studentId')
  const nameColumn = column('name')
  const hostColumn = column('host')
  if (idColumn === -1) return fail(header.line, '1 行目に見出し (id,name,host) が必要です', 'the first line must be a header: id,name,host')
  const students: StudentInput[] = []
  const seen = new Map<string, number>()
  for (const row of rows) {
    const cell = (index: number): string => (index === -1 ? '' : (row.cells[index] ?? '').trim())
    const studentId = cell(idColumn)
    const name = cell(nameColumn)
    const host = cell(hostColumn)
    if (!isValidStudentId(studentId)) return fail(row.line, `学籍番号が不正です: ${JSON.stringify(studentId)}`, `invalid student id: ${JSON.stringify(studentId)}`)
    const earlier = seen.get(studentId)
    if (earlier !== undefined) return fail(row.line, `学籍番号 ${studentId} が ${earlier} 行目と重複しています`, `student id ${studentId} repeats line ${earlier}`)
    seen.set(studentId, row.line)
    if (name.length > 100) return fail(row.line, '氏名が長すぎます (100 文字まで)', 'name too long (100 characters at most)')
    if (host && !isValidHost(host)) return fail(row.line, `ホストが不正です: ${JSON.stringify(host)}`, `invalid host: ${JSON.stringify(host)}`)
    students.push({ studentId, name: name || undefined, host: host || undefined })
  }
  if (students.length === 0) return fail(header.line, '受講者が 1 人もいません', 'no students in the file')
  return { ok: true, students }
}
