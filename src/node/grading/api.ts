/**
 * The grading API, a Fastify 5 plugin. Mount it with `registerGradingApi(app, { service })`
 * (prefix /api). JSON only: nothing a learner sent is ever rendered as HTML here.
 *
 * Who may do what (Authorization: Bearer <token>):
 *   either token      GET /api/session: which kind of token it is (the dashboard picks its view)
 *   learner token     POST /api/reports, GET /api/me, GET /api/reports/:id (own only), events (own)
 *   instructor token  GET /api/classes, /api/classes/:id/matrix, /api/classes/:id/export.csv|.json,
 *                     /api/students/:id/reports, /api/reports/:id, events (all)
 * EventSource cannot send headers: POST /api/events/ticket (with the header) returns a ticket
 * good for one GET /api/events?ticket=… within 60 s, so no lasting token ever sits in a URL.
 */
import { createHash, randomBytes } from 'node:crypto'
import rateLimit from '@fastify/rate-limit'
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { GradingEvent } from './events.ts'
import { formatExport, type ExportFormat } from './export.ts'
import { plainAddress } from './hosts.ts'
import { buildMatrix } from './matrix.ts'
import { GradingError, type Text } from './messages.ts'
import { outsideVerdicts } from './outside.ts'
import { checkReport, maxReportBytes } from './report-input.ts'
import { probeTarget, type GradingService } from './service.ts'
import type { FullReportRecord, ReportRecord, StudentRecord } from './store/index.ts'
import { hashToken, isTokenShaped } from './tokens.ts'

export interface RateLimits {
  /** requests per minute per learner token @default 60 */
  learner: number
  /** requests per minute for the instructor token @default 600 */
  instructor: number
  /** requests per minute per address without a valid token @default 30 */
  anonymous: number
}

export interface GradingApiOptions {
  service: GradingService
  /** false turns rate limiting off (benchmarks) */
  rateLimit?: Partial<RateLimits> | false
  /** @default 60000 */
  ticketTtlMs?: number
  /** comment lines that keep idle event streams open through proxies @default 15000 */
  heartbeatMs?: number
  /** open event streams at most @default 200 */
  maxStreams?: number
}

type Principal = { kind: 'instructor' } | { kind: 'learner'; student: StudentRecord } | { kind: 'none'; invalid: boolean }

const defaultLimits: RateLimits = { learner: 60, instructor: 600, anonymous: 30 }

const idParam = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }).strict()
const eventsQuery = z
  .object({
    ticket: z.string().regex(/^[A-Za-z0-9_-]{43}$/).optional(),
    class: z.coerce.number().int().positive().optional(),
  })
  .strict()
const historyQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).strict()

const apiHeaders = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
}

function fail(code: string, status: number, text: Text): GradingError {
  return new GradingError(code, text, status)
}

const unauthorized = (): GradingError => fail('unauthorized', 401, { ja: 'トークンが必要です (Authorization: Bearer …)', en: 'a valid token is required (Authorization: Bearer …)' })
const forbidden = (): GradingError => fail('forbidden', 403, { ja: 'このトークンではできない操作です', en: 'this token may not do that' })
const notFound = (): GradingError => fail('not_found', 404, { ja: '見つかりません', en: 'not found' })

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: Text): T {
  const parsed = schema.safeParse(value ?? {})
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
  throw fail('bad_request', 400, { ja: `${what.ja}が不正です: ${issues}`, en: `invalid ${what.en}: ${issues}` })
}

function presentReport(record: ReportRecord) {
  return { ...record, verdicts: record.outside ? outsideVerdicts(record.outside) : null }
}

function presentFull(record: FullReportRecord) {
  return { ...presentReport(record), report: record.report }
}

function presentStudent(student: StudentRecord) {
  return { id: student.id, classId: student.classId, className: student.className, studentId: student.studentId, name: student.name, host: student.host }
}

