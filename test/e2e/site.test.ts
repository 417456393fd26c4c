import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { BrowserContextOptions, Page } from 'playwright-core'
import { afterEach, describe, expect, inject, it } from 'vitest'
import type { LessonsManifest } from '../../src/client/data/types.ts'
import { lessonFiles } from '../../src/node/lessons.ts'
import { browserForFile, recordRequests } from './_browser.ts'

const siteUrl = inject('siteUrl')
const siteOrigin = new URL(siteUrl).origin
// What the build put into the site: the walk below covers exactly these lessons and steps.
const manifest = JSON.parse(readFileSync(join(inject('siteDir'), 'lessons.json'), 'utf8')) as LessonsManifest
const stepLessons = manifest.lessons.filter((lesson) => lesson.kind === 'steps')
const glossaryLessons = manifest.lessons.filter((lesson) => lesson.kind === 'glossary')
const firstStepLesson = stepLessons[0]!

const lessonUrl = (slug: string) => `${siteUrl}lessons/${slug}`

const files = browserForFile(siteOrigin)

// Every test, whatever it does, must have loaded something (and browserForFile checks it came
// from no other host: no CDN, no web fonts, no analytics).
afterEach(() => {
  expect(files.requests.length).toBeGreaterThan(0)
})

/**
 * A page in a fresh context: empty localStorage, clipboard allowed, requests recorded, and a
 * Japanese browser (the site's chrome follows the browser language until the learner chooses).
 */
async function openPage(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await files.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], locale: 'ja-JP', ...options })
  recordRequests(context, files.requests)
  const page = await context.newPage()
  await page.goto(url)
  return page
}

/** Waits until a lesson page has loaded its content chunk. */
async function waitForLesson(page: Page): Promise<void> {
  await page.locator('.step-list, .glossary').first().waitFor()
}

