import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { get as httpGet } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer } from '../../src/node/server.ts'

let dir: string
let base: string
let close: () => Promise<void>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'course-site-'))
  await mkdir(join(dir, 'site/assets'), { recursive: true })
  await writeFile(join(dir, 'site/index.html'), '<!doctype html><title>講座</title>')
  await writeFile(join(dir, 'site/assets/app-1234.js'), 'console.log(1)')
  await writeFile(join(dir, 'secret.txt'), 'not for the web')
  const { server, url } = await startServer({ siteDir: join(dir, 'site'), port: 0 })
  base = url
  close = () => new Promise((done) => server.close(() => done()))
})

afterAll(async () => {
  await close()
  await rm(dir, { recursive: true, force: true })
})

describe('the course server', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  })

  it.each([
    ['/', 200, 'text/html; charset=utf-8', '<title>講座</title>'],
    ['/lessons/firewall', 200, 'text/html; charset=utf-8', '<title>講座</title>'],
    ['/assets/app-1234.js', 200, 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['/assets/missing.js', 404, 'text/plain; charset=utf-8', 'not found'],
    ['/..%2fsecret.txt', 404, 'text/plain; charset=utf-8', 'not found'],
    ['/lessons/..%2f..%2fsecret.txt', 404, 'text/plain; charset=utf-8', 'not found'],
    ['/%E0%A4%A', 400, 'text/plain; charset=utf-8', 'malformed URL'],
  ])('GET %s → %i', async (path, status, type, body) => {
    const response = await fetch(new URL(path, base))
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toBe(type)
    expect(await response.text()).toContain(body)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'")
  })

  it('answers a write to a static path with 405 and a reason', async () => {
    const response = await fetch(new URL('/index.html', base), { method: 'POST', body: 'x' })
    expect(response.status).toBe(405)
    expect(await response.text()).toContain('method not allowed')
  })

  it('lets hashed assets be cached for good, and pages not', async () => {
    expect((await fetch(new URL('/assets/app-1234.js', base))).headers.get('cache-control')).toContain('immutable')
    expect((await fetch(base)).headers.get('cache-control')).toBe('no-cache')
  })
})

describe('compressed answers', () => {
  let site: string
  let url: string
  let stop: () => Promise<void>
  const script = 'console.log("講座");\n'.repeat(200)

  beforeAll(async () => {
    site = await mkdtemp(join(tmpdir(), 'course-site-'))
    await mkdir(join(site, 'assets'), { recursive: true })
    await writeFile(join(site, 'index.html'), '<!doctype html><title>講座</title>')
    await writeFile(join(site, 'index.html.gz'), gzipSync('<!doctype html><title>講座</title>'))
    await writeFile(join(site, 'assets/app-1234abcd.js'), script)
    await writeFile(join(site, 'assets/app-1234abcd.js.br'), brotliCompressSync(script))
    await writeFile(join(site, 'assets/app-1234abcd.js.gz'), gzipSync(script))
    const started = await startServer({ siteDir: site, port: 0 })
    url = started.url
    stop = () => new Promise((done) => started.server.close(() => done()))
  })

  afterAll(async () => {
    await stop()
    await rm(site, { recursive: true, force: true })
  })

  /** node:http, so the body arrives as sent (fetch would decompress it). */
  function get(path: string, acceptEncoding: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((done, fail) => {
      httpGet(new URL(path, url), { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      }).on('error', fail)
    })
  }

  it.each([
    ['gzip, deflate, br', 'br', (body: Buffer) => brotliDecompressSync(body)],
    ['br;q=0.5, gzip', 'gzip', (body: Buffer) => gunzipSync(body)],
    ['gzip', 'gzip', (body: Buffer) => gunzipSync(body)],
    ['identity', undefined, (body: Buffer) => body],
    ['', undefined, (body: Buffer) => body],
  ])('Accept-Encoding "%s" → %s', async (accept, encoding, decode) => {
    const response = await get('/assets/app-1234abcd.js', accept)
    expect(response.status).toBe(200)
    expect(response.headers['content-encoding']).toBe(encoding)
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(response.headers.vary).toMatch(/accept-encoding/i)
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(decode(response.body).toString()).toBe(script)
  })

  it('sends the compressed index.html for a history-mode path, revalidated on each load', async () => {
    const response = await get('/lessons/firewall', 'gzip')
    expect(response.status).toBe(200)
    expect(response.headers['content-encoding']).toBe('gzip')
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(response.headers['cache-control']).toBe('no-cache')
    expect(response.headers.etag ?? response.headers['last-modified']).toBeTruthy()
    expect(gunzipSync(response.body).toString()).toContain('<title>講座</title>')
  })
})
