/**
 * The shipped single file: dist/check.mjs, self-contained, run by every Node.js a learner's
 * release ships (Ubuntu 22.04: 12.22, Debian 12 / Ubuntu 24.04: 18, Debian 13: 20), and a clear
 * line instead of a stack trace on anything older. Built into a scratch folder so dist/ is left alone.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBundle } from '../../../checker/build.ts'
import { reportSchema } from '../../../checker/report/index.ts'
import { hostFixture, projectRoot } from '../_paths.ts'
import { run } from '../_spawn.ts'
import { parseXml } from '../report/_xml.ts'
import { freePort, getJson, setUpStore, startApi, type RunningApi } from '../submit/_grading.ts'

// Outside the checkout, so nothing can be resolved from node_modules at run time.
const scratch = mkdtempSync(join(tmpdir(), 'check-bundle-'))
const bundle = join(scratch, 'check.mjs')
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }

/** The node binary `npx -y node@<major>` runs, resolved once so each case starts it directly. */
function nodeBinary(major: number): string {
  return execFileSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], { cwd: scratch, encoding: 'utf8', timeout: 180_000 }).trim()
}

// The site the progress link points to is fixed at build time (esbuild define).
const builtInSite = 'https://course.example/learn/'
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0
// A real grading API process with a temp store, for submitting from each Node version.
let api: RunningApi | undefined
let token = ''

beforeAll(async () => {
  await buildBundle(bundle, { siteUrl: builtInSite })
  const dataDir = join(scratch, 'data')
  token = (await setUpStore(dataDir)).token
  api = await startApi(dataDir, await freePort())
}, 60_000)
afterAll(async () => {
  await api?.stop()
  rmSync(scratch, { recursive: true, force: true })
})

