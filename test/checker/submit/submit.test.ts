/**
 * `check --submit`, `check login` and `check logout`, the real CLI against a real grading API process on 127.0.0.1
 * with a temp store. The learner is a passwd entry of the test's own (uid 4242, home in a temp
 * folder), seen only inside a mount namespace of the test's own where a copy of /etc/passwd is
 * bound over the real one, so `sudo`'s SUDO_USER lookup and the switch to the learner's identity
 * happen for real. Root only (unshare, mount, the identity switch); skipped elsewhere with the reason.
 */
import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostFixture, projectRoot } from '../_paths.ts'
import { run } from '../_spawn.ts'
import { freePort, getJson, setUpStore, startApi, type RunningApi } from './_grading.ts'

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
const skipReason = isRoot ? undefined : 'needs root (a mount namespace with a learner of its own in passwd, and the switch to that learner)'
const uid = 4242
const cli = join(projectRoot, 'checker/cli.ts')

let scratch = ''
let home = ''
let passwd = ''
let dataDir = ''
let token = ''
let port = 0
let api: RunningApi | undefined

/** `sudo check …` as the learner: root, with the SUDO_ variables sudo sets; `asLearner` runs it as the learner instead. */
function check(args: string[], options: { asLearner?: boolean } = {}) {
  const become = options.asLearner ? `setpriv --reuid ${uid} --regid ${uid} --clear-groups ` : ''
  return run('unshare', ['-m', '--', 'sh', '-c', `mount --bind "$0" /etc/passwd && exec ${become}"$@"`, passwd, process.execPath, '--import', 'tsx', cli, ...args], {
    cwd: projectRoot,
    // HOME points at root's home, as `sudo` may leave it: check must not use it.
    env: { LANG: 'ja_JP.UTF-8', LC_ALL: '', HOME: '/root', SUDO_USER: options.asLearner ? undefined : 'learner', SUDO_UID: options.asLearner ? undefined : String(uid), TSX_TSCONFIG_PATH: undefined },
  })
}

const stateDir = () => join(home, '.config/secure-course-check')
const queueFiles = () => {
  try {
    return readdirSync(join(stateDir(), 'queue')).sort()
  } catch {
    return []
  }
}
const fixtureArgs = (name: string) => ['--fixture-root', hostFixture(name), '--no-color']

