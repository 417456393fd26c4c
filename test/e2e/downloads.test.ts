import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromium } from './_browser.ts'

/**
 * A learner with a real server gets `check` from the site: lesson 1 links check.mjs and the .deb,
 * the browser saves them (not shows them), and the bytes are the checker built with this site.
 */

const siteUrl = inject('siteUrl')
const siteDir = inject('siteDir')

let browser: Browser
let work: string

beforeAll(async () => {
  browser = await launchChromium()
  work = mkdtempSync(join(tmpdir(), 'course-downloads-e2e-'))
})

afterAll(async () => {
  await browser?.close()
  rmSync(work, { recursive: true, force: true })
})

async function lessonPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'ja-JP', acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(`${siteUrl}lessons/updates`)
  await page.locator('h1').first().waitFor()
  return page
}

/** Clicks the lesson's link to `name` and returns the saved file's bytes and suggested name. */
async function download(page: Page, name: string): Promise<{ bytes: Buffer; suggested: string; href: string }> {
  const link = page.getByRole('link', { name, exact: true })
  // The lesson body arrives after the page's frame.
  await link.first().waitFor()
  await expect(link.count()).resolves.toBe(1)
  await expect(link.getAttribute('download')).resolves.not.toBeNull()
  const href = await link.evaluate((a) => (a as HTMLAnchorElement).href)
  const [saved] = await Promise.all([page.waitForEvent('download'), link.click()])
  const path = join(work, saved.suggestedFilename())
  await saved.saveAs(path)
  return { bytes: readFileSync(path), suggested: saved.suggestedFilename(), href }
}

describe('getting check from the site', () => {
  it('lesson 1 links check.mjs, which downloads as the bundle that runs with node', async () => {
    const page = await lessonPage()
    const { bytes, suggested, href } = await download(page, 'check.mjs')
    expect(new URL(href).pathname).toBe(new URL('downloads/check.mjs', siteUrl).pathname)
    expect(suggested).toBe('check.mjs')
    expect(bytes.equals(readFileSync(join(siteDir, 'downloads/check.mjs')))).toBe(true)
    expect(bytes.subarray(0, 20).toString()).toBe('#!/usr/bin/env node\n')
    // The downloaded file is the checker itself: it runs and speaks the course's language.
    writeFileSync(join(work, 'run.mjs'), bytes)
    const help = execFileSync(process.execPath, [join(work, 'run.mjs'), '--help'], { encoding: 'utf8', timeout: 30_000 })
    expect(help).toMatch(/^使い方: check /)
    await page.context().close()
  })

  it('lesson 1 links the .deb, a package that installs /usr/bin/check around the same bundle', async () => {
    const page = await lessonPage()
    const { bytes, suggested } = await download(page, 'secure-course-check_all.deb')
    expect(suggested).toBe('secure-course-check_all.deb')
    expect(bytes.equals(readFileSync(join(siteDir, 'downloads/secure-course-check_all.deb')))).toBe(true)
    const deb = join(work, suggested)
    expect(execFileSync('dpkg-deb', ['-f', deb, 'Package'], { encoding: 'utf8' }).trim()).toBe('secure-course-check')
    expect(execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' })).toMatch(/\.\/usr\/bin\/check\b/)
    const inside = execFileSync('dpkg-deb', ['--fsys-tarfile', deb], { maxBuffer: 64 << 20 })
    const unpacked = join(work, 'unpacked')
    execFileSync('mkdir', ['-p', unpacked])
    execFileSync('tar', ['-x', '-C', unpacked, './usr/lib/secure-course-check/check.mjs'], { input: inside })
    expect(readFileSync(join(unpacked, 'usr/lib/secure-course-check/check.mjs')).equals(readFileSync(join(siteDir, 'downloads/check.mjs')))).toBe(true)
    await page.context().close()
  })

  it('the lesson shows the commands that copy the files to the server and run them', async () => {
    const page = await lessonPage()
    // The lesson body arrives after the page's frame.
    await page.getByRole('link', { name: 'check.mjs', exact: true }).waitFor()
    const text = await page.locator('main').innerText()
    for (const command of ['scp secure-course-check_all.deb', 'scp -P 54723 secure-course-check_all.deb', 'sudo apt install ./secure-course-check_*.deb', 'sudo check', 'sudo node check.mjs']) {
      expect(text).toContain(command)
    }
    await page.context().close()
  })
})
