/**
 * The Debian package: what it depends on, who maintains it, the files Debian policy asks for
 * (copyright, changelog, a man page), a working /usr/bin/check under the oldest Node it allows,
 * and lintian's verdict. Built into a scratch folder so dist/ is left alone.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildBundle, buildDeb } from '../../../checker/build.ts'
import { helpText } from '../../../checker/cli/help.ts'
import { course } from '../../../src/shared/course.ts'
import { projectRoot } from '../_paths.ts'
import { run } from '../_spawn.ts'

const scratch = mkdtempSync(join(tmpdir(), 'check-deb-'))
const unpacked = join(scratch, 'unpacked')
const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
let deb = ''

const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const field = (name: string) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8', timeout: 30_000 }).trim()
const installed = (path: string) => readFileSync(join(unpacked, path))

beforeAll(async () => {
  deb = buildDeb(await buildBundle(join(scratch, 'check.mjs')), version, scratch)
  execFileSync('dpkg-deb', ['-x', deb, unpacked], { timeout: 30_000 })
}, 60_000)
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the Debian package', () => {
  it('says what it needs and who maintains it', () => {
    expect(deb).toBe(join(scratch, `secure-course-check_${version}_all.deb`))
    expect([field('Package'), field('Version'), field('Architecture'), field('Depends')]).toEqual(['secure-course-check', version, 'all', 'nodejs (>= 12)'])
    expect(field('Maintainer')).toMatch(/^[^<>@]+ <[^\s<>@]+@[a-z0-9.-]+\.[a-z]+>$/)
    expect(field('Maintainer')).not.toMatch(/localhost/)
  })

  it('installs the command, its man page, copyright and changelog', () => {
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', timeout: 30_000 })
    const entries = listing.split('\n').filter(Boolean).map((line) => line.replace(/^(\S+) root\/root +\d+ [\d-]+ [\d:]+ /, '$1 '))
    expect(entries).toEqual(
      expect.arrayContaining([
        '-rwxr-xr-x ./usr/lib/secure-course-check/check.mjs',
        'lrwxrwxrwx ./usr/bin/check -> ../lib/secure-course-check/check.mjs',
        '-rw-r--r-- ./usr/share/doc/secure-course-check/copyright',
        '-rw-r--r-- ./usr/share/doc/secure-course-check/changelog.gz',
        '-rw-r--r-- ./usr/share/man/man1/check.1.gz',
      ]),
    )
  })

  it('has a machine-readable (DEP-5) copyright that covers the bundled zod', () => {
    const copyright = installed('usr/share/doc/secure-course-check/copyright').toString('utf8')
    expect(copyright).toMatch(/^Format: https:\/\/www\.[a-z]+\.org\/doc\/packaging-manuals\/copyright-format\/1\.0\/\n/)
    const paragraphs = copyright.trimEnd().split('\n\n')
    expect(paragraphs.slice(1).filter((paragraph) => paragraph.startsWith('Files:')).length).toBeGreaterThanOrEqual(2)
    expect(copyright).toContain('Colin McDonnell')
    expect(copyright).toMatch(/^License: Expat\n /m)
    expect(copyright).toContain('see the course repository')
  })

  it('has a Debian changelog entry for this version', () => {
    const changelog = gunzipSync(installed('usr/share/doc/secure-course-check/changelog.gz')).toString('utf8')
    expect(changelog).toMatch(new RegExp(`^secure-course-check \\(${version.replace(/\./g, '\\.')}\\) unstable; urgency=medium\\n\\n  \\* .+\\n\\n -- ${field('Maintainer').replace(/[.*+?()[\]]/g, '\\$&')}  \\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000\\n$`, 's'))
  })

  it('has a man page with every option of --help', () => {
    const page = gunzipSync(installed('usr/share/man/man1/check.1.gz')).toString('utf8')
    const options = [...new Set(helpText(course, 'en').match(/(?<=^ +|, )-{1,2}[a-zV-]*/gm) ?? [])]
    expect(options.length).toBeGreaterThan(10)
    for (const option of options) expect(page, option).toContain(option.replace(/-/g, '\\-'))
  })

  // man-db and groff-base are Debian's `man`; without them there is nothing to render with.
  it.skipIf(!has('man'))('man -l renders the man page without warnings', () => {
    const rendered = spawnSync('man', ['--warnings', '-E', 'UTF-8', '-l', join(unpacked, 'usr/share/man/man1/check.1.gz')], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '80', LANG: 'C.UTF-8', MAN_KEEP_FORMATTING: '' } })
    expect(rendered.stderr).toBe('')
    expect(rendered.stdout).toContain('check - verify the steps of the secure web server course')
    expect(rendered.stdout).toContain('--ssh-port N')
  })

  // Debian's lintian is not a dependency of the project (`apt-get install -y lintian`).
  // Every tag at every level (errors, warnings, info, pedantic, experimental): none may remain
  // unless the package overrides it with a reason (usr/share/lintian/overrides, checker/README.md).
  it.skipIf(!has('lintian'))('lintian reports no tag that is not overridden with a reason', () => {
    const result = spawnSync('lintian', ['--fail-on', 'none', '--tag-display-limit', '0', '-I', '-E', '--pedantic', deb], { encoding: 'utf8', timeout: 300_000 })
    expect(result.status).toBe(0)
    expect(result.stdout.split('\n').filter((line) => /^[A-Z]: /.test(line) && !line.startsWith('N: '))).toEqual([])
  }, 300_000)

  it.each([
    [12, 0, `secure-course-check ${version}\n`, ''],
    [10, 2, '', /^check には Node\.js 12 以上が必要です \(check needs Node\.js 12 or later\): this is v10\.\d+\.\d+\n$/],
  ])('/usr/bin/check --version under npx -y node@%i exits %i', async (major, code, stdout, stderr) => {
    const finished = await run('npx', ['-y', `node@${major}`, join(unpacked, 'usr/bin/check'), '--version'], { cwd: scratch, timeoutMs: 180_000 })
    expect(finished).toMatchObject({ code, stdout })
    expect(finished.stderr).toMatch(typeof stderr === 'string' ? new RegExp(`^${stderr}$`) : stderr)
  }, 200_000)
})
