/**
 * The grading store: what the CLI and the API need from a database, and nothing of SQL.
 * Every method is asynchronous so another database could stand behind the same interface.
 * Tokens never enter or leave it in clear except as the one-time return of the call that made them.
 */
import type { Report } from '../../../../checker/report/index.ts'
import type { OutsideResult } from '../outside.ts'

export interface ClassRecord {
  id: number
  name: string
  createdAt: string
  students: number
}

export interface StudentInput {
  /** the school's student number (学籍番号), unique within a class */
  studentId: string
  name?: string | undefined
  /** the learner's server as the instructor registered it: probed and pulled */
  host?: string | undefined
}

export interface StudentRecord {
  /** the store's own number, used in URLs */
  id: number
  classId: number
  className: string
  studentId: string
  name: string | null
  host: string | null
  createdAt: string
}

export type ReportSource = 'submit' | 'pull'

export interface ReportInput {
  student: number
  /** who connected: the submitter's address, or the host pulled */
  address: string
  source: ReportSource
  /** validated against the checker's schema before it is stored */
  report: unknown
  /** an outside probe made before storing (pull); a submission's probe comes later via setOutside */
  outside?: OutsideResult | undefined
}

export interface ReportSummary {
  pass: number
  fail: number
  warn: number
  unknown: number
  total: number
}

export interface ReportRecord {
  id: number
  student: number
  /** server time, ISO 8601 */
  receivedAt: string
  address: string
  source: ReportSource
  summary: ReportSummary
  outside: OutsideResult | null
}

export interface FullReportRecord extends ReportRecord {
  report: Report
}

export interface LatestRecord {
  report: FullReportRecord
  outside: OutsideResult | null
}

export interface StoreOptions {
  /** @default () => new Date() */
  now?: () => Date
}

export interface GradingStore {
  /** Stores the instructor token's hash, replacing any earlier one. */
  setInstructorToken(hash: Buffer): Promise<void>
  hasInstructorToken(): Promise<boolean>
  isInstructorToken(hash: Buffer): Promise<boolean>

  addClass(name: string): Promise<ClassRecord>
  listClasses(): Promise<ClassRecord[]>
  findClass(nameOrId: string | number): Promise<ClassRecord | undefined>

  /** All or none: a duplicate student number rejects the whole batch. Returns each learner's token once. */
  addStudents(classId: number, students: readonly StudentInput[]): Promise<{ student: StudentRecord; token: string }[]>
  /** A new token for a learner; the old one stops working. */
  rotateStudentToken(student: number): Promise<string>
  findStudentByToken(hash: Buffer): Promise<StudentRecord | undefined>
  findStudent(id: number): Promise<StudentRecord | undefined>
  findStudentInClass(classId: number, studentId: string): Promise<StudentRecord | undefined>
  listStudents(classId: number): Promise<StudentRecord[]>

  /** Resolves once the report is durable on disk. */
  addReport(input: ReportInput): Promise<ReportRecord>
  setOutside(reportId: number, result: OutsideResult): Promise<void>
  getReport(id: number): Promise<FullReportRecord | undefined>
  /** newest first */
  history(student: number, limit?: number): Promise<ReportRecord[]>
  /**
   * Per student of the class (absent when they have no report): the newest report with its full
   * content, and the newest outside probe, which may belong to an earlier report while the newest
   * one's probe is still running.
   */
  latestForClass(classId: number): Promise<Map<number, LatestRecord>>
  /** reports with an id above `after`, oldest first: how a server notices what `grade pull` wrote */
  reportsAfter(after: number, limit?: number): Promise<ReportRecord[]>
  lastReportId(): Promise<number>

  close(): Promise<void>
}