describe.skipIf(!isRoot)(`check --submit against a real grading API${skipReason ? ` (skipped: ${skipReason})` : ''}`, { timeout: 30_000 }, () => {
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'check-submit-'))
    chmodSync(scratch, 0o755)
    home = join(scratch, 'home/learner')
    mkdirSync(home, { recursive: true })
    chownSync(home, uid, uid)
    chmodSync(home, 0o750)
    passwd = join(scratch, 'passwd')
    writeFileSync(passwd, `${readFileSync('/etc/passwd', 'utf8').trimEnd()}\nlearner:x:${uid}:${uid}:Learner:${home}:/bin/sh\n`)
    dataDir = join(scratch, 'data')
    token = (await setUpStore(dataDir)).token
    port = await freePort()
    api = await startApi(dataDir, port)
  }, 60_000)
  afterAll(async () => {
    await api?.stop()
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  it('submits the report and says what the server recorded', async () => {
    const { code, stdout, stderr } = await check([...fixtureArgs('done'), '--submit', api!.url, '--token', token])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/\n提出しました: 受付番号 \d+\(\S+ 受付\)\n  受講者: 1A s01 山田\n  記録された結果: 完了 19・未完了 0・注意 0・未確認 0\(19 項目\)\n  提出元のアドレス: 127\.0\.0\.1\n  サーバーが外から確かめるアドレス: 127\.0\.0\.1\n$/)
    const me = await getJson(`${api!.url}/api/me`, token)
    expect(me.body.reports.map((report: { summary: { pass: number } }) => report.summary.pass)).toEqual([19])
    expect(stdout).not.toContain(token)
  })

  it('keeps the report when the server is down and sends every kept one first, in order, once it is up', async () => {
    const before = (await getJson(`${api!.url}/api/me`, token)).body.reports.length as number
    await api!.stop()
    const first = await check([...fixtureArgs('fresh'), '--json', '--submit', api!.url, '--token', token])
    expect(first.code).toBe(4)
    expect(JSON.parse(first.stdout).summary.pass).toBeLessThan(19)
    expect(first.stderr).toContain('提出先に届きませんでした: 接続を拒否されました (connection refused)')
    expect(first.stderr).toMatch(/結果は .*\/\.config\/secure-course-check\/queue\/\d{15}-\d+-0\.json に保存しました\(送っていない結果は全部で 1 件\)/)
    const second = await check([...fixtureArgs('lockout'), '--submit', api!.url, '--token', token])
    expect(second.code).toBe(4)
    const lockoutPasses = Number(/19 項目: 完了 (\d+)/.exec(second.stdout)?.[1])
    expect(second.stderr).toContain('全部で 2 件')
    const kept = queueFiles()
    expect(kept).toHaveLength(2)
    for (const name of kept) {
      const stat = statSync(join(stateDir(), 'queue', name))
      expect([stat.mode & 0o777, stat.uid, stat.gid]).toEqual([0o600, uid, uid])
    }
    for (const dir of [stateDir(), join(stateDir(), 'queue')]) expect([statSync(dir).mode & 0o777, statSync(dir).uid]).toEqual([0o700, uid])

    api = await startApi(dataDir, port)
    const third = await check([...fixtureArgs('done'), '--submit', api.url, '--token', token])
    expect({ code: third.code, stderr: third.stderr }).toEqual({ code: 0, stderr: '' })
    expect(third.stdout.match(/前に届かなかった結果 \(\S+\) を送りました。/g)).toHaveLength(2)
    expect(third.stdout).toMatch(/\n提出しました: 受付番号 \d+/)
    expect(queueFiles()).toEqual([])
    const reports = (await getJson(`${api.url}/api/me`, token)).body.reports as Array<{ id: number; summary: { pass: number } }>
    // newest first: done, then lockout, then fresh, in the order they were run
    const sent = reports.slice(0, reports.length - before).reverse()
    expect(sent.map((report) => report.summary.pass)).toEqual([JSON.parse(first.stdout).summary.pass, lockoutPasses, 19])
    expect(sent.map((report) => report.id)).toEqual([...sent.map((report) => report.id)].sort((a, b) => a - b))
  }, 60_000)

  it('a wrong token gets the 401 reason, exit 3, and nothing is kept', async () => {
    const wrong = 'A'.repeat(43)
    const { code, stdout, stderr } = await check([...fixtureArgs('done'), '--submit', api!.url, '--token', wrong])
    expect(code).toBe(3)
    expect(stderr).toContain('提出できませんでした (HTTP 401): トークンが違うか、無効になっています。')
    expect(stderr).toContain('この結果は保存していません')
    expect(stdout + stderr).not.toContain(wrong)
    expect(queueFiles()).toEqual([])
    const english = await check([...fixtureArgs('done'), '--lang', 'en', '--submit', api!.url, '--token', wrong])
    expect(english.stderr).toContain('Not submitted (HTTP 401): the token is wrong or no longer valid')
  })

  it('check login saves a 0600 file in the learner’s home (not root’s), then --submit alone uses it', async () => {
    const login = await check(['login', api!.url, token])
    expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 0, stderr: '' })
    const file = join(stateDir(), 'login.json')
    expect(login.stdout).toContain(`ログイン情報を保存しました: ${file}\n  提出先: ${api!.url}/api/reports\n`)
    const stat = statSync(file)
    expect([stat.mode & 0o777, stat.uid, stat.gid]).toEqual([0o600, uid, uid])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: `${api!.url}/api/reports`, token })
    const { code, stdout } = await check([...fixtureArgs('done'), '--submit'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/\n提出しました: 受付番号 \d+/)
  })

  it('works the same for the learner without sudo', async () => {
    const { code, stdout, stderr } = await check([...fixtureArgs('done'), '--submit'], { asLearner: true })
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(stdout).toMatch(/\n提出しました: 受付番号 \d+/)
  })

  it('root without sudo may submit but keeps nothing in /root', async () => {
    const { code, stderr } = await run(process.execPath, ['--import', 'tsx', cli, 'login', api!.url, token], { cwd: projectRoot, env: { SUDO_USER: undefined, SUDO_UID: undefined } })
    expect(code).toBe(2)
    expect(stderr).toContain('root として直接実行されています')
  })

  it('check logout deletes login.json, keeps the unsent reports and counts them; --submit alone then has no login; twice is fine', async () => {
    const file = join(stateDir(), 'login.json')
    expect((await check(['login', api!.url, token])).code).toBe(0)
    // a report kept for a server that does not answer (nothing listens on port 1)
    expect((await check([...fixtureArgs('done'), '--submit', 'http://127.0.0.1:1', '--token', token])).code).toBe(4)
    const kept = queueFiles()
    expect(kept).toHaveLength(1)
    // what a check login killed between its write and its rename leaves: the token, in a temporary file
    const leftover = join(stateDir(), 'login.json.31337.tmp')
    writeFileSync(leftover, readFileSync(file))
    chownSync(leftover, uid, uid)
    const logout = await check(['logout'])
    expect({ code: logout.code, stderr: logout.stderr }).toEqual({ code: 0, stderr: '' })
    expect(logout.stdout).toBe(
      `ログイン情報を削除しました: ${file}\nまた提出するときは check login URL TOKEN で保存し直してください。\n` +
        `送っていない結果が 1 件 ${stateDir()}/queue/ に残っています(削除していません)。次に提出するとき、それぞれ保存したときの提出先とトークンで先に送ります。\n`,
    )
    expect(existsSync(file)).toBe(false)
    expect(existsSync(leftover)).toBe(false)
    expect(queueFiles()).toEqual(kept)
    expect([statSync(stateDir()).mode & 0o777, statSync(stateDir()).uid]).toEqual([0o700, uid])
    const submit = await check([...fixtureArgs('done'), '--submit'])
    expect(submit.code).toBe(2)
    expect(submit.stderr).toContain('提出先が決まっていません')
    expect(queueFiles()).toEqual(kept)
    const again = await check(['logout', '--lang', 'en'])
    expect(again).toEqual({ code: 0, stdout: `No saved login: ${file}\n1 unsent report remains in ${stateDir()}/queue/ (not deleted). The next submit sends it first, each to the server and with the token it was kept with.\n`, stderr: '' })
    for (const name of kept) rmSync(join(stateDir(), 'queue', name))
  })

  it('check logout removes as the learner: not in a folder the learner may not change, and a planted symlink but never its target', async () => {
    const file = join(stateDir(), 'login.json')
    expect((await check(['login', api!.url, token])).code).toBe(0)
    // root owns the folder now: root could delete login.json, the learner cannot
    chownSync(stateDir(), 0, 0)
    chmodSync(stateDir(), 0o755)
    try {
      const refused = await check(['logout'])
      expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' })
      expect(refused.stderr).toContain('check: ログイン情報を削除できませんでした (could not remove the login): EACCES')
      expect(existsSync(file)).toBe(true)
    } finally {
      chownSync(stateDir(), uid, uid)
      chmodSync(stateDir(), 0o700)
    }
    rmSync(file)
    const target = join(scratch, 'root-file')
    writeFileSync(target, 'root’s\n', { mode: 0o644 })
    symlinkSync(target, file)
    lchownSync(file, uid, uid)
    const unlinked = await check(['logout'])
    expect({ code: unlinked.code, stderr: unlinked.stderr }).toEqual({ code: 0, stderr: '' })
    expect(readdirSync(stateDir())).not.toContain('login.json')
    expect(readFileSync(target, 'utf8')).toBe('root’s\n')
  })

  it('check logout works the same for the learner without sudo, and root without sudo has nothing to log out of', async () => {
    const file = join(stateDir(), 'login.json')
    expect((await check(['login', api!.url, token], { asLearner: true })).code).toBe(0)
    expect([statSync(file).uid, statSync(file).mode & 0o777]).toEqual([uid, 0o600])
    const logout = await check(['logout'], { asLearner: true })
    expect({ code: logout.code, stderr: logout.stderr }).toEqual({ code: 0, stderr: '' })
    expect(logout.stdout).toContain(`ログイン情報を削除しました: ${file}\n`)
    expect(existsSync(file)).toBe(false)
    const root = await run(process.execPath, ['--import', 'tsx', cli, 'logout'], { cwd: projectRoot, env: { SUDO_USER: undefined, SUDO_UID: undefined } })
    expect({ code: root.code, stdout: root.stdout }).toEqual({ code: 2, stdout: '' })
    expect(root.stderr).toContain('root として直接実行されています')
  })
})

