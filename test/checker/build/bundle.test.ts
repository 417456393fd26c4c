/**
 * The shipped artefacts: dist/check.mjs as one self-contained file that Node 18 runs, and the .deb
 * that installs it as /usr/bin/check. Built into a scratch folder so the test leaves dist/ alone.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBundle, buildDeb } from '../../../checker/build.ts'
import { reportSchema } from '../../../checker/report/index.ts'
import { hostFixture, projectRoot } from '../_paths.ts'
import { run } from '../_spawn.ts'

// Outside the checkout, so nothing can be resolved from node_modules at run time.
const scratch = mkdtempSync(join(tmpdir(), 'check-bundle-'))
const bundle = join(scratch, 'check.mjs')
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }

beforeAll(async () => {
  await buildBundle(bundle)
}, 60_000)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('dist/check.mjs', () => {
  it('is one executable file with a shebang and only node: imports', () => {
    const source = readFileSync(bundle, 'utf8')
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true)
    expect(statSync(bundle).mode & 0o111).not.toBe(0)
    const imports = [...source.matchAll(/\bfrom\s*"([^"]+)"|\bimport\s*\(\s*"([^"]+)"\s*\)|\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? match[2] ?? match[3])
    expect(imports.length).toBeGreaterThan(0)
    expect(imports.filter((name) => !name?.startsWith('node:'))).toEqual([])
  })

  it.each([
    ['done', 0],
    ['lockout', 1],
    ['nonroot', 1],
    ['broken', 1],
  ] as const)('--json on %s validates against the schema and exits %i', async (name, expected) => {
    const { code, stdout } = await run(process.execPath, [bundle, '--fixture-root', hostFixture(name), '--json'], { cwd: scratch })
    expect(code).toBe(expected)
    const report = reportSchema.parse(JSON.parse(stdout))
    expect(report.tool).toEqual({ name: 'secure-course-check', version })
    expect(report.summary.total).toBe(19)
  })

  it('exits 2 on a usage error', async () => {
    const { code, stderr } = await run(process.execPath, [bundle, '--bogus'], { cwd: scratch })
    expect(code).toBe(2)
    expect(stderr).toContain('不明なオプションです: --bogus')
  })

  it('runs under Node 18 (npx -y node@18), the version of Debian 12 and Ubuntu 24.04', async () => {
    const { code, stdout, stderr } = await run('npx', ['-y', 'node@18', bundle, '--fixture-root', hostFixture('done'), '--json'], { cwd: scratch, timeoutMs: 180_000 })
    expect(stderr).not.toMatch(/SyntaxError|TypeError|ReferenceError/)
    expect(code).toBe(0)
    expect(reportSchema.parse(JSON.parse(stdout)).summary).toEqual({ pass: 19, fail: 0, warn: 0, unknown: 0, total: 19 })
    const versionCheck = await run('npx', ['-y', 'node@18', '-p', 'process.versions.node'], { cwd: scratch, timeoutMs: 180_000 })
    expect(versionCheck.stdout).toMatch(/^18\./)
  }, 200_000)
})

describe('the Debian package', () => {
  it('depends on nodejs >= 18 and installs a working /usr/bin/check', async () => {
    const deb = buildDeb(bundle, version, scratch)
    expect(deb).toBe(join(scratch, `secure-course-check_${version}_all.deb`))
    const field = (name: string) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8', timeout: 30_000 }).trim()
    expect([field('Package'), field('Version'), field('Architecture'), field('Depends')]).toEqual(['secure-course-check', version, 'all', 'nodejs (>= 18)'])
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', timeout: 30_000 })
    expect(listing).toMatch(/-rwxr-xr-x root\/root +\d+ [\d-]+ [\d:]+ \.\/usr\/lib\/secure-course-check\/check\.mjs\n/)
    expect(listing).toMatch(/lrwxrwxrwx root\/root +0 [\d-]+ [\d:]+ \.\/usr\/bin\/check -> \.\.\/lib\/secure-course-check\/check\.mjs\n/)
    const unpacked = join(scratch, 'unpacked')
    execFileSync('dpkg-deb', ['-x', deb, unpacked], { timeout: 30_000 })
    // The learner's command, by its installed name, under the learner's Node 18: a file named
    // plain `check` would be read as CommonJS there and fail on its first import.
    const { code, stdout, stderr } = await run('npx', ['-y', 'node@18', join(unpacked, 'usr/bin/check'), '--version'], { cwd: scratch, timeoutMs: 180_000 })
    expect([code, stdout, stderr]).toEqual([0, `secure-course-check ${version}\n`, ''])
  }, 200_000)
})
