/**
 * The grading store on SQLite (better-sqlite3 12): one file, WAL, synchronous=FULL so a write
 * the API acknowledged survives a crash, prepared statements only.
 *
 * Submissions arrive in bursts (a class running `check --submit` together), so reports are
 * committed in groups: every report queued in the same turn of the event loop goes into one
 * transaction and one fsync, and each caller's promise resolves only after that commit.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { GradingError } from '../messages.ts'
import type { OutsideResult, PortProbe, PortState } from '../outside.ts'
import { checkReport, maxReportBytes } from '../report-input.ts'
import { hashToken, newToken, sameHash } from '../tokens.ts'
import { migrations } from './_migrations.ts'
import type {
  ClassRecord,
  FullReportRecord,
  GradingStore,
  LatestRecord,
  ReportInput,
  ReportRecord,
  ReportSource,
  StoreOptions,
  StudentInput,
  StudentRecord,
} from './types.ts'

export const defaultDataDir = 'data'
export const storeFileName = 'grading.sqlite'

export interface SqliteStoreOptions extends StoreOptions {
  /** Create the folder and the file when missing. @default true */
  create?: boolean
}

/** The store file inside a data folder. */
export function storePath(dataDir: string = defaultDataDir): string {
  return resolve(dataDir, storeFileName)
}

type Row = Record<string, unknown>

interface Pending {
  input: ReportInput & { json: string; summary: ReportRecord['summary'] }
  resolve: (record: ReportRecord) => void
  reject: (error: unknown) => void
}

const instructorKey = 'instructor_token_sha256'

function studentFrom(row: Row): StudentRecord {
  return {
    id: row.id as number,
    classId: row.class_id as number,
    className: row.class_name as string,
    studentId: row.student_number as string,
    name: (row.name as string | null) ?? null,
    host: (row.host as string | null) ?? null,
    createdAt: row.created_at as string,
  }
}

function portFrom(row: Row, prefix: 'ssh' | 'closed' | 'http'): PortProbe {
  return {
    port: row[`${prefix}_port`] as number,
    state: row[`${prefix}_state`] as PortState,
    detail: row[`${prefix}_detail`] as string,
    ms: row[`${prefix}_ms`] as number,
  }
}

function outsideFrom(row: Row): OutsideResult | null {
  if (row.probed_at == null) return null
  return {
    address: row.probe_address as string,
    probedAt: row.probed_at as string,
    durationMs: row.duration_ms as number,
    ssh: portFrom(row, 'ssh'),
    closed: portFrom(row, 'closed'),
    http: portFrom(row, 'http'),
  }
}

function reportFrom(row: Row): ReportRecord {
  return {
    id: row.id as number,
    student: row.student as number,
    receivedAt: row.received_at as string,
    address: row.address as string,
    source: row.source as ReportSource,
    summary: { pass: row.pass as number, fail: row.fail as number, warn: row.warn as number, unknown: row.unknown as number, total: row.total as number },
    outside: outsideFrom(row),
  }
}

function fullReportFrom(row: Row): FullReportRecord {
  return { ...reportFrom(row), report: JSON.parse(row.report_json as string) }
}

const reportColumns = `r.id, r.student, r.received_at, r.address, r.source, r.pass, r.fail, r.warn, r.unknown, r.total,
  o.address AS probe_address, o.probed_at, o.duration_ms,
  o.ssh_port, o.ssh_state, o.ssh_detail, o.ssh_ms, o.closed_port, o.closed_state, o.closed_detail, o.closed_ms,
  o.http_port, o.http_state, o.http_detail, o.http_ms`

const studentColumns = `s.id, s.class_id, c.name AS class_name, s.student_number, s.name, s.host, s.created_at`

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new GradingError('store_too_new', {
      ja: `採点データの版 (${current}) がこのプログラムより新しいです。プログラムを更新してください`,
      en: `the store's schema version ${current} is newer than this program knows`,
    })
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!)
      db.pragma(`user_version = ${version + 1}`)
    })()
  }
}

function restrictFile(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600)
  }
}

