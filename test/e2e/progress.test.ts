/**
 * Issue 9 item 14: the link `check` prints on the learner's own server, opened in Chromium. The link
 * comes from the real CLI run over recorded hosts (`--fixture-root`), pointed at the test's site.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import type { LessonsManifest } from '../../src/client/data/types.ts'
import { hostFixture, projectRoot } from '../checker/_paths.ts'
import { run } from '../checker/_spawn.ts'
import { browserForFile, recordRequests } from './_browser.ts'

const siteUrl = inject('siteUrl')
const siteOrigin = new URL(siteUrl).origin
const manifest = JSON.parse(readFileSync(join(inject('siteDir'), 'lessons.json'), 'utf8')) as LessonsManifest
const checkedSteps = manifest.lessons.flatMap((lesson) => lesson.steps.filter((step) => step.checks.length > 0).map((step) => step.id))
const progressKey = 'secure-web-server-course:progress:v1'

// Opening the link talks to no one but the site itself.
const files = browserForFile(siteOrigin)

async function linkFor(host: string): Promise<string> {
  const { code, stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(projectRoot, 'checker/cli.ts'), '--fixture-root', hostFixture(host), '--link', '--site', siteUrl], { cwd: projectRoot })
  expect(stderr).toBe('')
  expect(code).toBe(host === 'done' ? 0 : 1)
  return stdout.trim()
}

async function open(url: string): Promise<Page> {
  const context = await files.browser.newContext({ locale: 'ja-JP' })
  recordRequests(context, files.requests)
  const page = await context.newPage()
  await page.goto(url)
  await page.getByRole('heading', { level: 1, name: 'あなたのサーバーで確認できた手順' }).waitFor()
  return page
}

async function stored(page: Page): Promise<Record<string, { verified?: boolean }>> {
  return JSON.parse((await page.evaluate((key) => localStorage.getItem(key), progressKey)) ?? '{}')
}

describe('/progress from the link check prints', () => {
  it('has steps to verify', () => {
    expect(checkedSteps.length).toBeGreaterThan(3)
  })

  it('a finished server (done): every step is marked 確認済み, and the lessons show it', async () => {
    const link = await linkFor('done')
    expect(link).toMatch(new RegExp(`^${siteUrl.replace(/[./]/g, '\\$&')}progress#r=1[\\w-]{7}$`))
    const page = await open(link)
    await expect.poll(() => page.getByRole('status').textContent()).toBe(`${checkedSteps.length} 個の手順を「確認済み」にしました。`)
    expect(await page.locator('li[data-verified="yes"]').count()).toBe(checkedSteps.length)
    expect(await page.locator('li[data-verified="no"]').count()).toBe(0)
    const progress = await stored(page)
    expect(checkedSteps.filter((id) => progress[id]?.verified !== true)).toEqual([])
    // the lesson pages read the same progress
    const lesson = manifest.lessons.find((entry) => entry.steps.some((step) => step.checks.length > 0))!
    await page.locator(`a[href$="/lessons/${lesson.slug}"]`).first().click()
    await page.waitForURL(`${siteUrl}lessons/${lesson.slug}`)
    await page.locator('.step-status[data-state="verified"]').first().waitFor()
    expect(await page.locator('.step-status[data-state="verified"]').count()).toBe(lesson.steps.filter((step) => step.checks.length > 0).length)
    await page.context().close()
  })

  it('a fresh server: no step is marked', async () => {
    const page = await open(await linkFor('fresh'))
    await expect.poll(() => page.getByRole('status').textContent()).toContain('すべての確認項目が通った手順はまだありません')
    expect(await page.locator('li[data-verified="yes"]').count()).toBe(0)
    expect(await page.locator('li[data-verified="no"]').count()).toBe(checkedSteps.length)
    const progress = await stored(page)
    expect(Object.values(progress).filter((record) => record.verified)).toEqual([])
    await page.context().close()
  })

  it.each([
    ['cut off', '#r=1___', 'リンクの長さが合いません'],
    ['another version', '#r=9AAAAAAA', 'この形式 (版 9) は読めません'],
    ['a stray character', '#r=1AAA*AAA', 'リンクに使えない文字があります'],
  ])('a malformed link (%s) says so and marks nothing', async (_name, hash, message) => {
    const errors: string[] = []
    const page = await open(`${siteUrl}progress${hash}`)
    page.on('pageerror', (error) => errors.push(error.message))
    const alert = page.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain('このリンクは読み取れませんでした')
    expect(await alert.textContent()).toContain(message)
    expect(await stored(page)).toEqual({})
    expect(errors).toEqual([])
    await page.context().close()
  })

  it('without a result it tells how to get one', async () => {
    const page = await open(`${siteUrl}progress`)
    expect(await page.getByText('sudo check を実行すると、最後にこのページへのリンクが表示されます').count()).toBe(1)
    await page.context().close()
  })
})
