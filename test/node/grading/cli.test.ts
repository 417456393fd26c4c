import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseArgs, runGrade } from '../../../src/node/grading/cli/index.ts'
import { openStoreIn } from '../../../src/node/grading/store/index.ts'
import { hashToken } from '../../../src/node/grading/tokens.ts'
import { fixtureDir, sampleReport, tempDir } from './_helpers.ts'

const token = /[A-Za-z0-9_-]{43}/g
let dir: string
let remove: () => Promise<void>

beforeEach(async () => {
  ;({ dir, remove } = await tempDir('grade-cli-'))
})
afterEach(() => remove())

async function grade(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runGrade(['--data', join(dir, 'data'), ...argv], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    sshCommand: [process.execPath, join(fixtureDir, 'fake-ssh.mjs')],
    prober: null,
  })
  return { code, stdout, stderr }
}

describe('grade', () => {
  it('init prints the instructor token once, keeps only its hash, refuses a second init, rotates with --force', async () => {
    const first = await grade('init')
    expect(first.code).toBe(0)
    expect(first.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/)
    expect(first.stderr).toContain('二度と表示されません')
    const again = await grade('init')
    expect(again).toMatchObject({ code: 1, stdout: '' })
    expect(again.stderr).toContain('--force')
    const forced = await grade('init', '--force')
    expect(forced.code).toBe(0)
    const store = openStoreIn(join(dir, 'data'))
    expect(await store.isInstructorToken(hashToken(first.stdout.trim()))).toBe(false)
    expect(await store.isInstructorToken(hashToken(forced.stdout.trim()))).toBe(true)
    await store.close()
    expect(readFileSync(join(dir, 'data', 'grading.sqlite')).includes(forced.stdout.trim())).toBe(false)
  })

  it('adds a class and learners, imports a class list, reissues a token, exports CSV and JSON', async () => {
    await grade('init')
    expect((await grade('class', 'add', '1年A組')).code).toBe(0)
    const added = await grade('student', 'add', '1年A組', 's000', '--name', '=1+1', '--host', '192.0.2.9')
    expect(added.code).toBe(0)
    expect(added.stdout.replace(token, '<token>')).toBe("学籍番号,氏名,トークン\ns000,'=1+1,<token>\n")
    const imported = await grade('student', 'import', '1年A組', join(fixtureDir, 'roster-bom.csv'))
    expect(imported.code).toBe(0)
    expect(imported.stdout.replace(token, '<token>')).toBe(
      '学籍番号,氏名,トークン\ns001,山田 太郎,<token>\ns002,"鈴木, 花子",<token>\ns003,佐藤 次郎,<token>\n',
    )
    const oldToken = imported.stdout.match(token)![0]
    const reissued = await grade('student', 'token', '1年A組', 's001')
    expect(reissued.code).toBe(0)
    const store = openStoreIn(join(dir, 'data'))
    expect(await store.findStudentByToken(hashToken(oldToken))).toBeUndefined()
    const student = await store.findStudentByToken(hashToken(reissued.stdout.match(token)![0]))
    await store.addReport({ student: student!.id, address: '192.0.2.10', source: 'submit', report: sampleReport('pass') })
    await store.close()
    expect((await grade('class', 'list')).stdout).toBe('1\t1年A組\t4 人 (students)\n')

    const csv = await grade('export', '1年A組')
    expect(csv.code).toBe(0)
    const lines = csv.stdout.split('\r\n')
    expect(lines[0]).toMatch(/^\uFEFF学籍番号,氏名,ホスト,最終提出,提出方法,提出元アドレス,合格数,チェック数,.*,外部確認: SSH \(新ポート\) が応答,.*,外部確認日時,外部確認アドレス,報告と外部確認の食い違い$/)
    expect(lines[1]).toMatch(/^s000,'=1\+1,192\.0\.2\.9,未提出,/)
    expect(lines[2]).toMatch(/^s001,山田 太郎,192\.0\.2\.10,\d{4}-\d\d-\d\dT[^,]+,提出,192\.0\.2\.10,19,19,合格,合格,/)
    const output = join(dir, 'out.json')
    expect((await grade('export', '1年A組', '--format', 'json', '--output', output)).code).toBe(0)
    expect(JSON.parse(readFileSync(output, 'utf8'))).toMatchObject({ class: { name: '1年A組' }, rows: [{}, {}, {}, {}] })
  })

  it('refuses a Shift_JIS class list in both languages and adds no one', async () => {
    await grade('init')
    await grade('class', 'add', 'A')
    const result = await grade('student', 'import', 'A', join(fixtureDir, 'roster-sjis.csv'))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Shift_JIS で保存されているようです')
    expect(result.stderr).toContain('looks like Shift_JIS')
    expect((await grade('class', 'list')).stdout).toContain('0 人')
  })

  it('pulls a class with a line per host', async () => {
    await grade('init')
    await grade('class', 'add', 'A')
    const list = join(dir, 'list.csv')
    writeFileSync(list, 'id,name,host\ns1,一郎,ok.test\ns2,二郎,sudo.test\ns3,三郎,\n')
    await grade('student', 'import', 'A', list)
    const checker = join(dir, 'check.mjs')
    writeFileSync(checker, readFileSync(join(fixtureDir, 'fake-check.mjs'), 'utf8').replace('__REPORT__', JSON.stringify(sampleReport('pass'))))
    const result = await grade('pull', 'A', '--checker', checker, '--timeout', '20')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('✔ s1 一郎 ok.test: 合格 19/19')
    expect(result.stderr).toContain('✖ s2 二郎 sudo.test: sudo にパスワードが必要です (NOPASSWD の設定が必要) (sudo needs a password (NOPASSWD needed)) — sudo: a password is required')
    expect(result.stderr).toContain('✖ s3 三郎 -: ホストが登録されていません')
    expect(result.stderr).toContain('回収 1/3 (pulled 1 of 3)')
  })

  it('says a missing store needs grade init', async () => {
    const result = await grade('class', 'list')
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('grade init')
  })

  it.each([
    [['frobnicate'], /unknown command/],
    [['class', 'add'], /usage: grade class add NAME/],
    [['student', 'add', 'A', 's1', '--host', '-oProxyCommand=sh'], /invalid host/],
    [['student', 'add', 'A', 's1', '--format', 'csv'], /--format does not apply/],
    [['export', 'A', '--format', 'xlsx'], /csv or json/],
    [['pull', 'A', '--port', '70000'], /--port is 1 to 65535/],
    [['pull', 'A', '--user', 'a b'], /invalid user name/],
    [['init', '--bogus'], /unknown option: --bogus/],
    [['export', 'A', '--output'], /--output needs a value/],
  ])('exits 2 on %j', async (argv, message) => {
    const result = await grade(...argv)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).toMatch(/^grade: .+\(.+\)\n/)
  })

  it('parses --opt=value and -- alike', () => {
    expect(parseArgs(['--data=x', 'class', 'add', '--', '--weird'])).toEqual({ ok: true, invocation: { dataDir: 'x', command: { name: 'class-add', className: '--weird' } } })
  })

  it('runs as npm run grade does', async () => {
    const root = new URL('../../../', import.meta.url).pathname
    const run = promisify(execFile)
    const help = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/node/grade.ts'), '--help'], { cwd: dir })
    expect(help.stdout).toContain('使い方 (usage): npm run grade')
    const bad = await run(join(root, 'node_modules/.bin/tsx'), [join(root, 'src/node/grade.ts'), 'nope'], { cwd: dir }).catch((error: { code: number; stderr: string }) => error)
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command: nope') })
  }, 30_000)
})
