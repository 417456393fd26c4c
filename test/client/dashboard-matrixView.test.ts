import { describe, expect, it } from 'vitest'
import { exportFileName } from '../../src/client/dashboard/api.ts'
import { defaultQuery, isFinished, viewRows, type MatrixQuery } from '../../src/client/dashboard/matrixView.ts'
import { cleanToken } from '../../src/client/dashboard/token.ts'
import type { MatrixRow } from '../../src/client/dashboard/types.ts'

type Statuses = MatrixRow['statuses']

function row(id: number, studentId: string, name: string | null, statuses: Partial<Record<string, MatrixRow['statuses'][keyof Statuses]>>, receivedAt?: string): MatrixRow {
  return {
    student: { id, studentId, name, host: null },
    last: receivedAt ? { reportId: id, receivedAt, address: '192.0.2.1', source: 'submit', summary: { pass: 0, fail: 0, warn: 0, unknown: 0, total: 0 } } : null,
    outsideAt: null,
    outsideAddress: null,
    statuses: statuses as Statuses,
    disagreements: [],
  }
}

const checks = ['a', 'b'] as unknown as Array<keyof Statuses>
const rows = [
  row(1, 's10', '山田', { a: 'pass', b: 'pass' }, '2026-12-01T10:00:00Z'),
  row(2, 's2', '佐藤', { a: 'fail', b: 'pass' }, '2026-12-01T11:00:00Z'),
  row(3, 's3', null, { a: null, b: null }),
]
const ids = (query: Partial<MatrixQuery>) => viewRows(rows, { ...defaultQuery, ...query }, checks).map((r) => r.student.studentId)

describe('the class matrix view', () => {
  it.each([
    ['student number, numeric order', {}, ['s2', 's3', 's10']],
    ['descending', { descending: true }, ['s10', 's3', 's2']],
    ['passed count', { sort: 'passed' as const, descending: true }, ['s10', 's2', 's3']],
    ['last report', { sort: 'lastReport' as const }, ['s3', 's10', 's2']],
    ['text: name', { text: '佐藤' }, ['s2']],
    ['text: number, any case', { text: 'S1' }, ['s10']],
    ['status of a check', { check: 'a' as never, status: 'fail' as const }, ['s2']],
    ['no report for a check', { check: 'a' as never, status: 'none' as const }, ['s3']],
    ['not finished', { notFinished: true }, ['s2', 's3']],
  ])('%s', (_name, query, expected) => {
    expect(ids(query)).toEqual(expected)
  })

  it('calls a learner without a report not finished', () => {
    expect(isFinished(rows[2]!, [])).toBe(false)
  })
})

describe('small helpers', () => {
  it.each([
    [`attachment; filename="class-1.csv"; filename*=UTF-8''${encodeURIComponent('1年A組.csv')}`, '1年A組.csv'],
    ['attachment; filename="class-1.csv"', 'class-1.csv'],
    [null, undefined],
  ])('export file name of %s', (header, name) => {
    expect(exportFileName(header)).toBe(name)
  })

  it('accepts a pasted token with spaces around, and nothing else', () => {
    const token = 'A'.repeat(43)
    expect(cleanToken(`  ${token}\n`)).toBe(token)
    expect(cleanToken('short')).toBeUndefined()
    expect(cleanToken(`${token}?x`)).toBeUndefined()
  })
})
