/**
 * The class at a glance: learners × checks with each one's latest status, the outside columns,
 * and how much of the class has passed each check. Pure: built from what the store returned.
 */
import { catalog, type CheckId } from '../../../checker/catalog.ts'
import type { Status } from '../../../checker/rules/types.ts'
import type { Text } from './messages.ts'
import { outsideCheckIds, outsideTitles, outsideVerdicts, type OutsideCheckId } from './outside.ts'
import type { ClassRecord, LatestRecord, ReportSource, ReportSummary, StudentRecord } from './store/index.ts'

export type ColumnId = CheckId | OutsideCheckId

export interface MatrixColumn {
  id: ColumnId
  /** `inside`: the learner's own report; `outside`: the server's probe */
  source: 'inside' | 'outside'
  group: string
  title: Text
}

export interface MatrixRow {
  student: { id: number; studentId: string; name: string | null; host: string | null }
  last: { reportId: number; receivedAt: string; address: string; source: ReportSource; summary: ReportSummary } | null
  outsideAt: string | null
  outsideAddress: string | null
  /** null: no report (or no probe) yet */
  statuses: Record<ColumnId, Status | null>
  /** outside checks that fail where the learner's own report passes their inside twin (see crossChecks) */
  disagreements: OutsideCheckId[]
}

export interface Completion {
  pass: number
  /** learners in the class */
  of: number
  /** pass / of, 0 when the class is empty */
  rate: number
}

export interface ClassMatrix {
  class: { id: number; name: string }
  generatedAt: string
  columns: MatrixColumn[]
  rows: MatrixRow[]
  completion: Record<ColumnId, Completion>
}

export const matrixColumns: readonly MatrixColumn[] = [
  ...catalog.map((entry): MatrixColumn => ({ id: entry.id, source: 'inside', group: entry.group, title: entry.title })),
  ...outsideCheckIds.map((id): MatrixColumn => ({ id, source: 'outside', group: 'outside', title: outsideTitles[id] })),
]

/**
 * What the learner's report and the probe from outside both answer. The report passing a check
 * while its outside twin fails is worth a look: a cloud firewall in front of the server, a change
 * since the report, or a report that did not come from the host probed.
 */
export const crossChecks: readonly (readonly [inside: CheckId, outside: OutsideCheckId])[] = [
  ['ssh.port-listening', 'outside.ssh'],
  ['ssh.port22-closed', 'outside.port22'],
  ['firewall.allow-http', 'outside.http'],
]

export function disagreements(statuses: Readonly<Record<ColumnId, Status | null>>): OutsideCheckId[] {
  return crossChecks.filter(([inside, outside]) => statuses[inside] === 'pass' && statuses[outside] === 'fail').map(([, outside]) => outside)
}

function emptyStatuses(): Record<ColumnId, Status | null> {
  return Object.fromEntries(matrixColumns.map((column) => [column.id, null])) as Record<ColumnId, Status | null>
}

export function buildMatrix(
  classRecord: Pick<ClassRecord, 'id' | 'name'>,
  students: readonly StudentRecord[],
  latest: ReadonlyMap<number, LatestRecord>,
  now: Date = new Date(),
): ClassMatrix {
  const rows = students.map((student): MatrixRow => {
    const statuses = emptyStatuses()
    const entry = latest.get(student.id)
    if (entry) {
      for (const result of entry.report.report.results) statuses[result.id] = result.status
      if (entry.outside) for (const verdict of outsideVerdicts(entry.outside)) statuses[verdict.id] = verdict.status
    }
    const report = entry?.report
    return {
      student: { id: student.id, studentId: student.studentId, name: student.name, host: student.host },
      last: report ? { reportId: report.id, receivedAt: report.receivedAt, address: report.address, source: report.source, summary: report.summary } : null,
      outsideAt: entry?.outside?.probedAt ?? null,
      outsideAddress: entry?.outside?.address ?? null,
      statuses,
      disagreements: disagreements(statuses),
    }
  })
  const completion = Object.fromEntries(
    matrixColumns.map((column) => {
      const pass = rows.filter((row) => row.statuses[column.id] === 'pass').length
      return [column.id, { pass, of: rows.length, rate: rows.length === 0 ? 0 : pass / rows.length }]
    }),
  ) as Record<ColumnId, Completion>
  return { class: { id: classRecord.id, name: classRecord.name }, generatedAt: now.toISOString(), columns: [...matrixColumns], rows, completion }
}