/** Opens (and by default creates) the store file at `path`. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): GradingStore {
  const create = options.create ?? true
  const now = options.now ?? (() => new Date())
  if (!existsSync(path)) {
    if (!create) {
      throw new GradingError(
        'no_store',
        { ja: `採点データがありません: ${path} 先に grade init を実行してください`, en: `no grading store at ${path}; run grade init first` },
        500,
      )
    }
    const dir = dirname(path)
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  }
  const db = new Database(path, { fileMustExist: !create })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  restrictFile(path)

  const statements = {
    getSetting: db.prepare<[string], { value: Buffer }>('SELECT value FROM settings WHERE key = ?'),
    putSetting: db.prepare<[string, Buffer]>('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    addClass: db.prepare<[string, string]>('INSERT INTO classes (name, created_at) VALUES (?, ?)'),
    classes: db.prepare<[], Row>(
      'SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM students s WHERE s.class_id = c.id) AS students FROM classes c ORDER BY c.id',
    ),
    classById: db.prepare<[number], Row>(
      'SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM students s WHERE s.class_id = c.id) AS students FROM classes c WHERE c.id = ?',
    ),
    classByName: db.prepare<[string], Row>(
      'SELECT c.id, c.name, c.created_at, (SELECT count(*) FROM students s WHERE s.class_id = c.id) AS students FROM classes c WHERE c.name = ?',
    ),
    addStudent: db.prepare<[number, string, string | null, string | null, Buffer, string]>(
      'INSERT INTO students (class_id, student_number, name, host, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    setStudentToken: db.prepare<[Buffer, number]>('UPDATE students SET token_hash = ? WHERE id = ?'),
    studentByToken: db.prepare<[Buffer], Row>(`SELECT ${studentColumns}, s.token_hash FROM students s JOIN classes c ON c.id = s.class_id WHERE s.token_hash = ?`),
    studentById: db.prepare<[number], Row>(`SELECT ${studentColumns} FROM students s JOIN classes c ON c.id = s.class_id WHERE s.id = ?`),
    studentInClass: db.prepare<[number, string], Row>(
      `SELECT ${studentColumns} FROM students s JOIN classes c ON c.id = s.class_id WHERE s.class_id = ? AND s.student_number = ?`,
    ),
    students: db.prepare<[number], Row>(`SELECT ${studentColumns} FROM students s JOIN classes c ON c.id = s.class_id WHERE s.class_id = ? ORDER BY s.student_number, s.id`),
    addReport: db.prepare<[number, string, string, ReportSource, string, number, number, number, number, number]>(
      'INSERT INTO reports (student, received_at, address, source, report_json, pass, fail, warn, unknown, total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    setOutside: db.prepare(
      `INSERT INTO outside_probes (report_id, address, probed_at, duration_ms, ssh_port, ssh_state, ssh_detail, ssh_ms,
         closed_port, closed_state, closed_detail, closed_ms, http_port, http_state, http_detail, http_ms)
       VALUES (@reportId, @address, @probedAt, @durationMs, @sshPort, @sshState, @sshDetail, @sshMs,
         @closedPort, @closedState, @closedDetail, @closedMs, @httpPort, @httpState, @httpDetail, @httpMs)
       ON CONFLICT (report_id) DO UPDATE SET address = excluded.address, probed_at = excluded.probed_at, duration_ms = excluded.duration_ms,
         ssh_port = excluded.ssh_port, ssh_state = excluded.ssh_state, ssh_detail = excluded.ssh_detail, ssh_ms = excluded.ssh_ms,
         closed_port = excluded.closed_port, closed_state = excluded.closed_state, closed_detail = excluded.closed_detail, closed_ms = excluded.closed_ms,
         http_port = excluded.http_port, http_state = excluded.http_state, http_detail = excluded.http_detail, http_ms = excluded.http_ms`,
    ),
    report: db.prepare<[number], Row>(`SELECT ${reportColumns}, r.report_json FROM reports r LEFT JOIN outside_probes o ON o.report_id = r.id WHERE r.id = ?`),
    history: db.prepare<[number, number], Row>(
      `SELECT ${reportColumns} FROM reports r LEFT JOIN outside_probes o ON o.report_id = r.id WHERE r.student = ? ORDER BY r.id DESC LIMIT ?`,
    ),
    latestReports: db.prepare<[number], Row>(
      `SELECT ${reportColumns}, r.report_json FROM students s
       JOIN reports r ON r.id = (SELECT max(id) FROM reports WHERE student = s.id)
       LEFT JOIN outside_probes o ON o.report_id = r.id
       WHERE s.class_id = ?`,
    ),
    latestOutside: db.prepare<[number], Row>(
      `SELECT s.id AS owner, o.address AS probe_address, o.probed_at, o.duration_ms,
         o.ssh_port, o.ssh_state, o.ssh_detail, o.ssh_ms, o.closed_port, o.closed_state, o.closed_detail, o.closed_ms,
         o.http_port, o.http_state, o.http_detail, o.http_ms
       FROM students s
       JOIN outside_probes o ON o.report_id = (SELECT max(o2.report_id) FROM outside_probes o2 JOIN reports r2 ON r2.id = o2.report_id WHERE r2.student = s.id)
       WHERE s.class_id = ?`,
    ),
    after: db.prepare<[number, number], Row>(`SELECT ${reportColumns} FROM reports r LEFT JOIN outside_probes o ON o.report_id = r.id WHERE r.id > ? ORDER BY r.id LIMIT ?`),
    lastId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM reports'),
  }

  function classFrom(row: Row | undefined): ClassRecord | undefined {
    if (!row) return undefined
    return { id: row.id as number, name: row.name as string, createdAt: row.created_at as string, students: row.students as number }
  }

  function writeOutside(reportId: number, result: OutsideResult): void {
    statements.setOutside.run({
      reportId,
      address: result.address,
      probedAt: result.probedAt,
      durationMs: Math.round(result.durationMs),
      sshPort: result.ssh.port,
      sshState: result.ssh.state,
      sshDetail: result.ssh.detail,
      sshMs: Math.round(result.ssh.ms),
      closedPort: result.closed.port,
      closedState: result.closed.state,
      closedDetail: result.closed.detail,
      closedMs: Math.round(result.closed.ms),
      httpPort: result.http.port,
      httpState: result.http.state,
      httpDetail: result.http.detail,
      httpMs: Math.round(result.http.ms),
    })
  }

  function insertReport(input: Pending['input']): ReportRecord {
    const receivedAt = now().toISOString()
    const { pass, fail, warn, unknown, total } = input.summary
    const info = statements.addReport.run(input.student, receivedAt, input.address, input.source, input.json, pass, fail, warn, unknown, total)
    const id = Number(info.lastInsertRowid)
    if (input.outside) writeOutside(id, input.outside)
    return { id, student: input.student, receivedAt, address: input.address, source: input.source, summary: { ...input.summary }, outside: input.outside ?? null }
  }

  const insertBatch = db.transaction((batch: Pending[]) => batch.map((pending) => insertReport(pending.input)))
  const insertOne = db.transaction((pending: Pending) => insertReport(pending.input))

  let queue: Pending[] = []
  let closed = false

  function flush(): void {
    const batch = queue
    queue = []
    if (batch.length === 0) return
    try {
      const records = insertBatch(batch)
      batch.forEach((pending, index) => pending.resolve(records[index]!))
    } catch {
      // One bad row (a learner removed meanwhile) must not sink the others: retry one by one.
      for (const pending of batch) {
        try {
          pending.resolve(insertOne(pending))
        } catch (error) {
          pending.reject(error)
        }
      }
    }
  }

  function ensureOpen(): void {
    if (closed) throw new GradingError('store_closed', { ja: '採点データは閉じられています', en: 'the store is closed' }, 503)
  }

  const store: GradingStore = {
    async setInstructorToken(hash) {
      ensureOpen()
      statements.putSetting.run(instructorKey, hash)
    },
    async hasInstructorToken() {
      ensureOpen()
      return statements.getSetting.get(instructorKey) !== undefined
    },
    async isInstructorToken(hash) {
      ensureOpen()
      const row = statements.getSetting.get(instructorKey)
      return row !== undefined && sameHash(row.value, hash)
    },

    async addClass(name) {
      ensureOpen()
      if (statements.classByName.get(name)) {
        throw new GradingError('class_exists', { ja: `クラス「${name}」はすでにあります`, en: `class ${JSON.stringify(name)} already exists` }, 409)
      }
      const info = statements.addClass.run(name, now().toISOString())
      return classFrom(statements.classById.get(Number(info.lastInsertRowid)))!
    },
    async listClasses() {
      ensureOpen()
      return statements.classes.all().map((row) => classFrom(row)!)
    },
    async findClass(nameOrId) {
      ensureOpen()
      if (typeof nameOrId === 'number') return classFrom(statements.classById.get(nameOrId))
      return classFrom(statements.classByName.get(nameOrId))
    },

    async addStudents(classId, students) {
      ensureOpen()
      const createdAt = now().toISOString()
      const seen = new Set<string>()
      for (const student of students) {
        if (seen.has(student.studentId) || statements.studentInClass.get(classId, student.studentId)) {
          throw new GradingError(
            'student_exists',
            { ja: `学籍番号 ${student.studentId} はこのクラスにすでにいます`, en: `student ${student.studentId} is already in this class` },
            409,
          )
        }
        seen.add(student.studentId)
      }
      return db.transaction((batch: readonly StudentInput[]) =>
        batch.map((input) => {
          const token = newToken()
          const info = statements.addStudent.run(classId, input.studentId, input.name || null, input.host || null, hashToken(token), createdAt)
          return { student: studentFrom(statements.studentById.get(Number(info.lastInsertRowid))!), token }
        }),
      )(students)
    },
    async rotateStudentToken(student) {
      ensureOpen()
      const token = newToken()
      const info = statements.setStudentToken.run(hashToken(token), student)
      if (info.changes !== 1) throw new GradingError('no_student', { ja: '該当する受講者がいません', en: 'no such student' }, 404)
      return token
    },
    async findStudentByToken(hash) {
      ensureOpen()
      const row = statements.studentByToken.get(hash)
      if (!row || !sameHash(row.token_hash as Buffer, hash)) return undefined
      return studentFrom(row)
    },
    async findStudent(id) {
      ensureOpen()
      const row = statements.studentById.get(id)
      return row ? studentFrom(row) : undefined
    },
    async findStudentInClass(classId, studentId) {
      ensureOpen()
      const row = statements.studentInClass.get(classId, studentId)
      return row ? studentFrom(row) : undefined
    },
    async listStudents(classId) {
      ensureOpen()
      return statements.students.all(classId).map(studentFrom)
    },

    addReport(input) {
      try {
        ensureOpen()
      } catch (error) {
        return Promise.reject(error)
      }
      const checked = checkReport(input.report)
      if (!checked.ok) {
        return Promise.reject(new GradingError('invalid_report', { ja: `${checked.reason.ja}: ${checked.issues.join('; ')}`, en: `${checked.reason.en}: ${checked.issues.join('; ')}` }))
      }
      const json = JSON.stringify(checked.report)
      if (Buffer.byteLength(json) > maxReportBytes) {
        return Promise.reject(new GradingError('report_too_large', { ja: 'レポートが大きすぎます (64 KB まで)', en: 'report too large (64 KB at most)' }, 413))
      }
      return new Promise<ReportRecord>((resolvePromise, reject) => {
        queue.push({ input: { ...input, json, summary: checked.report.summary }, resolve: resolvePromise, reject })
        if (queue.length === 1) setImmediate(flush)
      })
    },
    async setOutside(reportId, result) {
      ensureOpen()
      writeOutside(reportId, result)
    },
    async getReport(id) {
      ensureOpen()
      const row = statements.report.get(id)
      return row ? fullReportFrom(row) : undefined
    },
    async history(student, limit = 200) {
      ensureOpen()
      return statements.history.all(student, limit).map(reportFrom)
    },
    async latestForClass(classId) {
      ensureOpen()
      const latest = new Map<number, LatestRecord>()
      for (const row of statements.latestReports.all(classId)) {
        const report = fullReportFrom(row)
        latest.set(report.student, { report, outside: report.outside })
      }
      for (const row of statements.latestOutside.all(classId)) {
        const entry = latest.get(row.owner as number)
        if (entry) entry.outside = outsideFrom(row)
      }
      return latest
    },
    async reportsAfter(after, limit = 500) {
      ensureOpen()
      return statements.after.all(after, limit).map(reportFrom)
    },
    async lastReportId() {
      ensureOpen()
      return statements.lastId.get()?.id ?? 0
    },

    async close() {
      if (closed) return
      flush()
      closed = true
      db.close()
    },
  }
  return store
}

/** The store in a data folder (`--data DIR`), ./data by default. */
export function openStoreIn(dataDir: string = defaultDataDir, options: SqliteStoreOptions = {}): GradingStore {
  return openSqliteStore(join(resolve(dataDir), storeFileName), options)
}
