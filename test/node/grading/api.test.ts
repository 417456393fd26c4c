import { request as httpRequest } from 'node:http'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { registerGradingApi, type GradingApiOptions } from '../../../src/node/grading/api.ts'
import type { OutsideResult } from '../../../src/node/grading/outside.ts'
import type { Prober } from '../../../src/node/grading/probe.ts'
import { createGradingService, type GradingService } from '../../../src/node/grading/service.ts'
import type { GradingStore } from '../../../src/node/grading/store/index.ts'
import { hashToken, newToken } from '../../../src/node/grading/tokens.ts'
import { sampleReport, tempStore } from './_helpers.ts'

/** Answers like a well-configured server without touching the network, and notes whom it probed. */
function fakeProber(probed: string[]): Prober {
  return {
    async probe(address): Promise<OutsideResult> {
      probed.push(address)
      return {
        address,
        probedAt: '2026-12-01T00:00:01.000Z',
        durationMs: 3000,
        ssh: { port: 54723, state: 'answered', detail: 'SSH-2.0-OpenSSH_9.2p1', ms: 2 },
        closed: { port: 22, state: 'timeout', detail: '', ms: 3000 },
        http: { port: 80, state: 'answered', detail: 'HTTP/1.1 200 OK', ms: 2 },
      }
    },
  }
}

let store: GradingStore
let cleanup: () => Promise<void>
let app: FastifyInstance
let service: GradingService
let probed: string[]
let logs: string
let instructor: string
let alice: { id: number; token: string }
let bob: { id: number; token: string }
let classId: number

async function build(options: Partial<GradingApiOptions> = {}): Promise<void> {
  logs = ''
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs += String(chunk)
      done()
    },
  })
  app = Fastify({ logger: { level: 'trace', stream: sink } })
  await registerGradingApi(app, { service, ...options })
  await app.ready()
}

beforeEach(async () => {
  ;({ store, cleanup } = await tempStore())
  probed = []
  service = createGradingService({ store, prober: fakeProber(probed) })
  instructor = newToken()
  await store.setInstructorToken(hashToken(instructor))
  const cls = await store.addClass('1年A組')
  classId = cls.id
  const [a, b] = await store.addStudents(cls.id, [
    { studentId: 's001', name: '=HYPERLINK("http://x")', host: '192.0.2.10' },
    { studentId: 's002', name: '鈴木 花子' },
  ])
  alice = { id: a!.student.id, token: a!.token }
  bob = { id: b!.student.id, token: b!.token }
  await build()
})

afterEach(async () => {
  await app.close()
  await service.idle()
  await cleanup()
})

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function submit(token: string, body: unknown = sampleReport()) {
  return app.inject({ method: 'POST', url: '/api/reports', headers: bearer(token), payload: body as object })
}

