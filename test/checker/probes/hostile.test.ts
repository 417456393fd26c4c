/**
 * The host under hostile conditions (issue 8): what it reads is bounded, what it runs has a
 * timeout that fits, and apt's simulation writes nothing, not even its planner log.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { aptSimulateArgs } from '../../../checker/probes/apt.ts'
import { createFixtureHost } from '../../../checker/probes/fixture-host.ts'
import type { Host } from '../../../checker/probes/host.ts'
import { collectFacts } from '../../../checker/probes/index.ts'
import { createRealHost, maxFileBytes } from '../../../checker/probes/real-host.ts'
import { evaluate } from '../../../checker/rules/index.ts'
import { course } from '../../../src/shared/course.ts'
import { hostFixture } from '../_paths.ts'

const scratch = mkdtempSync(join(tmpdir(), 'check-hostile-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('reading only regular files, and only so much', () => {
  const host = createRealHost({})
  const cases: { name: string; make: (path: string) => void; expect: RegExp }[] = [
    { name: 'a FIFO', make: (path) => execFileSync('mkfifo', [path]), expect: /not a regular file/ },
    { name: 'a symlink to /dev/zero', make: (path) => symlinkSync('/dev/zero', path), expect: /not a regular file/ },
    { name: 'a directory', make: (path) => mkdirSync(path), expect: /not a regular file/ },
    { name: 'a file over the cap', make: (path) => writeFileSync(path, 'x'.repeat(maxFileBytes + 1)), expect: /larger than/ },
  ]
  it.each(cases)('$name is refused at once', ({ name, make, expect: message }) => {
    const path = join(scratch, name.replace(/\W+/g, '-'))
    make(path)
    const start = performance.now()
    const read = host.readFile(path)
    expect(read).toMatchObject({ error: 'failed' })
    expect('message' in read ? read.message : '').toMatch(message)
    expect(performance.now() - start).toBeLessThan(2000)
  })

  it('still reads a regular file up to the cap', () => {
    const path = join(scratch, 'ok')
    writeFileSync(path, 'x'.repeat(maxFileBytes))
    const read = host.readFile(path)
    expect('text' in read && read.text.length).toBe(maxFileBytes)
  })
})

describe('timeouts that fit each command', () => {
  it('takes a per-call timeout, and --timeout overrides every one', async () => {
    expect(await createRealHost({}).run('sleep', ['10'], { timeoutMs: 300 })).toMatchObject({ ok: false, reason: 'timeout', timeoutMs: 300 })
    expect(await createRealHost({ timeoutMs: 200 }).run('sleep', ['10'], { timeoutMs: 60_000 })).toMatchObject({ ok: false, reason: 'timeout', timeoutMs: 200 })
  })

  it('gives apt tens of seconds and the quick tools about ten', async () => {
    const asked: { command: string; timeoutMs?: number }[] = []
    const inner = createFixtureHost(hostFixture('done'), {})
    const host: Host = { ...inner, run: (command, args, options) => (asked.push({ command, timeoutMs: options?.timeoutMs }), inner.run(command, args, options)) }
    await collectFacts(host)
    expect(asked.length).toBeGreaterThan(3)
    for (const { command, timeoutMs } of asked) {
      if (command.startsWith('apt')) expect(timeoutMs, command).toBeGreaterThanOrEqual(30_000)
      else expect(timeoutMs, command).toBeLessThanOrEqual(15_000)
      expect(timeoutMs, command).toBeGreaterThanOrEqual(5000)
    }
  })

  it('names --timeout, in both languages, when a command did not answer in time', async () => {
    const { facts } = await collectFacts(createFixtureHost(hostFixture('broken'), {}))
    const applied = evaluate(facts, course, ['updates.applied'])[0]
    expect(applied?.status).toBe('unknown')
    expect(applied?.detail.ja).toMatch(/apt-get -s upgrade が 60 秒以内に終わりませんでした。.*check --timeout 120/)
    expect(applied?.detail.en).toMatch(/check --timeout 120/)
  })
})

describe('apt simulation writes nothing', () => {
  it('turns off the planner log (eipp.log.xz) and the binary caches', () => {
    const options = aptSimulateArgs.flatMap((arg, index) => (aptSimulateArgs[index - 1] === '-o' ? [arg] : []))
    expect(options).toEqual(expect.arrayContaining(['Dir::Log::Planner=', 'Dir::Cache::pkgcache=', 'Dir::Cache::srcpkgcache=']))
    expect(aptSimulateArgs.slice(0, 1)).toEqual(['-s'])
    expect(aptSimulateArgs.at(-1)).toBe('upgrade')
  })
})

describe('an sshd_config that cannot be read as text is unknown, never port 22', () => {
  const variants: { name: string; read: () => ReturnType<Host['readFile']> }[] = [
    { name: 'random bytes', read: () => ({ text: '\u0000\u0001\uFFFD\u0007Port 2\u0000' }) },
    { name: 'a directory or a FIFO', read: () => ({ error: 'failed', message: '/etc/ssh/sshd_config: not a regular file' }) },
    { name: 'larger than the cap', read: () => ({ error: 'failed', message: '/etc/ssh/sshd_config: larger than 1 MiB, not read' }) },
  ]
  it.each(variants)('$name', async ({ read }) => {
    const inner = createFixtureHost(hostFixture('nonroot'), {})
    const host: Host = { ...inner, readFile: (path) => (path === '/etc/ssh/sshd_config' ? read() : inner.readFile(path)) }
    const { facts } = await collectFacts(host)
    expect(facts.sshd.configured).toMatchObject({ unknown: expect.stringMatching(/sshd would refuse/) })
    const results = evaluate(facts, course)
    const status = (id: string) => results.find((result) => result.id === id)?.status
    expect(status('ssh.port-configured')).toBe('unknown')
    expect(status('guard.lockout')).not.toBe('fail')
    expect(JSON.stringify(results)).not.toMatch(/設定されたポート: 22|configured \(parser\): 22/)
  })
})
