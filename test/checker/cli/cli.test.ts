/** The real CLI, spawned as a learner would run it, over recorded hosts. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { reportSchema } from '../../../checker/report/index.ts'
import { hostFixture, projectRoot } from '../_paths.ts'
import { normalise } from '../_report.ts'
import { run } from '../_spawn.ts'

const cli = join(projectRoot, 'checker/cli.ts')
const check = (args: string[], env: Record<string, string | undefined> = {}) =>
  run(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: projectRoot, env: { LANG: 'ja_JP.UTF-8', LC_ALL: '', SECURE_COURSE_SITE_URL: undefined, ...env } })

describe('check CLI', () => {
  it('prints the finished server in Japanese and exits 0', async () => {
    const { code, stdout, stderr } = await check(['--fixture-root', hostFixture('done'), '--no-color', 'updates', 'guard'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(normalise(stdout, projectRoot).replace(/\(\d+\.\d+ 秒\)/, '(<seconds> 秒)')).toMatchInlineSnapshot(`
      "secure-course-check <version> — web01 · Debian GNU/Linux 12 (bookworm)

      ■ 締め出し防止
        ✔ SSH から締め出される危険がない — sshd のポートはファイアウォールを通ります

      ■ レッスン 1: アップデートの適用
        ✔ パッケージ一覧が 7 日以内に更新されている — 最終更新は 2 日前です
        ✔ 更新できるパッケージがすべて適用されている — 適用待ちの更新はありません
        ✔ 再起動が必要な更新が残っていない — 再起動は不要です

      すべての項目が完了しています。おつかれさまでした!
      4 項目: 完了 4・未完了 0・注意 0・未確認 0 (<seconds> 秒)

      サイトの進み具合に反映するには、このリンクをブラウザで開いてください(項目ごとの結果だけで、サーバーの情報は含みません):
        http://127.0.0.1:4173/progress#r=1_AAAAAw
      "
    `)
  })

  it.each([
    ['done', 0],
    ['migrating', 0],
    ['lockout', 1],
    ['nonroot', 1],
    ['broken', 1],
  ] as const)('--json on %s validates and exits %i', async (name, expected) => {
    const { code, stdout } = await check(['--fixture-root', hostFixture(name), '--json'])
    const report = reportSchema.parse(JSON.parse(stdout))
    expect(code).toBe(expected)
    expect(report.results[0]?.id).toBe('guard.lockout')
  })

  it('selects checks and overrides ports', async () => {
    const { code, stdout } = await check(['--fixture-root', hostFixture('done'), '--json', '--ssh-port', '2222', 'ssh.port-listening'])
    const report = reportSchema.parse(JSON.parse(stdout))
    expect(code).toBe(1)
    expect(report.settings).toEqual({ sshPort: 2222, httpPort: 80 })
    expect(report.results.map((result) => [result.id, result.status, result.title])).toEqual([['ssh.port-listening', 'fail', 'ポート 2222 で SSH が待ち受けている']])
  })

  it('speaks English when LANG says so', async () => {
    const { stdout } = await check(['--fixture-root', hostFixture('done'), '--no-color', 'guard'], { LANG: 'en_US.UTF-8' })
    expect(stdout).toMatch(/\n1 check: 1 passed, 0 failed, 0 warnings, 0 unknown \(\d+\.\d+ s\)\n\nTo show this on the course site, open this link \(it carries each check's result only, nothing about this server\):\n  http:\/\/127\.0\.0\.1:4173\/progress#r=1[\w-]{7}\n$/)
  })

  it('writes JUnit XML', async () => {
    const { code, stdout } = await check(['--fixture-root', hostFixture('lockout'), '--junit'])
    expect(code).toBe(1)
    expect(stdout).toContain('<testsuite name="guard" tests="1" failures="1" errors="0"')
  })

  it.each([
    [['--lang', 'fr']],
    [['no-such-check']],
    [['--json', '--junit']],
  ])('exits 2 on a usage error %j', async (args) => {
    const { code, stdout, stderr } = await check(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/^check: .+\n詳しくは check --help を見てください。\n$/)
  })

  it('exits 2 without a stack trace when the fixture root is broken', async () => {
    const { code, stderr } = await check(['--fixture-root', '/nonexistent-fixture'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^check: 内部エラーです \(internal error\): ENOENT/)
    expect(stderr).not.toContain('    at ')
  })

  it.each([
    [['help'], {}, '使い方: check'],
    [['--help'], {}, '使い方: check'],
    [['--help', '--lang', 'en'], {}, 'Usage: check'],
    [['help', '--lang', 'en'], {}, 'Usage: check'],
    [['--help'], { LANG: 'en_US.UTF-8' }, 'Usage: check'],
    [['--help'], { LC_MESSAGES: 'en_GB.UTF-8' }, 'Usage: check'],
    [['--help'], { LC_ALL: 'en_US.UTF-8' }, 'Usage: check'],
    [['--help', '--lang', 'ja'], { LANG: 'en_US.UTF-8' }, '使い方: check'],
  ])('%j with %j prints help starting %j, exit 0', async (args, env, start) => {
    const { code, stdout, stderr } = await check(args, env)
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout.startsWith(start)).toBe(true)
    expect(stdout).toContain('--list')
    expect(stdout).toContain('--')
  })

  it.each([
    ['ja', 'ssh.port-listening     ssh         ポート 54723 で SSH が待ち受けている'],
    ['en', 'ssh.port-listening     ssh         SSH is listening on port 54723'],
  ])('--list --lang %s names every check with its group and title', async (lang, line) => {
    const { code, stdout, stderr } = await check(['--list', '--lang', lang])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const lines = stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(19)
    expect(lines[0]).toMatch(/^guard\.lockout +guard +\S/)
    expect(lines).toContain(line)
  })

  it('-- ends the options', async () => {
    const { code, stdout } = await check(['--fixture-root', hostFixture('done'), '--json', '--', 'guard'])
    expect(code).toBe(0)
    expect(reportSchema.parse(JSON.parse(stdout)).results.map((result) => result.id)).toEqual(['guard.lockout'])
  })

  it.each([
    [{ FORCE_COLOR: '1' }, true],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
  ])('colour into a pipe with %j: %s', async (env, coloured) => {
    const { stdout } = await check(['--fixture-root', hostFixture('done'), 'guard'], env)
    expect(stdout.includes('\u001b[')).toBe(coloured)
  })

  it('prints Japanese help and the version', async () => {
    const help = await check(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('使い方: check [オプション] [--] [グループ|項目…]')
    const version = await check(['--version'])
    expect(normalise(version.stdout, projectRoot)).toBe('secure-course-check <version>\n')
  })

  it('--watch stops by itself once everything passes', async () => {
    const { code, stdout } = await check(['--fixture-root', hostFixture('done'), '--watch', '--no-color'])
    expect(code).toBe(0)
    expect(stdout.match(/19 項目: 完了 19・/g)).toHaveLength(1)
  })

  it('--watch redraws every 2 s while something fails, until interrupted', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--fixture-root', hostFixture('lockout'), '--watch', '--no-color'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const redrawn = await new Promise<boolean>((resolve) => {
      const deadline = setTimeout(() => resolve(false), 20_000)
      child.stdout.on('data', () => {
        if ((stdout.match(/19 項目: 完了 17・/g) ?? []).length >= 2) {
          clearTimeout(deadline)
          resolve(true)
        }
      })
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)))
    child.kill('SIGINT')
    expect(redrawn).toBe(true)
    expect(await exited).toBe('SIGINT')
  }, 30_000)
})
