/** Sorting and filtering the class matrix, and how a status reads. Pure, so tests need no page. */
import type { ColumnId, MatrixRow } from '../../node/grading/matrix.ts'
import type { Status } from './types.ts'

export type StatusFilter = Status | 'none'

export interface MatrixQuery {
  /** matches the student number, the name or the host, ignoring case */
  text: string
  /** only rows where this check has `status` */
  check: ColumnId | ''
  status: StatusFilter | ''
  /** only learners with a check not passed (or no report at all) */
  notFinished: boolean
  sort: 'studentId' | 'name' | 'lastReport' | 'passed'
  descending: boolean
}

export const defaultQuery: MatrixQuery = { text: '', check: '', status: '', notFinished: false, sort: 'studentId', descending: false }

export const statusMark: Record<Status, string> = { pass: '✔', fail: '✖', warn: '!', unknown: '?' }

/** The outside check `id` fails where the learner's own report passes its twin. */
export function disagrees(row: MatrixRow, id: ColumnId): boolean {
  return (row.disagreements as readonly ColumnId[]).includes(id)
}

export function passedCount(row: MatrixRow): number {
  return Object.values(row.statuses).filter((status) => status === 'pass').length
}

/** Not finished: no report yet, or some check of the learner's report is not `pass`. */
export function isFinished(row: MatrixRow, checks: readonly ColumnId[]): boolean {
  return row.last !== null && checks.every((id) => row.statuses[id] === 'pass')
}

const collator = new Intl.Collator(['ja', 'en'], { numeric: true, sensitivity: 'base' })

export function viewRows(rows: readonly MatrixRow[], query: MatrixQuery, checks: readonly ColumnId[]): MatrixRow[] {
  const text = query.text.trim().toLowerCase()
  const kept = rows.filter((row) => {
    if (text) {
      const haystack = [row.student.studentId, row.student.name ?? '', row.student.host ?? ''].join('\n').toLowerCase()
      if (!haystack.includes(text)) return false
    }
    if (query.check && query.status) {
      const status = row.statuses[query.check]
      if (query.status === 'none' ? status !== null : status !== query.status) return false
    }
    if (query.notFinished && isFinished(row, checks)) return false
    return true
  })
  const key = (row: MatrixRow): string | number => {
    switch (query.sort) {
      case 'name':
        return row.student.name ?? ''
      case 'lastReport':
        return row.last?.receivedAt ?? ''
      case 'passed':
        return passedCount(row)
      default:
        return row.student.studentId
    }
  }
  const sign = query.descending ? -1 : 1
  return kept.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    const order = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collator.compare(String(ka), String(kb))
    return sign * (order || collator.compare(a.student.studentId, b.student.studentId))
  })
}