function errorBody(code: string, text: Text, extra: Record<string, unknown> = {}) {
  return { error: code, message: `${text.ja} / ${text.en}`, ja: text.ja, en: text.en, ...extra }
}

/** Fastify's own errors, in the API's words. */
function frameworkText(error: FastifyError): { code: string; status: number; text: Text } {
  const status = error.statusCode ?? 500
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'too_large', status: 413, text: { ja: `本文が大きすぎます (${maxReportBytes / 1024} KB まで)`, en: `body too large (${maxReportBytes / 1024} KB at most)` } }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', status: 415, text: { ja: 'Content-Type は application/json にしてください', en: 'Content-Type must be application/json' } }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', status: 400, text: { ja: '本文が空です', en: 'empty body' } }
  }
  if (status === 429) return { code: 'rate_limited', status, text: { ja: '要求が多すぎます。少し待ってからやり直してください', en: 'too many requests; wait a moment and retry' } }
  if (status === 400) return { code: 'bad_request', status, text: { ja: '本文が JSON として読めません', en: 'the body is not valid JSON' } }
  if (status < 500) return { code: 'bad_request', status, text: { ja: '不正な要求です', en: error.message } }
  return { code: 'internal', status: 500, text: { ja: 'サーバーの内部エラーです', en: 'internal error' } }
}