describe('POST /api/reports', () => {
  it('stores a learner report, answers 201 with what was recorded, then probes the registered host', async () => {
    const response = await submit(alice.token, sampleReport('pass'))
    expect(response.statusCode).toBe(201)
    const body = response.json()
    expect(body).toMatchObject({ id: expect.any(Number), address: '127.0.0.1', summary: { pass: 19, total: 19 }, outside: { target: '192.0.2.10' } })
    expect(Date.parse(body.receivedAt)).not.toBeNaN()
    await service.idle()
    expect(probed).toEqual(['192.0.2.10'])
    expect((await store.getReport(body.id))!.outside).toMatchObject({ address: '192.0.2.10' })
  })

  it('probes the submitting address when no host is registered, never anything from the body', async () => {
    const report = { ...sampleReport(), host: { hostname: '203.0.113.99', os: 'x' } }
    expect((await submit(bob.token, report)).statusCode).toBe(201)
    await service.idle()
    expect(probed).toEqual(['127.0.0.1'])
  })

  it.each([
    ['no token', {}, 401, 'unauthorized'],
    ['a malformed header', { authorization: 'Basic abc' }, 401, 'unauthorized'],
    ['an unknown token', { authorization: `Bearer ${'A'.repeat(43)}` }, 401, 'unauthorized'],
  ])('refuses %s', async (_name, headers, status, code) => {
    const response = await app.inject({ method: 'POST', url: '/api/reports', headers, payload: sampleReport() })
    expect(response.statusCode).toBe(status)
    expect(response.json()).toMatchObject({ error: code, ja: expect.any(String), en: expect.any(String) })
    expect(await store.lastReportId()).toBe(0)
  })

  it('refuses the instructor token: only learners submit', async () => {
    expect((await submit(instructor)).statusCode).toBe(403)
  })

  it('refuses a body that is not a report, with the reasons', async () => {
    const response = await submit(alice.token, { ...sampleReport(), summary: { pass: -1 } })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'invalid_report', message: expect.stringContaining(' / '), issues: expect.arrayContaining([expect.stringMatching(/^summary/)]) })
  })

  it('refuses a body over 64 KB, bad JSON and other content types', async () => {
    const big = { ...sampleReport(), host: { hostname: 'x'.repeat(70_000), os: 'y' } }
    expect((await submit(alice.token, big)).statusCode).toBe(413)
    const badJson = await app.inject({ method: 'POST', url: '/api/reports', headers: { ...bearer(alice.token), 'content-type': 'application/json' }, payload: '{"schema' })
    expect(badJson.statusCode).toBe(400)
    expect(badJson.json().en).toMatch(/JSON/)
    const text = await app.inject({ method: 'POST', url: '/api/reports', headers: { ...bearer(alice.token), 'content-type': 'text/plain' }, payload: 'hello' })
    expect(text.statusCode).toBe(415)
    const proto = await app.inject({ method: 'POST', url: '/api/reports', headers: { ...bearer(alice.token), 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' })
    expect(proto.statusCode).toBe(400)
  })

  it('answers JSON with headers that keep a browser from rendering it', async () => {
    const response = await submit(alice.token)
    expect(response.headers['content-type']).toMatch(/^application\/json/)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'")
    expect(response.headers['cache-control']).toBe('no-store')
  })
})

describe('reading', () => {
  it('a learner reads their own history and nothing of anyone else', async () => {
    const mine = (await submit(alice.token)).json().id
    const theirs = (await submit(bob.token)).json().id
    const me = await app.inject({ url: '/api/me', headers: bearer(alice.token) })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ student: { studentId: 's001', className: '1年A組' }, latest: { id: mine } })
    expect(me.json().reports.map((r: { id: number }) => r.id)).toEqual([mine])
    expect((await app.inject({ url: `/api/reports/${mine}`, headers: bearer(alice.token) })).statusCode).toBe(200)
    expect((await app.inject({ url: `/api/reports/${theirs}`, headers: bearer(alice.token) })).statusCode).toBe(404)
    for (const url of ['/api/classes', `/api/classes/${classId}/matrix`, `/api/classes/${classId}/export.csv`, `/api/students/${bob.id}/reports`]) {
      expect((await app.inject({ url, headers: bearer(alice.token) })).statusCode, url).toBe(403)
    }
  })

  it('the instructor sees the class as a matrix with outside columns and completion rates', async () => {
    await submit(alice.token, sampleReport('pass'))
    await submit(bob.token, sampleReport('fail', { 'firewall.active': 'pass' }))
    await service.idle()
    const classes = await app.inject({ url: '/api/classes', headers: bearer(instructor) })
    expect(classes.json().classes).toMatchObject([{ id: classId, name: '1年A組', students: 2 }])
    const matrix = (await app.inject({ url: `/api/classes/${classId}/matrix`, headers: bearer(instructor) })).json()
    expect(matrix.rows).toHaveLength(2)
    expect(matrix.rows[0].statuses).toMatchObject({ 'ssh.port-configured': 'pass', 'outside.ssh': 'pass', 'outside.filtered': 'pass' })
    expect(matrix.completion['firewall.active']).toEqual({ pass: 2, of: 2, rate: 1 })
    expect(matrix.completion['ssh.port-configured']).toEqual({ pass: 1, of: 2, rate: 0.5 })
    expect(matrix.columns.map((c: { id: string }) => c.id)).toContain('outside.http')
  })

  it('the instructor reads a learner history and any report', async () => {
    const id = (await submit(bob.token)).json().id
    const history = (await app.inject({ url: `/api/students/${bob.id}/reports`, headers: bearer(instructor) })).json()
    expect(history).toMatchObject({ student: { studentId: 's002', name: '鈴木 花子' }, reports: [{ id }], latest: { id, report: { schemaVersion: 1 } } })
    expect((await app.inject({ url: `/api/reports/${id}`, headers: bearer(instructor) })).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/students/9999/reports', headers: bearer(instructor) })).statusCode).toBe(404)
    const bad = await app.inject({ url: '/api/students/abc/reports', headers: bearer(instructor) })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().ja).toMatch(/不正/)
  })

  it('exports CSV with BOM, Japanese headers and formula-safe cells, and JSON', async () => {
    await submit(alice.token, sampleReport('pass'))
    await service.idle()
    const csv = await app.inject({ url: `/api/classes/${classId}/export.csv`, headers: bearer(instructor) })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('1年A組.csv')}`)
    expect(csv.body.startsWith('\uFEFF学籍番号,氏名,ホスト,最終提出')).toBe(true)
    expect(csv.body).toContain(`s001,"'=HYPERLINK(""http://x"")",192.0.2.10,`)
    expect(csv.body).toContain('s002,鈴木 花子,,未提出')
    const json = await app.inject({ url: `/api/classes/${classId}/export.json`, headers: bearer(instructor) })
    expect(json.json()).toMatchObject({ class: { name: '1年A組' }, rows: [{ student: { studentId: 's001' } }, { student: { studentId: 's002' } }] })
    expect((await app.inject({ url: '/api/classes/99/export.csv', headers: bearer(instructor) })).statusCode).toBe(404)
  })

  it('answers unknown API routes with JSON 404', async () => {
    const response = await app.inject({ url: '/api/nothing', headers: bearer(instructor) })
    expect(response.statusCode).toBe(404)
    expect(response.json()).toMatchObject({ error: 'not_found' })
  })
})

describe('rate limits and logs', () => {
  it('limits each token on its own budget and answers 429 with a reason', async () => {
    await app.close()
    await build({ rateLimit: { learner: 3, anonymous: 2 } })
    const statuses = []
    for (let i = 0; i < 4; i++) statuses.push((await submit(alice.token)).statusCode)
    expect(statuses).toEqual([201, 201, 201, 429])
    expect((await submit(bob.token)).statusCode).toBe(201)
    const limited = await submit(alice.token)
    expect(limited.json()).toMatchObject({ error: 'rate_limited', ja: expect.stringMatching(/秒後/) })
    // wrong tokens count against their address, so guessing is limited too
    const wrong = []
    for (let i = 0; i < 3; i++) wrong.push((await submit(newToken())).statusCode)
    expect(wrong).toEqual([401, 401, 429])
  })

  it('never writes a token into the log', async () => {
    await submit(alice.token)
    await app.inject({ url: '/api/me', headers: bearer(alice.token) })
    await app.inject({ url: '/api/classes', headers: bearer(instructor) })
    await app.inject({ method: 'POST', url: '/api/events/ticket', headers: bearer(instructor) })
    expect(logs.length).toBeGreaterThan(0)
    expect(logs).not.toContain(alice.token)
    expect(logs).not.toContain(instructor)
  })
})

describe('GET /api/events', () => {
  let base: string

  beforeEach(async () => {
    await app.close()
    await build()
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  })

  /** Opens the stream and collects `event:` lines until `count` events or the timeout. */
  function listen(path: string, headers: Record<string, string> = {}, count = 1): Promise<{ status: number; events: string[] }> {
    return new Promise((resolve, reject) => {
      const request = httpRequest(`${base}${path}`, { headers }, (response) => {
        const events: string[] = []
        let buffer = ''
        const timer = setTimeout(() => {
          request.destroy()
          resolve({ status: response.statusCode ?? 0, events })
        }, 1500)
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => {
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            if (block.startsWith('event:')) events.push(block)
          }
          if (events.length >= count || response.statusCode !== 200) {
            clearTimeout(timer)
            request.destroy()
            resolve({ status: response.statusCode ?? 0, events })
          }
        })
        response.on('end', () => {
          clearTimeout(timer)
          resolve({ status: response.statusCode ?? 0, events })
        })
      })
      request.on('error', reject)
      request.end()
    })
  }

  it('streams reports and probes to the instructor through a one-time ticket', async () => {
    const ticketResponse = await app.inject({ method: 'POST', url: '/api/events/ticket', headers: bearer(instructor) })
    expect(ticketResponse.statusCode).toBe(201)
    const { ticket } = ticketResponse.json()
    const stream = listen(`/api/events?ticket=${ticket}`, {}, 2)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await submit(alice.token, sampleReport('pass'))
    const { status, events } = await stream
    expect(status).toBe(200)
    expect(events[0]).toMatch(/^event: report\ndata: \{"classId":\d+,"student":\d+,"report":/)
    expect(events[1]).toMatch(/^event: outside\n/)
    // the ticket is spent
    expect((await listen(`/api/events?ticket=${ticket}`)).status).toBe(401)
  })

  it('lets a learner follow only their own reports', async () => {
    const stream = listen('/api/events', bearer(bob.token), 1)
    await new Promise((resolve) => setTimeout(resolve, 100))
    await submit(alice.token)
    await submit(bob.token)
    const { events } = await stream
    expect(events).toHaveLength(1)
    expect(events[0]).toContain(`"student":${bob.id}`)
  })

  it('refuses a stream without a token or with an unknown ticket', async () => {
    expect((await listen('/api/events')).status).toBe(401)
    expect((await listen(`/api/events?ticket=${newToken()}`)).status).toBe(401)
  })
})
