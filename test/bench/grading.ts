/**
 * `npm run bench:grading`: a class submitting at once, and the outside probes of a whole class.
 *   1. N learners (300) POST their report at the same moment to the API on 127.0.0.1 (real
 *      SQLite file, WAL, synchronous=FULL, rate limits on): p50/p99 latency, reports per second.
 *   2. Probing N addresses on loopback (127.0.1.x, a fake sshd and web server on each, the
 *      "closed" port refused): wall time, target ≤ 5 s.
 *   3. As root, the same through a network namespace made here whose port 22 drops its answers,
 *      as a class that finished the course looks: every closed-port probe waits out its deadline.
 *   npm run bench:grading -- [--learners 300]
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer as createHttpServer, request } from 'node:http'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { outsideVerdicts, type OutsideResult } from '../../src/node/grading/outside.ts'
import { createProber } from '../../src/node/grading/probe.ts'
import { createGradingApp } from '../../src/node/grading/standalone.ts'
import { openStoreIn } from '../../src/node/grading/store/index.ts'
import { sampleReport } from '../node/grading/_helpers.ts'

const { values } = parseArgs({ options: { learners: { type: 'string', default: '300' } } })
const learners = Number(values.learners)
const fixtures = new URL('../node/grading/fixtures/', import.meta.url).pathname

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const ms = (value: number): string => `${value.toFixed(1)} ms`

function post(port: number, agent: Agent, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, agent, method: 'POST', path: '/api/reports', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function benchSubmissions(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-grading-'))
  try {
    const dataDir = join(dir, 'data')
    const setup = openStoreIn(dataDir)
    const cls = await setup.addClass('bench')
    const tokens = (await setup.addStudents(cls.id, Array.from({ length: learners }, (_, i) => ({ studentId: `s${i}` })))).map((s) => s.token)
    await setup.close()
    const grading = await createGradingApp({ dataDir, probe: false })
    await grading.app.listen({ host: '127.0.0.1', port: 0 })
    const port = (grading.app.server.address() as AddressInfo).port
    const body = JSON.stringify(sampleReport())
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity })
    const latencies: number[] = []
    const started = performance.now()
    const statuses = await Promise.all(
      tokens.map(async (token) => {
        const begin = performance.now()
        const status = await post(port, agent, token, body)
        latencies.push(performance.now() - begin)
        return status
      }),
    )
    const wall = performance.now() - started
    agent.destroy()
    await grading.close()
    const created = statuses.filter((status) => status === 201).length
    latencies.sort((a, b) => a - b)
    console.log(`提出 (submissions): ${created}/${learners} stored (201), ${Math.round(body.length / 1024)} KB each`)
    console.log(`  latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1)!)}`)
    console.log(`  ${(created / (wall / 1000)).toFixed(0)} reports/s (all ${learners} in ${ms(wall)})`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function summarise(label: string, results: OutsideResult[], wall: number): void {
  const passes = results.filter((result) => outsideVerdicts(result).filter((v) => v.id !== 'outside.filtered').every((v) => v.status === 'pass')).length
  const filtered = results.filter((result) => result.closed.state === 'timeout').length
  console.log(`${label}: ${results.length} addresses in ${ms(wall)} (${wall <= 5000 ? 'within' : 'OVER'} 5 s); ${passes} all answered as expected, ${filtered} with port 22 dropped`)
}

async function benchLoopbackProbes(): Promise<void> {
  const addresses = Array.from({ length: learners }, (_, i) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`)
  const servers: Server[] = []
  const listenAll = async (make: () => Server, port: number): Promise<void> => {
    for (const address of addresses) {
      const server = make()
      servers.push(server)
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, address, () => resolve())
      })
    }
  }
  const freePort = async (): Promise<number> => {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, addresses[0], () => resolve()))
    const port = (server.address() as AddressInfo).port
    await new Promise((resolve) => server.close(resolve))
    return port
  }
  const sshPort = await freePort()
  await listenAll(() => createServer((socket) => socket.on('error', () => {}).end('SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n')), sshPort)
  const httpPort = await freePort()
  await listenAll(() => createHttpServer((_request, response) => response.end('ok')), httpPort)
  const closedPort = await freePort()
  try {
    const prober = createProber({ ports: { ssh: sshPort, closed: closedPort, http: httpPort } })
    const started = performance.now()
    const results = await Promise.all(addresses.map((address) => prober.probe(address)))
    summarise('外部確認 loopback (outside probes)', results, performance.now() - started)
  } finally {
    for (const server of servers) {
      ;(server as Server & { closeAllConnections?: () => void }).closeAllConnections?.()
      server.close()
    }
  }
}

/** 300 addresses inside a namespace of our own whose port 22 drops every answer; root only. */
async function benchFilteredProbes(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('外部確認 filtered: skipped (needs root for a network namespace)')
    return
  }
  const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString()
  const id = process.pid % 100_000
  const namespace = `grading-bench-${id}`
  const outer = `gba${id}`
  const inner = `gbb${id}`
  const routes = ip('-4', 'route', 'show', 'table', 'all')
  let base = 0
  for (let third = 100; third < 254; third += 2) {
    if (!routes.includes(`10.247.${third}.`) && !routes.includes(`10.247.${third + 1}.`)) {
      base = third
      break
    }
  }
  if (!base) {
    console.log('外部確認 filtered: skipped (no free 10.247.x.0/23)')
    return
  }
  let server: ChildProcess | undefined
  try {
    ip('netns', 'add', namespace)
    ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner)
    ip('link', 'set', inner, 'netns', namespace)
    ip('addr', 'add', `10.247.${base}.1/23`, 'dev', outer)
    ip('link', 'set', outer, 'up')
    const addresses = Array.from({ length: learners }, (_, i) => `10.247.${base + Math.floor((i + 2) / 256)}.${(i + 2) % 256}`)
    const batch = addresses.map((address) => `address add ${address}/23 dev ${inner}`).join('\n')
    execFileSync('ip', ['-n', namespace, '-batch', '-'], { input: batch })
    ip('-n', namespace, 'link', 'set', inner, 'up')
    ip('-n', namespace, 'link', 'set', 'lo', 'up')
    ip('-n', namespace, 'rule', 'add', 'ipproto', 'tcp', 'sport', '22', 'table', '100', 'prio', '100')
    ip('-n', namespace, 'route', 'add', 'blackhole', 'default', 'table', '100')
    server = spawn('ip', ['netns', 'exec', namespace, process.execPath, join(fixtures, 'fake-learner-server.mjs'), '0.0.0.0', '54723', '80'], { stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      server!.stdout!.on('data', (chunk) => String(chunk).includes('ready') && resolve())
      server!.on('exit', (code) => reject(new Error(`fake server exited with ${code}`)))
    })
    const prober = createProber()
    const started = performance.now()
    const results = await Promise.all(addresses.map((address) => prober.probe(address)))
    summarise('外部確認 filtered namespace (port 22 dropped, 1.5 s deadline, 200 sockets)', results, performance.now() - started)
  } finally {
    server?.kill()
    for (const args of [['link', 'del', outer], ['netns', 'del', namespace]]) {
      try {
        ip(...args)
      } catch {
        // already gone
      }
    }
  }
}

await benchSubmissions()
await benchLoopbackProbes()
await benchFilteredProbes()
