/**
 * The grading dashboard in Chromium against a real course server with the grading API mounted
 * on a temporary store: reports submitted through the real API (the checker's own JSON from the
 * fixture hosts), live updates over SSE, sort and filter, a learner's history, CSV export, a
 * learner seeing only themselves, and the strict CSP holding on every page, xterm included.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import type { LessonsManifest } from '../../src/client/data/types.ts'
import { hashToken, newToken } from '../../src/node/grading/tokens.ts'
import type { OutsideResult } from '../../src/node/grading/outside.ts'
import { startServer, type StartedServer } from '../../src/node/server.ts'
import { tempDir } from '../node/grading/_helpers.ts'
import { launchChromium, recordRequests } from './_browser.ts'
import { waitForTerminal } from './_terminal.ts'

const siteDir = inject('siteDir')
const manifest = JSON.parse(readFileSync(join(siteDir, 'lessons.json'), 'utf8')) as LessonsManifest
const firstStepLesson = manifest.lessons.find((lesson) => lesson.kind === 'steps')!

/** What `check --json` prints on a recorded host (done: everything passes; fresh: a new server). */
function checkerReport(host: 'done' | 'fresh'): Record<string, unknown> & { host: { hostname: string; os: string } } {
  // Its exit code says whether everything passed (fresh: no); the report is on stdout either way.
  const run = spawnSync('npx', ['tsx', 'checker/cli.ts', '--fixture-root', `test/fixtures/checker/hosts/${host}`, '--json'], { encoding: 'utf8' })
  return JSON.parse(run.stdout)
}

const hostileName = '<img src=x onerror=alert(1)>'
const allGoodOutside = (address: string): OutsideResult => ({
  address,
  probedAt: new Date().toISOString(),
  durationMs: 1500,
  ssh: { port: 54723, state: 'answered', detail: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3', ms: 3 },
  closed: { port: 22, state: 'timeout', detail: '', ms: 1500 },
  http: { port: 80, state: 'answered', detail: 'HTTP/1.1 200 OK', ms: 4 },
})

let started: StartedServer
let removeData: () => Promise<void>
let browser: Browser
let instructor: string
const learners: Record<string, { id: number; token: string }> = {}
let done: ReturnType<typeof checkerReport>
let fresh: ReturnType<typeof checkerReport>
const requests: string[] = []
const problems: string[] = []
const contexts: BrowserContext[] = []

async function submit(token: string, report: unknown): Promise<{ id: number }> {
  const response = await fetch(new URL('/api/reports', started.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(report),
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: number }
}

beforeAll(async () => {
  done = checkerReport('done')
  fresh = checkerReport('fresh')
  const data = await tempDir('dashboard-e2e-')
  removeData = data.remove
  started = await startServer({ siteDir, host: '127.0.0.1', port: 0, grading: { dataDir: join(data.dir, 'data'), probe: false, heartbeatMs: 2000 } })
  const store = started.grading!.store
  instructor = newToken()
  await store.setInstructorToken(hashToken(instructor))
  const cls = await store.addClass('1年A組')
  const created = await store.addStudents(cls.id, [
    { studentId: 's01', name: '山田 花子' },
    { studentId: 's02', name: '佐藤 太郎' },
    { studentId: 's03', name: '鈴木 一郎' },
    { studentId: 's10', name: '高橋 次郎' },
  ])
  for (const { student, token } of created) learners[student.studentId] = { id: student.id, token }

  const first = await submit(learners.s01!.token, done)
  await store.setOutside(first.id, allGoodOutside('127.0.0.1'))
  await submit(learners.s02!.token, fresh)
  await submit(learners.s03!.token, { ...fresh, host: { ...fresh.host, hostname: hostileName } })
  // Another class: a learner whose report passes everything, while from outside 54723 times out.
  const other = await store.addClass('1年B組')
  const [blocked] = await store.addStudents(other.id, [{ studentId: 's20', name: '伊藤 三郎' }])
  const blockedReport = await submit(blocked!.token, done)
  await store.setOutside(blockedReport.id, { ...allGoodOutside('127.0.0.1'), ssh: { port: 54723, state: 'timeout', detail: '', ms: 3000 } })
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await started?.close()
  await removeData?.()
})

beforeEach(() => {
  requests.length = 0
  problems.length = 0
})

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close()
  const origin = new URL(started.url).origin
  expect(requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)).toEqual([])
  // Nothing the CSP refused, no script error, no alert from a learner's text.
  expect(problems.join('\n')).toBe('')
})