describe('dist/check.mjs', () => {
  it('is one executable file with a shebang that loads only Node built-ins', () => {
    const source = readFileSync(bundle, 'utf8')
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(bundle).mode & 0o111).not.toBe(0)
    // No static import: Node 10 reads a .mjs as a script, and the version guard must get to run.
    expect(source).not.toMatch(/^\s*import[\s{*]/m)
    const required = [...source.matchAll(/\b(?:__)?require\("([^"]+)"\)/g)].map((match) => match[1])
    expect(required.length).toBeGreaterThan(0)
    // Bare names: Node 12 cannot require('node:fs').
    expect(required.filter((name) => !/^[a-z_]+(\/[a-z_]+)?$/.test(name ?? ''))).toEqual([])
  })

  it('exits 2 on a usage error', async () => {
    const { code, stderr } = await run(process.execPath, [bundle, '--bogus'], { cwd: scratch })
    expect(code).toBe(2)
    expect(stderr).toContain('不明なオプションです: --bogus')
  })
})

const fixtures = [
  ['done', 0],
  ['fresh', 1],
  ['lockout', 1],
  ['nonroot', 1],
  ['broken', 1],
  ['migrating', 0],
  ['ubuntu-socket', 1],
] as const

// Ubuntu 22.04 (12.22), Debian 12 and Ubuntu 24.04 (18), Debian 13 (20).
describe.each([12, 18, 20])('under Node %i (npx -y node@%i)', (major) => {
  let node = ''
  beforeAll(() => {
    node = nodeBinary(major)
  }, 200_000)
  const check = (args: string[], env: Record<string, string> = {}) => run(node, [bundle, ...args], { cwd: scratch, env: { LANG: 'ja_JP.UTF-8', LC_ALL: '', ...env } })

  it('is that version', () => {
    expect(execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' })).toMatch(new RegExp(`^${major}\\.`))
  })

  it.each(fixtures)('--json on %s validates against the schema and exits %i', async (name, expected) => {
    const { code, stdout, stderr } = await check(['--fixture-root', hostFixture(name), '--json'])
    expect(stderr).toBe('')
    expect(code).toBe(expected)
    const report = reportSchema.parse(JSON.parse(stdout))
    expect(report.tool).toEqual({ name: 'secure-course-check', version })
    expect(report.summary.total).toBe(19)
  })

  it.each(fixtures)('text and --junit on %s, both languages, exit %i', async (name, expected) => {
    for (const args of [['--color'], ['--lang', 'en', '--no-color'], ['--junit']]) {
      const { code, stdout, stderr } = await check(['--fixture-root', hostFixture(name), ...args])
      expect([code, stderr], args.join(' ')).toEqual([expected, ''])
      if (args[0] === '--junit') expect(() => parseXml(stdout)).not.toThrow()
      else expect(stdout).toMatch(/(19 項目|19 checks): /)
    }
  })

  it.each([['--help'], ['--help', '--lang', 'en'], ['help'], ['--list'], ['--list', '--lang', 'en'], ['--version'], ['--json', '--timeout', '1', '--fixture-root', hostFixture('done'), '--', 'ssh']])('%j exits 0', async (...args) => {
    const { code, stdout, stderr } = await check(args)
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout.length).toBeGreaterThan(10)
  })

  it('runs fed over stdin (`node - --json`, as the grading server pulls it)', async () => {
    const body = readFileSync(bundle, 'utf8').replace(/^#!.*\n/, '')
    const { code, stdout, stderr } = await run(node, ['-', '--json', '--fixture-root', hostFixture('done')], { cwd: scratch, input: body })
    expect([code, stderr]).toEqual([0, ''])
    expect(reportSchema.parse(JSON.parse(stdout)).summary.pass).toBe(19)
  })

  it('ends the text with the progress link to the built-in site; --link prints only the link, --site overrides', async () => {
    const text = await check(['--fixture-root', hostFixture('done'), '--no-color'])
    expect(text.stdout).toMatch(new RegExp(`\\n  ${builtInSite.replace(/[./]/g, '\\$&')}progress#r=1______w\\n$`))
    const link = await check(['--fixture-root', hostFixture('fresh'), '--link', '--site', 'http://127.0.0.1:4173'])
    expect([link.code, link.stderr, link.stdout]).toEqual([1, '', 'http://127.0.0.1:4173/progress#r=1XVdeVVw\n'])
  })

  // As root without SUDO_USER check keeps nothing, so the developer's own ~/.config queue is never touched.
  it.skipIf(!asRoot)('submits to a real grading API process (node:http, no fetch) [root only: keeps nothing in anyone’s home]', async () => {
    const before = (await getJson(`${api!.url}/api/me`, token)).body.reports.length as number
    const { code, stdout, stderr } = await check(['--fixture-root', hostFixture('done'), '--json', '--submit', api!.url, '--token', token], { SUDO_USER: '' })
    expect([code, stderr.split('\n')[0]]).toEqual([0, expect.stringMatching(/^提出しました: 受付番号 \d+/)])
    expect(reportSchema.parse(JSON.parse(stdout)).summary.pass).toBe(19)
    const after = (await getJson(`${api!.url}/api/me`, token)).body.reports as Array<{ summary: { pass: number } }>
    expect(after.length).toBe(before + 1)
    expect(after[0]!.summary.pass).toBe(19)
  })

  it.skipIf(!asRoot)('a server that is down: exit 4 and the reason [root only]', async () => {
    const { code, stderr } = await check(['--fixture-root', hostFixture('done'), '--json', '--submit', `http://127.0.0.1:${await freePort()}`, '--token', token], { SUDO_USER: '' })
    expect(code).toBe(4)
    expect(stderr).toContain('接続を拒否されました (connection refused)')
  })

  it('--watch ends once everything passes', async () => {
    const { code, stderr } = await check(['--watch', '--fixture-root', hostFixture('done')])
    expect([code, stderr]).toEqual([0, ''])
  })

  it('reports an internal error with exit 2, not a crash', async () => {
    const { code, stderr } = await check(['--fixture-root', join(scratch, 'no-such-host')])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^check: 内部エラーです \(internal error\): /)
  })
})

describe('on Node older than 12', () => {
  it('prints one bilingual line and exits 2 (npx -y node@10)', async () => {
    const node = nodeBinary(10)
    const { code, stdout, stderr } = await run(node, [bundle, '--json'], { cwd: scratch })
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `check には Node.js 12 以上が必要です (check needs Node.js 12 or later): this is v${execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()}\n` })
  }, 200_000)
})