describe.skipIf(!isRoot)('answers that are not 201', { timeout: 30_000 }, () => {
  let server: Server
  let status = 503
  let url = ''
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume()
      request.on('end', () => {
        if (status >= 300 && status < 400) response.writeHead(status, { location: 'https://elsewhere.example/' }).end()
        else response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'x', ja: 'サーバー側の説明', en: 'what the server says', message: 'x' }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it.each([
    [503, 4, '提出先に届きませんでした: HTTP 503: サーバー側の説明'],
    [429, 4, '提出先に届きませんでした: HTTP 429'],
    [302, 3, '転送には従いません'],
    [400, 3, '提出できませんでした (HTTP 400): サーバー側の説明'],
    [413, 3, '提出できませんでした (HTTP 413)'],
  ])('HTTP %i → exit %i', async (answer, exit, message) => {
    status = answer
    const { code, stderr } = await run(process.execPath, ['--import', 'tsx', cli, ...fixtureArgs('done'), '--submit', url, '--token', 'T0ken'], { cwd: projectRoot, env: { SUDO_USER: undefined } })
    expect(code).toBe(exit)
    expect(stderr).toContain(message)
  })
})

describe('usage errors exit 2 before anything is checked', { timeout: 30_000 }, () => {
  it.each([
    [['--submit', 'ftp://course.example/', '--token', 'x'], '提出先の URL は http:// か https:// で始めてください'],
    [['--submit', 'course.example', '--token', 'x'], '提出先の URL として読めません: course.example'],
    [['--submit', 'https://user:pw@course.example/', '--token', 'x'], '利用者名やパスワードを入れないでください'],
    [['--token', 'x'], '--token は --submit と一緒に使います'],
    [['--submit', 'http://127.0.0.1:1', '--token', 'bad token'], 'トークンの形式が正しくありません'],
    [['--submit', '--watch'], '--submit と --watch は一緒に使えません'],
    [['login', 'http://127.0.0.1:1', '-tokenWithDash', 'extra'], '使い方: check login URL TOKEN'],
    [['--submit', 'ssh'], 'グループや項目は指定できません'],
    [['login', 'http://127.0.0.1:1'], '使い方: check login URL TOKEN'],
    [['logout', 'extra-word'], '使い方: check logout'],
    [['logout', '--submit'], 'check logout にはほかの指定をつけられません'],
    [['--link', '--json'], '--link はリンクだけを表示します'],
    [['--site', 'file:///tmp/x'], 'サイトの URL は http:// か https:// で始めてください'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await run(process.execPath, ['--import', 'tsx', cli, '--fixture-root', hostFixture('done'), ...args], { cwd: projectRoot })
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toContain(message)
  })
})