async function newPage(options: { viewport?: { width: number; height: number } } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true, viewport: options.viewport ?? { width: 1400, height: 900 } })
  contexts.push(context)
  recordRequests(context, requests)
  // Runs before the page's scripts and outside its CSP: notes every violation the page causes.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`)
    })
  })
  const page = await context.newPage()
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`)
    void dialog.dismiss()
  })
  return page
}

async function signIn(page: Page, path: string, token: string): Promise<void> {
  await page.goto(new URL(path, started.url).href)
  await page.getByLabel('トークン', { exact: true }).fill(token)
  await page.getByRole('button', { name: '表示する' }).click()
}

const row = (page: Page, studentId: string) => page.locator(`tr[data-student="${studentId}"]`)
const cell = (page: Page, studentId: string, check: string) => row(page, studentId).locator(`td[data-check="${check}"] .status-mark`)
const shownIds = (page: Page) => page.locator('.class-matrix tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-student')))

describe('the grading dashboard', () => {
  it('shows the class matrix to the instructor, with text alternatives and header scopes, the token never in the URL', async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await row(page, 's01').waitFor()
    expect(page.url()).not.toContain(instructor)
    expect(await page.evaluate(() => Object.values(sessionStorage))).toContain(instructor)
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(instructor)

    expect(await shownIds(page)).toEqual(['s01', 's02', 's03', 's10'])
    await expect.poll(() => cell(page, 's01', 'firewall.active').getAttribute('data-status')).toBe('pass')
    expect(await cell(page, 's01', 'firewall.active').textContent()).toBe('✔合格')
    expect(await cell(page, 's02', 'firewall.active').getAttribute('data-status')).toBe('fail')
    expect(await cell(page, 's02', 'firewall.active').locator('.visually-hidden').textContent()).toBe('不合格')
    expect(await cell(page, 's10', 'firewall.active').textContent()).toBe('—未提出')
    // The outside columns: s01's probe saw the banner, port 22 dropped and HTTP.
    for (const check of ['outside.ssh', 'outside.port22', 'outside.http', 'outside.filtered']) {
      expect(await cell(page, 's01', check).getAttribute('data-status')).toBe('pass')
      expect(await cell(page, 's02', check).getAttribute('data-status')).toBe('none')
    }
    // Table semantics a screen reader can follow.
    expect(await page.locator('.class-matrix caption').textContent()).toContain('1年A組')
    expect(await page.locator('.class-matrix thead th[scope="col"]').count()).toBeGreaterThan(20)
    expect(await page.locator('.class-matrix thead th[scope="colgroup"]').count()).toBe(2)
    expect(await page.locator('.class-matrix tbody th[scope="row"]').count()).toBe(4)
    expect(await page.getByRole('button', { name: 's01 山田 花子 の履歴を開く' }).count()).toBe(1)
    // Completion per check: one of four learners passed the firewall.
    expect(await page.locator('.completion-table tr[data-check="firewall.active"] td').textContent()).toContain('1 / 4 人 (25%)')
  })

  it("marks an outside check that contradicts the learner's own report, and says what ≠ means", async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await row(page, 's01').waitFor()
    // s01's report and probe agree: no mark, no legend
    expect(await page.locator('.disagree-mark').count()).toBe(0)
    expect(await page.locator('.matrix-legend').count()).toBe(0)
    await page.getByLabel('クラス').selectOption({ label: '1年B組 (1)' })
    await row(page, 's20').waitFor()
    expect(await cell(page, 's20', 'ssh.port-listening').getAttribute('data-status')).toBe('pass')
    expect(await cell(page, 's20', 'outside.ssh').getAttribute('data-status')).toBe('fail')
    const mark = row(page, 's20').locator('td[data-check="outside.ssh"] .disagree-mark')
    expect(await mark.locator('.visually-hidden').textContent()).toContain('本人の報告では合格なのに、外からは確かめられません')
    expect(await row(page, 's20').locator('.disagree-mark').count()).toBe(1)
    expect(await page.locator('.matrix-legend').textContent()).toBe('≠ の付いた外部確認は、本人の報告と食い違っています。')
  })

  it('receives a new report live over server-sent events', async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await row(page, 's10').waitFor()
    await page.locator('.live-state[data-state="open"]').waitFor()
    expect(await cell(page, 's10', 'ssh.port-configured').getAttribute('data-status')).toBe('none')
    await submit(learners.s10!.token, done)
    await expect.poll(() => cell(page, 's10', 'ssh.port-configured').getAttribute('data-status'), { timeout: 10_000 }).toBe('pass')
    await expect.poll(() => page.locator('[aria-live="polite"]').textContent()).toContain('s10 高橋 次郎 の結果が届きました')
  })

  it('sorts and filters by name or number, by the status of a check, and to those not finished', async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await row(page, 's01').waitFor()
    const filter = page.getByLabel('学籍番号・氏名・ホストで絞り込み')
    await filter.fill('佐藤')
    await expect.poll(() => shownIds(page)).toEqual(['s02'])
    await filter.fill('S0')
    await expect.poll(() => shownIds(page)).toEqual(['s01', 's02', 's03'])
    await filter.fill('')

    await page.locator('select[name="check"]').selectOption('firewall.active')
    await page.locator('select[name="status"]').selectOption('fail')
    await expect.poll(() => shownIds(page)).toEqual(['s02', 's03'])
    await page.locator('select[name="check"]').selectOption('')

    await page.getByLabel('未完了の人だけ').check()
    await expect.poll(async () => (await shownIds(page)).includes('s01')).toBe(false)
    await page.getByLabel('未完了の人だけ').uncheck()

    await page.locator('select[name="sort"]').selectOption('passed')
    await page.getByLabel('降順').check()
    await expect.poll(async () => (await shownIds(page))[0]).toBe('s01')
    expect(await page.locator('.matrix-count').textContent()).toContain('4 人中 4 人を表示')
  })

  it("opens a learner's history and full report, showing what the learner sent as text", async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await page.getByRole('button', { name: 's03 鈴木 一郎 の履歴を開く' }).click()
    const panel = page.locator('.learner-panel')
    await panel.locator('.report-detail').waitFor()
    expect(await panel.locator('.report-hostname').textContent()).toBe(hostileName)
    expect(await panel.locator('img').count()).toBe(0)
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    const historyRows = panel.locator('.history-table tbody tr')
    expect(await historyRows.count()).toBe(1)
    expect(await historyRows.first().textContent()).toContain('提出 (check --submit)')
    expect(await historyRows.first().textContent()).toContain('127.0.0.1')
    // Every result with its texts: titles, details, the fix commands of what failed.
    const results = panel.locator('.report-detail > .report-results').first().locator('li')
    expect(await results.count()).toBe(fresh.results instanceof Array ? fresh.results.length : 0)
    expect(await panel.locator('.report-result-fix').first().textContent()).toMatch(/sudo /)
    expect(await panel.textContent()).toContain('外部からの確認はまだです。')

    // A second report appears in the open history as it arrives.
    await submit(learners.s03!.token, done)
    await expect.poll(() => historyRows.count(), { timeout: 10_000 }).toBe(2)
  })

  it('exports CSV (UTF-8 with BOM, Japanese headers) and JSON through fetch, with the token in the header', async () => {
    const page = await newPage()
    await signIn(page, '/dashboard', instructor)
    await row(page, 's01').waitFor()
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV を書き出す' }).click()])
    expect(csv.suggestedFilename()).toBe('1年A組.csv')
    const bytes = readFileSync((await csv.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.subarray(3).toString('utf8')
    expect(text.split(/\r?\n/)[0]).toMatch(/^学籍番号,氏名,ホスト,最終提出/)
    expect(text).toContain('山田 花子')
    expect(text).toContain('合格')
    await expect.poll(() => page.locator('.export-status').textContent()).toBe('1年A組.csv を保存しました')

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON を書き出す' }).click()])
    const exported = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { class: { name: string }; rows: unknown[] }
    expect(exported.class.name).toBe('1年A組')
    expect(exported.rows).toHaveLength(4)
    expect(requests.some((url) => url.includes(instructor))).toBe(false)
  })

  it('shows a learner only their own results on /me and marks the steps passed on their real server', async () => {
    const page = await newPage()
    await signIn(page, '/me', learners.s01!.token)
    await page.locator('.learner-results .report-detail').waitFor()
    const text = (await page.locator('.dashboard-page').textContent()) ?? ''
    expect(text).toContain('s01')
    expect(text).toContain('このページにはあなた自身の結果だけが表示されます。')
    for (const other of ['s02', 's03', '佐藤', '鈴木', hostileName]) expect(text).not.toContain(other)
    expect(await page.locator('.class-matrix').count()).toBe(0)
    await expect.poll(() => page.locator('.steps-verified').textContent()).toMatch(/実際のサーバーで合格した \d+ 個の手順/)
    const progress = await page.evaluate(() => localStorage.getItem('secure-web-server-course:progress:v1'))
    expect(Object.values(JSON.parse(progress ?? '{}') as Record<string, { verified?: boolean }>).some((step) => step.verified)).toBe(true)

    // The same token on /dashboard is still only the learner's own view; a wrong token is refused.
    await page.goto(new URL('/dashboard', started.url).href)
    await page.locator('.learner-results').waitFor()
    expect(await page.locator('.class-matrix').count()).toBe(0)
    await page.getByRole('button', { name: 'トークンを消す' }).click()
    await page.getByLabel('トークン', { exact: true }).fill(newToken())
    await page.getByRole('button', { name: '表示する' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('このトークンは使えません')
    // The 401 in the console is the page's fetch refused as it should be, not a CSP problem.
    problems.splice(0, problems.length, ...problems.filter((problem) => !/401/.test(problem)))
  })

  it('keeps the strict CSP on the overview, a lesson with the practice terminal (xterm) and the dashboard', async () => {
    const page = await newPage()
    const response = await page.goto(started.url)
    const csp = response!.headers()['content-security-policy'] ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("object-src 'none'")
    await page.locator('.lesson-card').first().waitFor()
    await page.goto(new URL(`/lessons/${firstStepLesson.slug}`, started.url).href)
    await page.locator('.step-list').first().waitFor()
    const toggle = page.getByRole('button', { name: 'ターミナル', exact: true })
    if (await toggle.isVisible()) await toggle.click()
    await waitForTerminal(page)
    await page.locator('#practice-panel-server .xterm-helper-textarea').focus()
    await page.keyboard.type('ls /etc/ssh')
    await page.keyboard.press('Enter')
    await page.goto(new URL('/dashboard', started.url).href)
    await page.getByLabel('トークン', { exact: true }).waitFor()
    // A violation may be reported a moment after it happens.
    await page.waitForTimeout(300)
  })
})
