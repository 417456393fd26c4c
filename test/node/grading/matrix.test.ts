import { describe, expect, it } from 'vitest'
import type { Status } from '../../../checker/rules/types.ts'
import { buildMatrix, crossChecks, disagreements, matrixColumns, type ColumnId } from '../../../src/node/grading/matrix.ts'
import { matrixToCsv } from '../../../src/node/grading/export.ts'
import type { OutsideResult } from '../../../src/node/grading/outside.ts'
import { sampleReport, tempStore } from './_helpers.ts'

const statuses = (given: Partial<Record<ColumnId, Status>>): Record<ColumnId, Status | null> =>
  Object.fromEntries(matrixColumns.map((column) => [column.id, given[column.id] ?? null])) as Record<ColumnId, Status | null>

describe('where the learner’s report and the outside probe disagree', () => {
  it.each<[string, Partial<Record<ColumnId, Status>>, string[]]>([
    ['both pass', { 'ssh.port-listening': 'pass', 'outside.ssh': 'pass' }, []],
    ['the report passes, no SSH banner from outside (a cloud firewall?)', { 'ssh.port-listening': 'pass', 'outside.ssh': 'fail' }, ['outside.ssh']],
    ['the report fails too: nothing to explain', { 'ssh.port-listening': 'fail', 'outside.ssh': 'fail' }, []],
    ['port 22 closed inside, connects from outside', { 'ssh.port22-closed': 'pass', 'outside.port22': 'fail' }, ['outside.port22']],
    ['80 allowed inside, no HTTP from outside', { 'firewall.allow-http': 'pass', 'outside.http': 'fail' }, ['outside.http']],
    ['outside unknown (host down): no claim either way', { 'ssh.port22-closed': 'pass', 'outside.port22': 'unknown' }, []],
    ['no probe yet', { 'ssh.port-listening': 'pass' }, []],
    ['no report yet', { 'outside.ssh': 'fail' }, []],
    [
      'all three at once, in the columns’ order',
      { 'ssh.port-listening': 'pass', 'ssh.port22-closed': 'pass', 'firewall.allow-http': 'pass', 'outside.ssh': 'fail', 'outside.port22': 'fail', 'outside.http': 'fail' },
      ['outside.ssh', 'outside.port22', 'outside.http'],
    ],
  ])('%s', (_name, given, expected) => {
    expect(disagreements(statuses(given))).toEqual(expected)
  })

  it('pairs only real columns, each outside check once', () => {
    const ids = new Set(matrixColumns.map((column) => column.id))
    for (const [inside, outside] of crossChecks) expect([ids.has(inside), ids.has(outside)]).toEqual([true, true])
    expect(new Set(crossChecks.map(([, outside]) => outside)).size).toBe(crossChecks.length)
  })

  it('marks the row and names the checks in the CSV, from a real store', async () => {
    const { store, cleanup } = await tempStore()
    try {
      const cls = await store.addClass('1年A組')
      const [added] = await store.addStudents(cls.id, [{ studentId: 's07', name: '山田 花子', host: '192.0.2.7' }])
      const report = await store.addReport({ student: added!.student.id, address: '192.0.2.7', source: 'submit', report: sampleReport('pass') })
      // the learner's server passes everything, yet from outside 54723 times out
      const outside: OutsideResult = {
        address: '192.0.2.7',
        probedAt: '2026-11-29T10:00:01.000Z',
        durationMs: 3000,
        ssh: { port: 54723, state: 'timeout', detail: '', ms: 3000 },
        closed: { port: 22, state: 'timeout', detail: '', ms: 1500 },
        http: { port: 80, state: 'answered', detail: 'HTTP/1.1 200 OK', ms: 3 },
      }
      await store.setOutside(report.id, outside)
      const matrix = buildMatrix(cls, await store.listStudents(cls.id), await store.latestForClass(cls.id))
      expect(matrix.rows[0]!.disagreements).toEqual(['outside.ssh'])
      const [header, row] = matrixToCsv(matrix).replace(/^\uFEFF/, '').split('\r\n')
      expect(header!.split(',').at(-1)).toBe('報告と外部確認の食い違い')
      expect(row!.split(',').at(-1)).toBe('外部確認: SSH (新ポート) が応答')
    } finally {
      await store.close()
      await cleanup()
    }
  })
})
