/** What the grading API answers (src/node/grading/api.ts). Types only: nothing of Node ships. */
import type { Report } from '../../../checker/report/index.ts'
import type { Status } from '../../../checker/rules/types.ts'
import type { ClassMatrix, MatrixColumn, MatrixRow } from '../../node/grading/matrix.ts'
import type { OutsideResult, OutsideVerdict } from '../../node/grading/outside.ts'
import type { ClassRecord, ReportRecord } from '../../node/grading/store/index.ts'

export type { ClassMatrix, ClassRecord, MatrixColumn, MatrixRow, OutsideResult, OutsideVerdict, Report, Status }

export interface StudentView {
  id: number
  classId: number
  className: string
  studentId: string
  name: string | null
  host: string | null
}

export type ReportView = ReportRecord & { verdicts: OutsideVerdict[] | null }
export type FullReportView = ReportView & { report: Report }

/** GET /api/me and GET /api/students/:id/reports */
export interface LearnerHistory {
  student: StudentView
  reports: ReportView[]
  latest: FullReportView | null
}
