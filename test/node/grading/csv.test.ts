import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvCell, decodeCsvBytes, formatCsv, parseCsv } from '../../../src/node/grading/csv.ts'
import { parseRoster, parseRosterBytes } from '../../../src/node/grading/roster.ts'
import { fixtureDir } from './_helpers.ts'

const file = (name: string) => readFileSync(join(fixtureDir, name))

describe('class lists from CSV files', () => {
  it.each(['roster-utf8.csv', 'roster-bom.csv'])('reads %s', (name) => {
    const roster = parseRosterBytes(file(name), name)
    expect(roster).toEqual({
      ok: true,
      students: [
        { studentId: 's001', name: '山田 太郎', host: '192.0.2.10' },
        { studentId: 's002', name: '鈴木, 花子', host: undefined },
        { studentId: 's003', name: '佐藤 次郎', host: 'learner3.example.org' },
      ],
    })
  })

  it.each([
    ['roster-sjis.csv', /Shift_JIS/, /Shift_JIS/],
    ['roster-utf16.csv', /UTF-16/, /UTF-16/],
  ])('refuses %s in both languages', (name, ja, en) => {
    const roster = parseRosterBytes(file(name), name)
    expect(roster.ok).toBe(false)
    if (!roster.ok) {
      expect(roster.reason.ja).toMatch(ja)
      expect(roster.reason.ja).toContain('UTF-8 で保存し直してください')
      expect(roster.reason.en).toMatch(en)
    }
  })

  it('refuses other invalid UTF-8 without calling it Shift_JIS', () => {
    const decoded = decodeCsvBytes(Uint8Array.from([0x69, 0x64, 0x0a, 0xc3, 0x28]))
    expect(decoded).toMatchObject({ ok: false, reason: { en: 'the file is not valid UTF-8' } })
  })

  it.each([
    ['no header', 's001,山田,\n', /header/],
    ['a duplicate id', 'id,name\ns1,a\ns1,b\n', /:3: .*repeats line 2/],
    ['a bad host', 'id,host\ns1,-oProxyCommand=x\n', /:2: invalid host/],
    ['a host with a user', 'id,host\ns1,root@192.0.2.1\n', /invalid host/],
    ['a bad id', 'id\n<script>\n', /invalid student id/],
    ['no students', 'id,name,host\n', /no students/],
    ['an open quote', 'id,name\ns1,"abc\n', /unterminated/],
  ])('refuses %s and names the line', (_name, text, message) => {
    const roster = parseRoster(text, 'list.csv')
    expect(roster.ok).toBe(false)
    if (!roster.ok) expect(roster.reason.en).toMatch(message)
  })

  it('accepts Japanese headers in any order', () => {
    expect(parseRoster('氏名,学籍番号\n山田,s1\n', 'x.csv')).toEqual({ ok: true, students: [{ studentId: 's1', name: '山田', host: undefined }] })
  })

  it('parses quotes, doubled quotes, CRLF and newlines inside fields', () => {
    expect(parseCsv('a,"b ""c""",d\r\n"x\ny",,z\n\n')).toEqual({
      ok: true,
      rows: [
        { line: 1, cells: ['a', 'b "c"', 'd'] },
        { line: 2, cells: ['x\ny', '', 'z'] },
      ],
    })
  })
})

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['山田 太郎', '山田 太郎'],
    ['=1+1', "'=1+1"],
    ['+81', "'+81"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['a,b', '"a,b"'],
    ['line\nbreak', '"line\nbreak"'],
    [null, ''],
    [3, '3'],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell)
  })

  it('writes a BOM and CRLF lines', () => {
    expect(formatCsv([['学籍番号', '氏名'], ['s1', '=x']])).toBe("\uFEFF学籍番号,氏名\r\ns1,'=x\r\n")
  })
})
