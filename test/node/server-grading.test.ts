import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exposureWarning, isLoopbackHost } from '../../src/node/exposure.ts'
import { storePath } from '../../src/node/grading/store/index.ts'
import { hashToken, newToken } from '../../src/node/grading/tokens.ts'
import { startServer, type StartedServer } from '../../src/node/server.ts'
import { sampleReport, tempDir } from './grading/_helpers.ts'

let dir: string
let remove: () => Promise<void>
let started: StartedServer
let instructor: string
let learner: string

beforeAll(async () => {
  ;({ dir, remove } = await tempDir('course-server-'))
  await mkdir(join(dir, 'site'), { recursive: true })
  await writeFile(join(dir, 'site/index.html'), '<!doctype html><title>講座</title>')
  started = await startServer({ siteDir: join(dir, 'site'), port: 0, grading: { dataDir: join(dir, 'data'), probe: false } })
  const store = started.grading!.store
  instructor = newToken()
  await store.setInstructorToken(hashToken(instructor))
  const cls = await store.addClass('1年A組')
  const [created] = await store.addStudents(cls.id, [{ studentId: 's01', name: '山田' }])
  learner = created!.token
})

afterAll(async () => {
  await started.close()
  await remove()
})

const api = (path: string, token?: string, init: RequestInit = {}) =>
  fetch(new URL(path, started.url), { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers as Record<string, string>) } })

describe('the course server with the grading API mounted', () => {
  it('creates the store on first start in the data folder', () => {
    expect(existsSync(storePath(join(dir, 'data')))).toBe(true)
  })

  it('serves the API beside the site: a learner submits and the instructor sees the matrix', async () => {
    const submitted = await api('/api/reports', learner, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sampleReport('pass')) })
    expect(submitted.status).toBe(201)
    const matrix = await api('/api/classes/1/matrix', instructor)
    expect(matrix.status).toBe(200)
    const body = (await matrix.json()) as { rows: Array<{ student: { studentId: string }; last: unknown }> }
    expect(body.rows[0]?.student.studentId).toBe('s01')
    expect(body.rows[0]?.last).not.toBeNull()
  })

  it.each(['/api', '/api/', '/api/nothing', '/api/lessons/firewall', '/api/classes/1/nothing'])('GET %s is a JSON 404, never the page', async (path) => {
    const response = await api(path, instructor)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await response.text()).not.toContain('<title>')
  })

  it.each([
    ['instructor', () => instructor, 200, { role: 'instructor' }],
    ['learner', () => learner, 200, { role: 'learner' }],
  ])('GET /api/session names the kind of an %s token', async (_kind, token, status, body) => {
    const response = await api('/api/session', token())
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual(body)
    expect((await api('/api/session')).status).toBe(401)
  })

  it('answers an API route without a token with 401 in JSON', async () => {
    const response = await api('/api/classes')
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: string }).error).toBe('unauthorized')
  })

  it('gives the site its CSP and the API its own stricter one', async () => {
    const page = await api('/lessons/firewall')
    const csp = page.headers.get('content-security-policy') ?? ''
    for (const directive of ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive)
    }
    expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    const json = await api('/api/me', learner)
    expect(json.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(json.headers.get('cache-control')).toBe('no-store')
  })

  it('refuses a body over 64 KB', async () => {
    const response = await api('/api/reports', learner, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }) })
    expect(response.status).toBe(413)
  })

  it('has no warning on loopback', () => {
    expect(started.warnings).toEqual([])
  })
})

describe('the site alone', () => {
  it('answers /api/… with a JSON 404, not the page', async () => {
    const alone = await startServer({ siteDir: join(dir, 'site'), port: 0 })
    try {
      const response = await fetch(new URL('/api/me', alone.url))
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(alone.grading).toBeUndefined()
    } finally {
      await alone.close()
    }
  })
})

describe('listening beyond loopback', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
  ])('%s is loopback: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback)
  })

  it('warns in Japanese and English without TLS in front, and not with a proxy named', () => {
    const text = exposureWarning('0.0.0.0', false)
    expect(text).toContain('警告: 0.0.0.0 で待ち受けています')
    expect(text).toContain('TLS')
    expect(text).toContain('warning: listening on 0.0.0.0')
    expect(exposureWarning('0.0.0.0', true)).toBeUndefined()
  })

  it('startServer returns the warning when bound to all addresses', async () => {
    const open = await startServer({ siteDir: join(dir, 'site'), host: '0.0.0.0', port: 0 })
    try {
      expect(open.warnings).toHaveLength(1)
      expect(open.warnings[0]).toContain('--trust-proxy')
    } finally {
      await open.close()
    }
  })
})
