import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBundle } from '../../../checker/build.ts'
import { classifyFailure, pullStudents, sshArguments, type HostResult } from '../../../src/node/grading/pull.ts'
import { createGradingService } from '../../../src/node/grading/service.ts'
import type { GradingStore, StudentRecord } from '../../../src/node/grading/store/index.ts'
import { fixtureDir, sampleReport, tempStore } from './_helpers.ts'

const fakeSsh = [process.execPath, join(fixtureDir, 'fake-ssh.mjs')]
let store: GradingStore
let dir: string
let cleanup: () => Promise<void>
let checkerPath: string
let students: StudentRecord[]

beforeAll(async () => {
  ;({ store, dir, cleanup } = await tempStore())
  checkerPath = join(dir, 'check.mjs')
  writeFileSync(checkerPath, readFileSync(join(fixtureDir, 'fake-check.mjs'), 'utf8').replace('__REPORT__', JSON.stringify(sampleReport('pass'))))
  const cls = await store.addClass('A')
  const hosts = ['ok.test', 'auth.test', 'hostkey.test', 'refused.test', 'down.test', 'sudo.test', 'nonode.test', 'garbage.test', 'slow.test', 'unknown.test', undefined]
  students = (await store.addStudents(cls.id, hosts.map((host, i) => ({ studentId: `s${String(i).padStart(2, '0')}`, host })))).map((s) => s.student)
})

afterAll(() => cleanup())

describe('grade pull', () => {
  it('stores the report of a host that ran the checker, and names the reason for every other', { timeout: 30_000 }, async () => {
    const log = join(dir, 'ssh.log')
    process.env.FAKE_SSH_LOG = log
    const seen: HostResult[] = []
    const service = createGradingService({ store })
    const results = await pullStudents({
      service,
      students,
      checkerPath,
      ssh: { command: fakeSsh, user: 'learner', identity: '/home/teacher/.ssh/id_ed25519' },
      // long enough for ten node processes to start on a loaded 2-core machine (1.5 s once was not);
      // only slow.test waits it out
      timeoutMs: 8000,
      concurrency: 16,
      onResult: (result) => seen.push(result),
    })
    delete process.env.FAKE_SSH_LOG
    expect(seen).toHaveLength(students.length)
    // all at once: slow.test (s08), which only its time limit ends, is the last to answer, after s09 and s10
    expect(seen.at(-1)?.student.studentId).toBe('s08')
    expect(results.map((r) => [r.student.studentId, r.ok ? 'ok' : r.reason])).toEqual([
      ['s00', 'ok'],
      ['s01', 'auth'],
      ['s02', 'host-key'],
      ['s03', 'refused'],
      ['s04', 'timeout'],
      ['s05', 'sudo-password'],
      ['s06', 'no-node'],
      ['s07', 'bad-json'],
      ['s08', 'timeout'],
      ['s09', 'unreachable'],
      ['s10', 'no-host'],
    ])
    const ok = results[0]!
    if (!ok.ok) throw new Error('expected ok')
    const stored = await store.getReport(ok.reportId)
    expect(stored).toMatchObject({ source: 'pull', address: 'ok.test', summary: { pass: 19 } })
    const garbage = results[7]!
    expect(!garbage.ok && garbage.detail).toBe('check には Node.js 12 以上が必要です')
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as string[])
    expect(calls).toHaveLength(10)
    expect(calls.find((call) => call.includes('ok.test'))).toEqual(sshArguments('ok.test', { user: 'learner', identity: '/home/teacher/.ssh/id_ed25519' }))
  })

  it('builds the ssh command the course needs', () => {
    expect(sshArguments('192.0.2.10', { identity: 'key' })).toEqual([
      '-p', '54723',
      '-o', 'BatchMode=yes',
      '-o', 'StrictHostKeyChecking=accept-new',
      '-o', 'ConnectTimeout=10',
      '-o', 'LogLevel=ERROR',
      '-i', 'key', '-o', 'IdentitiesOnly=yes',
      '--', '192.0.2.10', 'sudo -n node - --json',
    ])
  })

  it.each([
    [255, 'kex_exchange_identification: read: Connection reset by peer', 'ssh'],
    [1, 'sudo: a terminal is required to read the password; either use the -S option', 'sudo-password'],
    [127, 'bash: line 1: node: command not found', 'no-node'],
    [0, '', 'bad-json'],
  ])('classifies exit %i with %j as %s', (code, stderr, reason) => {
    expect(classifyFailure(code, stderr, false)).toBe(reason)
  })

  it('runs the real bundle from stdin the way the remote does (this machine, read-only)', async () => {
    // A bundle of its own, so the test never depends on an earlier `npm run build:checker`.
    const bundle = await buildBundle(join(dir, 'bundle-check.mjs'))
    const service = createGradingService({ store })
    const [result] = await pullStudents({ service, students: [students[0]!], checkerPath: bundle, ssh: { command: fakeSsh }, timeoutMs: 60_000 })
    expect(result).toMatchObject({ ok: true })
  }, 70_000)
})
