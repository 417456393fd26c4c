import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { outsideVerdicts } from '../../../src/node/grading/outside.ts'
import { createProber } from '../../../src/node/grading/probe.ts'
import { fixtureDir } from './_helpers.ts'

const servers: (Server | HttpServer)[] = []

const sockets = new Set<import('node:net').Socket>()

function listen<T extends Server | HttpServer>(server: T, host: string): Promise<number> {
  servers.push(server)
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)))
}

/** A port on `host` that nothing listens on: bound once, then released. */
async function closedPort(host: string): Promise<number> {
  const server = createServer()
  const port = await new Promise<number>((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)))
  await new Promise((resolve) => server.close(resolve))
  return port
}

const host = '127.0.0.2'
let sshPort: number
let httpPort: number
let silentPort: number
let chattyPort: number
let closed: number
let accepted = 0
/** sockets of the silent server open now, and the most open at once */
let open = 0
let mostOpen = 0

beforeAll(async () => {
  sshPort = await listen(
    createServer((socket) => {
      socket.on('error', () => {})
      // a line before the identification string is allowed (RFC 4253 4.2)
      socket.write('Welcome\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')
    }),
    host,
  )
  httpPort = await listen(
    createHttpServer((request, response) => {
      response.statusCode = request.method === 'HEAD' ? 204 : 500
      response.end()
    }),
    host,
  )
  silentPort = await listen(
    createServer((socket) => {
      accepted++
      mostOpen = Math.max(mostOpen, ++open)
      socket.on('close', () => open--)
      socket.on('error', () => {})
      // reads (and drops) what comes, so the prober's goodbye ends the socket here too
      socket.resume()
    }),
    host,
  )
  chattyPort = await listen(
    createServer((socket) => {
      socket.on('error', () => {})
      socket.end('220 smtp.example ESMTP\r\n')
    }),
    host,
  )
  closed = await closedPort(host)
})