export const gradingApi: FastifyPluginAsync<GradingApiOptions> = async (fastify, options) => {
  const { service } = options
  const { store, events } = service
  const limits = options.rateLimit === false ? undefined : { ...defaultLimits, ...options.rateLimit }
  const ticketTtlMs = options.ticketTtlMs ?? 60_000
  const heartbeatMs = options.heartbeatMs ?? 15_000
  const maxStreams = options.maxStreams ?? 200
  const principals = new WeakMap<FastifyRequest, Principal>()
  const tickets = new Map<string, { principal: Principal; expires: number }>()
  const streams = new Set<() => void>()

  fastify.setErrorHandler((error: FastifyError | GradingError, request, reply) => {
    reply.headers(apiHeaders)
    if (error instanceof GradingError) return reply.code(error.status).send(errorBody(error.code, error.text))
    const { code, status, text } = frameworkText(error as FastifyError)
    if (status >= 500) request.log.error({ err: error }, 'grading api error')
    return reply.code(status).send(errorBody(code, text))
  })
  fastify.setNotFoundHandler((_request, reply) => {
    reply.headers(apiHeaders).code(404).send(errorBody('not_found', { ja: 'その API はありません', en: 'no such API route' }))
  })
  fastify.addHook('onSend', async (_request, reply) => {
    reply.headers(apiHeaders)
  })

  // Who is asking, resolved before the rate limit so each token has its own budget and a wrong
  // token counts against its address.
  fastify.addHook('onRequest', async (request) => {
    principals.set(request, await resolvePrincipal(request.headers.authorization))
  })

  async function resolvePrincipal(header: string | undefined): Promise<Principal> {
    if (header === undefined) return { kind: 'none', invalid: false }
    const match = /^Bearer ([^\s]+)$/i.exec(header)
    if (!match || !isTokenShaped(match[1]!)) return { kind: 'none', invalid: true }
    const hash = hashToken(match[1]!)
    if (await store.isInstructorToken(hash)) return { kind: 'instructor' }
    const student = await store.findStudentByToken(hash)
    return student ? { kind: 'learner', student } : { kind: 'none', invalid: true }
  }

  if (limits) {
    await fastify.register(rateLimit, {
      global: true,
      timeWindow: 60_000,
      keyGenerator(request) {
        const principal = principals.get(request)
        if (principal?.kind === 'instructor') return 'instructor'
        if (principal?.kind === 'learner') return `learner:${principal.student.id}`
        return `address:${request.ip}`
      },
      max(_request, key) {
        if (key === 'instructor') return limits.instructor
        return key.startsWith('learner:') ? limits.learner : limits.anonymous
      },
      errorResponseBuilder(_request, context) {
        const error = fail('rate_limited', 429, {
          ja: `要求が多すぎます。${Math.ceil(context.ttl / 1000)} 秒後にやり直してください`,
          en: `too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
        })
        return error
      },
    })
  }

  function principalOf(request: FastifyRequest): Principal {
    return principals.get(request) ?? { kind: 'none', invalid: false }
  }

  function requireInstructor(request: FastifyRequest): void {
    const principal = principalOf(request)
    if (principal.kind === 'none') throw unauthorized()
    if (principal.kind !== 'instructor') throw forbidden()
  }

  function requireLearner(request: FastifyRequest): StudentRecord {
    const principal = principalOf(request)
    if (principal.kind === 'none') throw unauthorized()
    if (principal.kind !== 'learner') throw forbidden()
    return principal.student
  }

  async function classOr404(id: number) {
    const found = await store.findClass(id)
    if (!found) throw notFound()
    return found
  }

  fastify.post('/reports', { bodyLimit: maxReportBytes }, async (request, reply) => {
    const student = requireLearner(request)
    if (!/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw fail('unsupported_media_type', 415, { ja: 'Content-Type は application/json にしてください', en: 'Content-Type must be application/json' })
    }
    const checked = checkReport(request.body)
    if (!checked.ok) return reply.code(400).send(errorBody('invalid_report', checked.reason, { issues: checked.issues }))
    const address = plainAddress(request.ip)
    const record = await service.submit({ student, address, source: 'submit', report: checked.report })
    return reply.code(201).send({
      id: record.id,
      receivedAt: record.receivedAt,
      address: record.address,
      summary: record.summary,
      student: { studentId: student.studentId, name: student.name, className: student.className },
      outside: { target: probeTarget(student, address) },
    })
  })

  fastify.get('/session', async (request) => {
    const principal = principalOf(request)
    if (principal.kind === 'none') throw unauthorized()
    return { role: principal.kind }
  })

  fastify.get('/me', async (request) => {
    const student = requireLearner(request)
    const query = parseWith(historyQuery, request.query, { ja: '問い合わせ', en: 'query' })
    const history = await store.history(student.id, query.limit ?? 100)
    const latest = history[0] ? await store.getReport(history[0].id) : undefined
    return { student: presentStudent(student), reports: history.map(presentReport), latest: latest ? presentFull(latest) : null }
  })

  fastify.get('/reports/:id', async (request) => {
    const principal = principalOf(request)
    if (principal.kind === 'none') throw unauthorized()
    const { id } = parseWith(idParam, request.params, { ja: 'パラメータ', en: 'parameters' })
    const record = await store.getReport(id)
    // A learner asking for someone else's report learns nothing, not even that it exists.
    if (!record || (principal.kind === 'learner' && record.student !== principal.student.id)) throw notFound()
    return presentFull(record)
  })

  fastify.get('/classes', async (request) => {
    requireInstructor(request)
    return { classes: await store.listClasses() }
  })

  async function matrixFor(classId: number) {
    const classRecord = await classOr404(classId)
    const [students, latest] = await Promise.all([store.listStudents(classRecord.id), store.latestForClass(classRecord.id)])
    return buildMatrix(classRecord, students, latest)
  }

  fastify.get('/classes/:id/matrix', async (request) => {
    requireInstructor(request)
    const { id } = parseWith(idParam, request.params, { ja: 'パラメータ', en: 'parameters' })
    return matrixFor(id)
  })

  for (const format of ['csv', 'json'] as const satisfies readonly ExportFormat[]) {
    fastify.get(`/classes/:id/export.${format}`, async (request, reply) => {
      requireInstructor(request)
      const { id } = parseWith(idParam, request.params, { ja: 'パラメータ', en: 'parameters' })
      const matrix = await matrixFor(id)
      const asciiName = `class-${matrix.class.id}.${format}`
      const fullName = encodeURIComponent(`${matrix.class.name}.${format}`)
      return reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${fullName}`)
        .send(formatExport(matrix, format))
    })
  }

  fastify.get('/students/:id/reports', async (request) => {
    requireInstructor(request)
    const { id } = parseWith(idParam, request.params, { ja: 'パラメータ', en: 'parameters' })
    const query = parseWith(historyQuery, request.query, { ja: '問い合わせ', en: 'query' })
    const student = await store.findStudent(id)
    if (!student) throw notFound()
    const history = await store.history(student.id, query.limit ?? 200)
    const latest = history[0] ? await store.getReport(history[0].id) : undefined
    return { student: presentStudent(student), reports: history.map(presentReport), latest: latest ? presentFull(latest) : null }
  })

  const ticketKey = (ticket: string): string => createHash('sha256').update(ticket).digest('hex')

  fastify.post('/events/ticket', async (request, reply) => {
    const principal = principalOf(request)
    if (principal.kind === 'none') throw unauthorized()
    const now = Date.now()
    for (const [key, entry] of tickets) if (entry.expires <= now) tickets.delete(key)
    if (tickets.size > 10_000) throw fail('busy', 503, { ja: 'チケットが多すぎます', en: 'too many tickets outstanding' })
    const ticket = randomBytes(32).toString('base64url')
    tickets.set(ticketKey(ticket), { principal, expires: now + ticketTtlMs })
    return reply.code(201).send({ ticket, expiresInSeconds: Math.floor(ticketTtlMs / 1000) })
  })

  function visible(principal: Principal, event: GradingEvent, classFilter: number | undefined): boolean {
    if (principal.kind === 'learner') return event.student === principal.student.id
    return principal.kind === 'instructor' && (classFilter === undefined || event.classId === classFilter)
  }

  function eventPayload(event: GradingEvent): unknown {
    if (event.type === 'report') return { classId: event.classId, student: event.student, report: presentReport(event.report) }
    return { classId: event.classId, student: event.student, reportId: event.reportId, outside: event.outside, verdicts: outsideVerdicts(event.outside) }
  }

  fastify.get('/events', async (request, reply) => {
    const query = parseWith(eventsQuery, request.query, { ja: '問い合わせ', en: 'query' })
    let principal = principalOf(request)
    if (principal.kind === 'none' && query.ticket) {
      const key = ticketKey(query.ticket)
      const entry = tickets.get(key)
      tickets.delete(key)
      if (entry && entry.expires > Date.now()) principal = entry.principal
    }
    if (principal.kind === 'none') throw unauthorized()
    if (principal.kind === 'learner' && query.class !== undefined) throw forbidden()
    if (streams.size >= maxStreams) throw fail('busy', 503, { ja: '同時に開けるイベント接続の上限です', en: 'too many open event streams' })

    reply.hijack()
    const raw = reply.raw
    raw.writeHead(200, { ...apiHeaders, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' })
    raw.write('retry: 3000\n\n')
    const seeing = principal
    const unsubscribe = events.subscribe((event) => {
      if (visible(seeing, event, query.class)) raw.write(`event: ${event.type}\ndata: ${JSON.stringify(eventPayload(event))}\n\n`)
    })
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), heartbeatMs)
    const end = (): void => {
      if (!streams.delete(end)) return
      clearInterval(heartbeat)
      unsubscribe()
      raw.end()
    }
    streams.add(end)
    request.raw.on('close', end)
    raw.on('error', end)
  })

  fastify.addHook('preClose', async () => {
    for (const end of [...streams]) end()
  })
}

/** Mounts the API under /api. */
export async function registerGradingApi(app: FastifyInstance, options: GradingApiOptions): Promise<void> {
  await app.register(gradingApi, { ...options, prefix: '/api' })
}

