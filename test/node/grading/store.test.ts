import { statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { GradingError } from '../../../src/node/grading/messages.ts'
import { openSqliteStore, openStoreIn, storeFileName, type GradingStore } from '../../../src/node/grading/store/index.ts'
import { hashToken, newToken } from '../../../src/node/grading/tokens.ts'
import { sampleReport, tempDir, tempStore } from './_helpers.ts'

const outside = {
  address: '192.0.2.10',
  probedAt: '2026-12-01T00:00:05.000Z',
  durationMs: 3001,
  ssh: { port: 54723, state: 'answered' as const, detail: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3', ms: 3 },
  closed: { port: 22, state: 'timeout' as const, detail: '', ms: 3000 },
  http: { port: 80, state: 'answered' as const, detail: 'HTTP/1.1 200 OK', ms: 4 },
}

describe('the SQLite store', () => {
  let store: GradingStore
  let dir: string
  let cleanup: () => Promise<void>
  let clock: number

  beforeEach(async () => {
    clock = Date.parse('2026-12-01T00:00:00.000Z')
    ;({ store, dir, cleanup } = await tempStore(() => new Date(clock)))
  })
  afterEach(() => cleanup())

  it('creates its folder 0700 and its file 0600, in WAL mode with synchronous=FULL, at the latest schema', () => {
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'data', storeFileName)).mode & 0o777).toBe(0o600)
    const db = new Database(join(dir, 'data', storeFileName), { readonly: true })
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    db.close()
  })

  it('keeps only the hash of the instructor token and compares it', async () => {
    const token = newToken()
    expect(await store.hasInstructorToken()).toBe(false)
    await store.setInstructorToken(hashToken(token))
    expect(await store.isInstructorToken(hashToken(token))).toBe(true)
    expect(await store.isInstructorToken(hashToken(newToken()))).toBe(false)
    const db = new Database(join(dir, 'data', storeFileName), { readonly: true })
    const dump = JSON.stringify(db.prepare('SELECT * FROM settings').all())
    db.close()
    expect(dump).not.toContain(token)
  })

  it('adds classes and students, and finds a learner by token only', async () => {
    const cls = await store.addClass('情報セキュリティ A')
    await expect(store.addClass('情報セキュリティ A')).rejects.toThrow(GradingError)
    const [first, second] = await store.addStudents(cls.id, [
      { studentId: 's001', name: '山田 太郎', host: '192.0.2.10' },
      { studentId: 's002' },
    ])
    expect(first!.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first!.token).not.toBe(second!.token)
    expect(await store.findStudentByToken(hashToken(first!.token))).toMatchObject({ studentId: 's001', name: '山田 太郎', host: '192.0.2.10', className: '情報セキュリティ A' })
    expect(await store.findStudentByToken(hashToken(newToken()))).toBeUndefined()
    expect((await store.listClasses())[0]).toMatchObject({ name: '情報セキュリティ A', students: 2 })
    // a duplicate in the batch rejects the whole batch
    await expect(store.addStudents(cls.id, [{ studentId: 's003' }, { studentId: 's001' }])).rejects.toThrow(/s001/)
    expect(await store.findStudentInClass(cls.id, 's003')).toBeUndefined()
  })

  it('rotates a token: the old one stops working', async () => {
    const cls = await store.addClass('A')
    const { student, token } = (await store.addStudents(cls.id, [{ studentId: 's1' }]))[0]!
    const fresh = await store.rotateStudentToken(student.id)
    expect(await store.findStudentByToken(hashToken(token))).toBeUndefined()
    expect(await store.findStudentByToken(hashToken(fresh))).toMatchObject({ id: student.id })
  })

  it('keeps every report with its history, time, address and outside probe', async () => {
    const cls = await store.addClass('A')
    const { student } = (await store.addStudents(cls.id, [{ studentId: 's1' }]))[0]!
    const first = await store.addReport({ student: student.id, address: '192.0.2.10', source: 'submit', report: sampleReport('fail') })
    clock += 60_000
    const second = await store.addReport({ student: student.id, address: '192.0.2.11', source: 'pull', report: sampleReport('pass') })
    await store.setOutside(second.id, outside)
    expect(first).toMatchObject({ receivedAt: '2026-12-01T00:00:00.000Z', address: '192.0.2.10', summary: { fail: 19, total: 19 }, outside: null })
    const history = await store.history(student.id)
    expect(history.map((r) => [r.id, r.receivedAt, r.source])).toEqual([
      [second.id, '2026-12-01T00:01:00.000Z', 'pull'],
      [first.id, '2026-12-01T00:00:00.000Z', 'submit'],
    ])
    expect(history[0]!.outside).toEqual(outside)
    expect((await store.getReport(first.id))!.report).toEqual(sampleReport('fail'))
    const latest = await store.latestForClass(cls.id)
    expect(latest.get(student.id)!.report.id).toBe(second.id)
    expect(await store.reportsAfter(first.id)).toHaveLength(1)
    expect(await store.lastReportId()).toBe(second.id)
  })

  it('shows the newest outside probe even while the newest report is still being probed', async () => {
    const cls = await store.addClass('A')
    const { student } = (await store.addStudents(cls.id, [{ studentId: 's1' }]))[0]!
    const first = await store.addReport({ student: student.id, address: '192.0.2.10', source: 'submit', report: sampleReport('pass') })
    await store.setOutside(first.id, outside)
    const second = await store.addReport({ student: student.id, address: '192.0.2.10', source: 'submit', report: sampleReport('pass') })
    const latest = (await store.latestForClass(cls.id)).get(student.id)!
    expect(latest.report.id).toBe(second.id)
    expect(latest.report.outside).toBeNull()
    expect(latest.outside).toEqual(outside)
  })

  it.each([
    ['not an object', 'hello', /report/],
    ['an unknown key', { ...sampleReport(), extra: 1 }, /extra|Unrecognized/i],
    ['a wrong status', { ...sampleReport(), results: [{ ...sampleReport().results[0]!, status: 'ok' }] }, /results\.0\.status/],
  ])('rejects %s with a reason', async (_name, report, reason) => {
    const cls = await store.addClass('A')
    const { student } = (await store.addStudents(cls.id, [{ studentId: 's1' }]))[0]!
    await expect(store.addReport({ student: student.id, address: '192.0.2.1', source: 'submit', report })).rejects.toThrow(reason)
    expect(await store.lastReportId()).toBe(0)
  })

  it('commits a burst together yet fails only the report of a learner who does not exist', async () => {
    const cls = await store.addClass('A')
    const { student } = (await store.addStudents(cls.id, [{ studentId: 's1' }]))[0]!
    const results = await Promise.allSettled([
      store.addReport({ student: student.id, address: 'a', source: 'submit', report: sampleReport() }),
      store.addReport({ student: 9999, address: 'b', source: 'submit', report: sampleReport() }),
      store.addReport({ student: student.id, address: 'c', source: 'submit', report: sampleReport() }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(await store.history(student.id)).toHaveLength(2)
  })

  it('reopens what it wrote', async () => {
    const cls = await store.addClass('A')
    await store.close()
    const again = openStoreIn(join(dir, 'data'))
    expect(await again.findClass('A')).toMatchObject({ id: cls.id })
    await again.close()
    store = openStoreIn(join(dir, 'data'))
  })
})

describe('opening a store', () => {
  it('refuses a missing store when told not to create one', async () => {
    const { dir, remove } = await tempDir()
    expect(() => openSqliteStore(join(dir, 'none', storeFileName), { create: false })).toThrow(/grade init/)
    await remove()
  })
})