describe('the built lesson site', () => {
  it('contains every lesson file of lessons/', async () => {
    const files = (await lessonFiles()).map((file) => basename(file).replace(/^\d+-|\.md$/g, ''))
    expect(manifest.lessons.map((lesson) => lesson.slug)).toEqual(files)
    expect(stepLessons.length).toBeGreaterThan(0)
    expect(glossaryLessons.length).toBeGreaterThan(0)
    // The manifest check alone would pass on an empty site: also load the page.
    const page = await openPage(siteUrl)
    await expect(page.locator('.lesson-card').count()).resolves.toBe(manifest.lessons.length)
    await page.context().close()
  })

  it('lists every lesson on the overview with its progress', async () => {
    const page = await openPage(siteUrl)
    for (const lesson of manifest.lessons) {
      const card = page.locator(`.lesson-card[data-slug="${lesson.slug}"]`)
      await expect(card.locator('.lesson-card-title').textContent()).resolves.toBe(lesson.title)
      if (lesson.kind === 'steps') {
        await expect(card.locator('.lesson-progress-text').textContent()).resolves.toBe(`0 / ${lesson.steps.length} 手順`)
      }
    }
    await page.context().close()
  })

  describe.each(stepLessons.map((lesson) => [lesson.slug, lesson] as const))('lesson %s', (_slug, lesson) => {
    it('shows every step in order, numbered, with each of its commands behind a prompt', async () => {
      const page = await openPage(lessonUrl(lesson.slug))
      await waitForLesson(page)
      await expect(page.locator('.lesson-header h1').textContent()).resolves.toBe(lesson.title)
      await expect(page.locator('.step-list > li').count()).resolves.toBe(lesson.steps.length)

      for (const [index, step] of lesson.steps.entries()) {
        const section = page.locator(`.step-list > li:nth-child(${index + 1}) > #step-${step.id}`)
        await expect(section.locator('.step-number').textContent()).resolves.toBe(`手順 ${index + 1}`)
        await expect(section.locator('.step-title').innerText()).resolves.toContain(step.title)
        const shown = await section.locator('.command-text').allTextContents()
        expect(shown).toEqual(step.commands)
        await expect(section.locator('.command-line .command-prompt').count()).resolves.toBe(step.commands.length)
      }
      const introShown = await page.locator('.lesson-intro .command-text').allTextContents()
      expect(introShown).toEqual(lesson.introCommands)

      // Solve scripts and step metadata never reach the page.
      await expect(page.locator('code.language-sh, code.language-step').count()).resolves.toBe(0)
      await expect(page.locator('.markdown').first().innerText()).resolves.not.toContain('checks:')
      await page.context().close()
    })
  })

  it('leads from each lesson to the next and back', async () => {
    const page = await openPage(lessonUrl(manifest.lessons[0]!.slug))
    for (const next of manifest.lessons.slice(1)) {
      await page.locator('.lesson-pager a[rel="next"]').click()
      await expect.poll(() => page.url()).toBe(lessonUrl(next.slug))
      await expect(page.locator('.lesson-header h1').textContent()).resolves.toBe(next.title)
    }
    await expect(page.locator('.lesson-pager a[rel="next"]').count()).resolves.toBe(0)
    await page.locator('.lesson-pager a[rel="prev"]').click()
    await expect.poll(() => page.url()).toBe(lessonUrl(manifest.lessons.at(-2)!.slug))
    await page.context().close()
  })

  it('copies a command without its prompt, by mouse and by keyboard, and says 「コピーしました」', async () => {
    const page = await openPage(lessonUrl(firstStepLesson.slug))
    await waitForLesson(page)
    const blocks = page.locator('.step .command-block')
    expect(await blocks.count()).toBeGreaterThan(1)

    const first = blocks.nth(0)
    const firstCommands = (await first.locator('.command-text').allTextContents()).join('\n')
    await first.locator('.copy-button').click()
    await expect.poll(() => first.locator('[role="status"]').textContent()).toBe('コピーしました')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(firstCommands)
    expect(copied).not.toMatch(/^\$/m)

    const second = blocks.nth(1)
    const secondCommands = (await second.locator('.command-text').allTextContents()).join('\n')
    expect(secondCommands).not.toBe(firstCommands)
    await second.locator('.copy-button').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secondCommands)
    await expect.poll(() => second.locator('[role="status"]').textContent()).toBe('コピーしました')
    await page.context().close()
  })

  it('keeps a ticked step ticked after a reload, and counts it on the overview', async () => {
    const step = firstStepLesson.steps[0]!
    const page = await openPage(lessonUrl(firstStepLesson.slug))
    await waitForLesson(page)
    const section = page.locator(`#step-${step.id}`)
    await expect(section.getAttribute('data-state')).resolves.toBe('not-started')
    await section.getByLabel('この手順を終えた').check()
    await expect(section.getAttribute('data-state')).resolves.toBe('done')

    await page.reload()
    await waitForLesson(page)
    await expect(section.getByLabel('この手順を終えた').isChecked()).resolves.toBe(true)
    await expect(section.getAttribute('data-state')).resolves.toBe('done')
    await expect(section.locator('.step-status').innerText()).resolves.toContain('完了')

    await page.getByRole('link', { name: 'コース一覧' }).click()
    const card = page.locator(`.lesson-card[data-slug="${firstStepLesson.slug}"]`)
    await expect(card.locator('.lesson-progress-text').textContent()).resolves.toBe(`1 / ${firstStepLesson.steps.length} 手順`)
    await page.context().close()
  })

  it('shows a step the practice terminal verified as 確認済み, above a tick', async () => {
    // The record the practice terminal will write through setStepVerified (src/client/progress.ts).
    const [verified, ticked] = firstStepLesson.steps
    const progress = { [verified!.id]: { verified: true }, [ticked!.id]: { done: true } }
    const page = await openPage(siteUrl)
    await page.evaluate((value) => localStorage.setItem('secure-web-server-course:progress:v1', value), JSON.stringify(progress))
    await page.goto(lessonUrl(firstStepLesson.slug))
    await waitForLesson(page)

    const verifiedStep = page.locator(`#step-${verified!.id}`)
    await expect(verifiedStep.getAttribute('data-state')).resolves.toBe('verified')
    await expect(verifiedStep.locator('.step-status').innerText()).resolves.toContain('確認済み')
    await expect(verifiedStep.getByLabel('この手順を終えた').isChecked()).resolves.toBe(true)
    await expect(verifiedStep.getByLabel('この手順を終えた').isDisabled()).resolves.toBe(true)
    await expect(page.locator(`#step-${ticked!.id}`).getAttribute('data-state')).resolves.toBe('done')
    await expect(page.locator('.lesson-header .lesson-progress-text').textContent()).resolves.toBe(
      `2 / ${firstStepLesson.steps.length} 手順`,
    )
    await page.context().close()
  })

  it('opens the glossary from the header, with every group and term', async () => {
    const glossary = glossaryLessons[0]!
    const page = await openPage(siteUrl)
    await page.getByRole('navigation', { name: 'サイト' }).getByRole('link', { name: '用語集' }).click()
    await expect.poll(() => page.url()).toBe(lessonUrl(glossary.slug))
    await waitForLesson(page)
    await expect(page.locator('.glossary-group h2').allTextContents()).resolves.toEqual(glossary.glossaryGroups)
    await expect(page.locator('.glossary-term').count()).resolves.toBe(glossary.termCount)

    await page.goto(`${siteUrl}glossary`)
    await expect.poll(() => page.url()).toBe(lessonUrl(glossary.slug))
    await page.context().close()
  })

  it('says so for an unknown lesson address', async () => {
    const page = await openPage(lessonUrl('no-such-lesson'))
    await expect(page.locator('h1').textContent()).resolves.toBe('レッスンが見つかりません')
    await page.context().close()
  })

  it.each(['ja-JP', 'en-US'])('never scrolls sideways at 360 px, on any page (%s browser)', async (locale) => {
    const page = await openPage(siteUrl, { viewport: { width: 360, height: 740 }, locale })
    const pages = [siteUrl, ...manifest.lessons.map((lesson) => lessonUrl(lesson.slug))]
    for (const url of pages) {
      await page.goto(url)
      if (url !== siteUrl) await waitForLesson(page)
      // Names the elements that stick out, so a failure says where to look.
      const overflowing = await page.evaluate(() => {
        const width = document.documentElement.clientWidth
        if (document.documentElement.scrollWidth <= width) return []
        return [...document.querySelectorAll('body *')]
          .filter((element) => element.getBoundingClientRect().right > width + 0.5)
          .slice(0, 5)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
      })
      expect({ url, overflowing }).toEqual({ url, overflowing: [] })
    }
    await page.context().close()
  })

  it('switches the chrome to English and back, keeps the lesson Japanese, and remembers the choice', async () => {
    const step = firstStepLesson.steps[0]!
    const page = await openPage(lessonUrl(firstStepLesson.slug))
    await waitForLesson(page)
    const html = page.locator('html')
    await expect(html.getAttribute('lang')).resolves.toBe('ja')

    await page.getByRole('button', { name: 'English' }).click()
    await expect(html.getAttribute('lang')).resolves.toBe('en')
    const section = page.locator(`#step-${step.id}`)
    await expect(section.getByLabel('I finished this step').isChecked()).resolves.toBe(false)
    await expect(section.locator('.step-number').textContent()).resolves.toBe('Step 1')
    await expect(page.locator('.lesson-header .lesson-progress-text').textContent()).resolves.toBe(
      `0 / ${firstStepLesson.steps.length} steps`,
    )

    // The lesson itself stays Japanese, and says so to screen readers and fonts.
    await expect(page.locator('.lesson-header h1').getAttribute('lang')).resolves.toBe('ja')
    await expect(page.locator('.lesson-header h1').textContent()).resolves.toBe(firstStepLesson.title)
    for (const markdown of await section.locator('.markdown').all()) {
      await expect(markdown.getAttribute('lang')).resolves.toBe('ja')
    }
    await expect(section.locator('.step-title [lang="ja"]').textContent()).resolves.toBe(step.title)

    // The copy button is chrome: English label, English feedback, still copies the commands.
    const block = page.locator('.step .command-block').first()
    const copyButton = block.getByRole('button', { name: 'Copy commands' })
    await expect(copyButton.textContent()).resolves.toBe('Copy')
    await expect(copyButton.getAttribute('lang')).resolves.toBe('en')
    await copyButton.click()
    await expect.poll(() => block.locator('[role="status"]').textContent()).toBe('Copied')
    const commands = (await block.locator('.command-text').allTextContents()).join('\n')
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(commands)

    await page.getByRole('link', { name: 'Course overview' }).click()
    await expect(page.locator('.overview-total').innerText()).resolves.toMatch(/^Overall progress: 0 \/ \d+ steps$/)
    await expect(page.locator('.overview-hero h1').getAttribute('lang')).resolves.toBe('ja')

    // Remembered across a reload.
    await page.reload()
    await expect(html.getAttribute('lang')).resolves.toBe('en')
    await expect(page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Glossary' }).count()).resolves.toBe(1)

    await page.getByRole('button', { name: '日本語' }).click()
    await expect(html.getAttribute('lang')).resolves.toBe('ja')
    await expect(page.getByRole('navigation', { name: 'サイト' }).getByRole('link', { name: 'コース一覧' }).count()).resolves.toBe(1)
    await page.goto(lessonUrl(firstStepLesson.slug))
    await waitForLesson(page)
    await expect(page.locator('.step .copy-button').first().textContent()).resolves.toBe('コピー')
    await page.reload()
    await waitForLesson(page)
    await expect(html.getAttribute('lang')).resolves.toBe('ja')
    await expect(page.getByLabel('この手順を終えた').first().isChecked()).resolves.toBe(false)
    await page.context().close()
  })

  it.each([
    ['en-US', 'en', 'Course overview'],
    ['ja-JP', 'ja', 'コース一覧'],
    ['fr-FR', 'ja', 'コース一覧'],
  ])('starts a %s browser in %s until the learner chooses', async (locale, expected, overviewLink) => {
    const page = await openPage(siteUrl, { locale })
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(expected)
    await expect(page.getByRole('link', { name: overviewLink }).count()).resolves.toBe(1)
    await page.context().close()
  })

  it('follows the system dark mode', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const page = await openPage(siteUrl, { colorScheme })
      const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
      await page.context().close()
      const [r = 0, g = 0, b = 0] = (color.match(/\d+/g) ?? []).map(Number)
      return (r + g + b) / 3
    }
    expect(await background('light')).toBeGreaterThan(200)
    expect(await background('dark')).toBeLessThan(60)
  })
})
