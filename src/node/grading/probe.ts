/**
 * Outside probes: connect to a learner's server as anyone on the network would, and note what
 * answers. Only callers that hold a learner's registered host or the address a valid token
 * submitted from reach this module; it never takes a target from a request body.
 *
 * Each port gets one deadline for connecting and reading; sockets across all probes share one
 * concurrency limit, so a class submitting together never opens hundreds of sockets at once.
 */
import { connect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { createLimit, type Limit } from './limit.ts'
import { defaultOutsidePorts, type OutsidePorts, type OutsideResult, type PortProbe, type PortState } from './outside.ts'

export interface ProberOptions {
  /** @default 54723, 22, 80 (the course's settings) */
  ports?: Partial<OutsidePorts>
  /** per port, connecting and reading together. @default 3000 */
  timeoutMs?: number
  /**
   * for the port that should be closed: a live host refuses within a round trip, so silence this
   * long means dropped (Linux resends a SYN after 1 s, so one lost SYN is still forgiven).
   * @default 1500
   */
  closedTimeoutMs?: number
  /**
   * sockets open at once, over every probe of this prober. When a whole class has its firewall
   * on, every closed-port probe waits out its deadline: 300 learners take ceil(300 / 200) × 1.5 s.
   * @default 200
   */
  concurrency?: number
  /** @default () => new Date() */
  now?: () => Date
}

export interface Prober {
  /** Probes one address; concurrent calls for the same address share one run. */
  probe(address: string): Promise<OutsideResult>
}

type Kind = 'ssh' | 'closed' | 'http'

const maxDetail = 200
const maxRead = 1024

/** Printable ASCII only: a banner is text from the network and goes into CSV cells and logs. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?').trim()
  return clean.length > maxDetail ? `${clean.slice(0, maxDetail - 1)}…` : clean
}

function errorState(error: NodeJS.ErrnoException): { state: PortState; detail: string } {
  switch (error.code) {
    case 'ECONNREFUSED':
      return { state: 'refused', detail: '' }
    case 'ETIMEDOUT':
      return { state: 'timeout', detail: '' }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
      return { state: 'unreachable', detail: error.code }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { state: 'error', detail: `name not found (${error.code})` }
    default:
      return { state: 'error', detail: printable(error.code ?? error.message) }
  }
}

function probePort(address: string, port: number, kind: Kind, timeoutMs: number): Promise<PortProbe> {
  const started = performance.now()
  return new Promise<PortProbe>((resolve) => {
    let socket: Socket | undefined
    let connected = false
    let received = ''
    let done = false
    const finish = (state: PortState, detail = ''): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket?.destroy()
      resolve({ port, state, detail: printable(detail), ms: Math.round(performance.now() - started) })
    }
    const timer = setTimeout(() => {
      if (!connected) return finish('timeout')
      finish('open', received ? `unexpected answer: ${received}` : `connected, no answer within ${timeoutMs} ms`)
    }, timeoutMs)

    const judge = (ended: boolean): void => {
      const lines = received.split('\n')
      const complete = (ended ? lines : lines.slice(0, -1)).map((text) => text.replace(/\r$/, ''))
      const full = ended || received.length >= maxRead
      if (kind === 'ssh') {
        // RFC 4253 lets a server send other lines before its identification string.
        const banner = complete.find((text) => /^SSH-\d+\.\d+-/.test(text))
        if (banner) return finish('answered', banner)
        if (full) return finish('open', complete[0] ? `not an SSH banner: ${complete[0]}` : 'closed without a banner')
        return
      }
      if (complete.length === 0 && !full) return
      const first = complete[0] ?? ''
      if (/^HTTP\/\d(\.\d)? \d{3}/.test(first)) return finish('answered', first)
      finish('open', first ? `not HTTP: ${first}` : 'closed without an answer')
    }

    socket = connect({ host: address, port })
    socket.setEncoding('latin1')
    socket.on('connect', () => {
      connected = true
      // A port that should be closed and connects has said all we need.
      if (kind === 'closed') return finish('open', 'connected')
      if (kind === 'http') {
        const hostHeader = address.includes(':') ? `[${address}]` : address
        socket!.write(`HEAD / HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: secure-course-grading\r\nConnection: close\r\n\r\n`)
      }
    })
    socket.on('data', (chunk: string) => {
      received += chunk
      judge(false)
    })
    socket.on('end', () => judge(true))
    socket.on('close', () => {
      if (connected) judge(true)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (connected) return finish('open', `connection error: ${error.code ?? error.message}`)
      const { state, detail } = errorState(error)
      finish(state, detail)
    })
  })
}

export function createProber(options: ProberOptions = {}): Prober {
  const ports: OutsidePorts = { ...defaultOutsidePorts, ...options.ports }
  const timeoutMs = options.timeoutMs ?? 3000
  const closedTimeoutMs = options.closedTimeoutMs ?? Math.min(1500, timeoutMs)
  const limit: Limit = createLimit(options.concurrency ?? 200)
  const now = options.now ?? (() => new Date())
  const running = new Map<string, Promise<OutsideResult>>()

  async function run(address: string): Promise<OutsideResult> {
    const probedAt = now().toISOString()
    const started = performance.now()
    const [ssh, closed, http] = await Promise.all([
      limit(() => probePort(address, ports.ssh, 'ssh', timeoutMs)),
      limit(() => probePort(address, ports.closed, 'closed', closedTimeoutMs)),
      limit(() => probePort(address, ports.http, 'http', timeoutMs)),
    ])
    return { address, probedAt, durationMs: Math.round(performance.now() - started), ssh, closed, http }
  }

  return {
    probe(address) {
      const existing = running.get(address)
      if (existing) return existing
      const promise = run(address).finally(() => running.delete(address))
      running.set(address, promise)
      return promise
    },
  }
}
