import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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
    ['/..%2fsecret.txt', 403, 'text/plain; charset=utf-8', 'path outside the site'],
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