afterAll(async () => {
  for (const socket of sockets) socket.destroy()
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

describe('probing a learner address on loopback', () => {
  it('reads an SSH banner, a refused port and an HTTP status line', async () => {
    const prober = createProber({ ports: { ssh: sshPort, closed, http: httpPort }, timeoutMs: 1000 })
    const result = await prober.probe(host)
    expect(result).toMatchObject({
      address: host,
      ssh: { port: sshPort, state: 'answered', detail: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' },
      closed: { port: closed, state: 'refused' },
      http: { port: httpPort, state: 'answered', detail: 'HTTP/1.1 204 No Content' },
    })
    expect(outsideVerdicts(result).map((v) => `${v.id}:${v.status}`)).toEqual(['outside.ssh:pass', 'outside.port22:pass', 'outside.http:pass', 'outside.filtered:warn'])
  })

  it('tells a port that connects but stays silent, or speaks another protocol, from one that answers', async () => {
    const prober = createProber({ ports: { ssh: silentPort, closed: sshPort, http: chattyPort }, timeoutMs: 300 })
    const result = await prober.probe(host)
    expect(result.ssh).toMatchObject({ state: 'open', detail: 'connected, no answer within 300 ms' })
    expect(result.closed).toMatchObject({ state: 'open', detail: 'connected' })
    expect(result.http).toMatchObject({ state: 'open', detail: 'not HTTP: 220 smtp.example ESMTP' })
    expect(outsideVerdicts(result).map((v) => v.status)).toEqual(['fail', 'fail', 'fail', 'fail'])
  })

  it('shares one run per address and keeps to its concurrency limit', { timeout: 20_000 }, async () => {
    accepted = 0
    // two of the three sockets wait out the 150 ms deadline (the closed-port one ends at connect):
    // one at a time, that is two deadlines in a row
    const one = createProber({ ports: { ssh: silentPort, closed: silentPort, http: silentPort }, timeoutMs: 150, concurrency: 1 })
    const started = performance.now()
    const [a, b, c] = await Promise.all([host, host, host].map((address) => one.probe(address)))
    expect(performance.now() - started).toBeGreaterThanOrEqual(295)
    expect(a).toBe(b)
    expect(b).toBe(c)
    expect(accepted).toBe(3) // one run of three sockets for three callers
    // three at a time: the two sockets that wait out the deadline are open together (a deadline
    // long enough that neither ends before the other connects, however loaded the machine; a
    // bound on the time taken would not be)
    await vi.waitUntil(() => open === 0, { timeout: 5000 })
    mostOpen = 0
    const three = createProber({ ports: { ssh: silentPort, closed, http: silentPort }, timeoutMs: 2000, concurrency: 3 })
    await three.probe(host)
    expect(mostOpen).toBe(2)
  })

  it('says when a name does not resolve', async () => {
    const prober = createProber({ ports: { ssh: sshPort, closed, http: httpPort }, timeoutMs: 500 })
    const result = await prober.probe('no-such-host.invalid')
    expect(result.ssh.state).toBe('error')
    expect(result.ssh.detail).toMatch(/name not found/)
  })
})

// A filtered port answers nothing at all. Loopback always answers, so this case needs a network
// namespace made here: a veth pair with addresses of its own, and inside the namespace a policy
// route that blackholes every TCP reply from port 22 — what ufw's DROP looks like from outside.
// It needs root and iproute2; the host's own routes and firewall are never touched.
function canMakeNamespaces(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace'
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' })
  } catch {
    return 'needs iproute2 (ip)'
  }
  return undefined
}

const skipReason = canMakeNamespaces()

describe.skipIf(skipReason !== undefined)(`a filtered port, through a namespace of our own${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const id = process.pid % 100_000
  const namespace = `grading-probe-${id}`
  const outer = `gpa${id}`
  const inner = `gpb${id}`
  let subnet = ''
  let server: ChildProcess | undefined

  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()

  beforeAll(async () => {
    const routes = ip('-4', 'route', 'show', 'table', 'all')
    for (let third = id % 200; ; third = (third + 1) % 256) {
      const candidate = `10.247.${third}`
      if (!routes.includes(`${candidate}.`)) {
        subnet = candidate
        break
      }
    }
    ip('netns', 'add', namespace)
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner)
    ip('link', 'set', inner, 'netns', namespace)
    ip('addr', 'add', `${subnet}.1/30`, 'dev', outer)
    ip('link', 'set', outer, 'up')
    ip('-n', namespace, 'addr', 'add', `${subnet}.2/30`, 'dev', inner)
    ip('-n', namespace, 'link', 'set', inner, 'up')
    ip('-n', namespace, 'link', 'set', 'lo', 'up')
    ip('-n', namespace, 'rule', 'add', 'ipproto', 'tcp', 'sport', '22', 'table', '100', 'prio', '100')
    ip('-n', namespace, 'route', 'add', 'blackhole', 'default', 'table', '100')
    server = spawn('ip', ['netns', 'exec', namespace, process.execPath, join(fixtureDir, 'fake-learner-server.mjs'), `${subnet}.2`, '54723', '80'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve())
      server!.on('exit', (code) => reject(new Error(`fake server exited with ${code}`)))
    })
  }, 20_000)

  afterAll(() => {
    server?.kill()
    for (const args of [['link', 'del', outer], ['netns', 'del', namespace]]) {
      try {
        ip(...args)
      } catch {
        // already gone
      }
    }
  })

  it('times out on the dropped port 22 while SSH and HTTP answer on the course ports', async () => {
    const prober = createProber({ timeoutMs: 1000 })
    const result = await prober.probe(`${subnet}.2`)
    expect(result.ssh).toMatchObject({ port: 54723, state: 'answered', detail: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3' })
    expect(result.closed).toMatchObject({ port: 22, state: 'timeout' })
    expect(result.closed.ms).toBeGreaterThanOrEqual(990)
    expect(result.http).toMatchObject({ port: 80, state: 'answered', detail: 'HTTP/1.1 200 OK' })
    expect(outsideVerdicts(result).every((verdict) => verdict.status === 'pass')).toBe(true)
  })
})
