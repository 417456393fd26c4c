import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { get as httpGet, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { LessonsManifest } from '../../src/client/data/types.ts'
import { launchChromium } from './_browser.ts'
import { startStaticHost } from './_staticHost.ts'

/**
 * The site as a learner reads it: path URLs, reading position, keyboard stops, phones, print,
 * completion, the outline, and what the server sends (issue 9, items 8 to 13).
 */

const siteUrl = inject('siteUrl')
const siteDir = inject('siteDir')
const manifest = JSON.parse(await readFile(join(siteDir, 'lessons.json'), 'utf8')) as LessonsManifest
const stepLessons = manifest.lessons.filter((lesson) => lesson.kind === 'steps')
const glossary = manifest.lessons.find((lesson) => lesson.kind === 'glossary')!
const firewall = stepLessons.find((lesson) => lesson.slug === 'firewall') ?? stepLessons.at(-1)!
const lessonUrl = (slug: string, base = siteUrl) => `${base}lessons/${slug}`
const progressKey = 'secure-web-server-course:progress:v1'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
})

/** A page in a fresh context (empty storage, Japanese browser), failing on any error in the page. */
async function openPage(url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], locale: 'ja-JP', ...options })
  const page = await context.newPage()
  const failures: string[] = []
  page.on('pageerror', (error) => failures.push(error.message))
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) failures.push(`${response.status()} ${response.url()}`)
  })
  ;(page as Page & { failures: string[] }).failures = failures
  await page.goto(url)
  return page
}

const failuresOf = (page: Page) => (page as Page & { failures: string[] }).failures

async function waitForLesson(page: Page): Promise<void> {
  await page.locator('.step-list, .glossary').first().waitFor()
}

/** WCAG contrast of an element's text against the first opaque background behind it. */
function contrastOf(page: Page, selector: string): Promise<number> {
  return page.locator(selector).first().evaluate((element) => {
    const parse = (color: string) => {
      const canvas = document.createElement('canvas').getContext('2d')!
      canvas.fillStyle = color
      canvas.fillRect(0, 0, 1, 1)
      const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data
      return { r: r!, g: g!, b: b!, a: a! / 255 }
    }
    const mix = (top: ReturnType<typeof parse>, bottom: ReturnType<typeof parse>) => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    })
    let background = { r: 255, g: 255, b: 255, a: 1 }
    const layers: Array<ReturnType<typeof parse>> = []
    let opacity = 1
    for (let node: Element | null = element; node; node = node.parentElement) {
      const style = getComputedStyle(node)
      opacity *= Number(style.opacity)
      const layer = parse(style.backgroundColor)
      if (layer.a > 0) layers.push(layer)
      if (layer.a === 1) break
    }
    for (const layer of layers.reverse()) background = mix(layer, background)
    const text = parse(getComputedStyle(element).color)
    const shown = mix({ ...text, a: text.a * opacity }, background)
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (value: number) => {
        const c = value / 255
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    const [light, dark] = [luminance(shown), luminance(background)].sort((x, y) => y - x)
    return (light! + 0.05) / (dark! + 0.05)
  })
}

describe('path URLs (item 8)', () => {
  it('opens a lesson at its path, with every asset found, and a step at its fragment', async () => {
    const step = firewall.steps.at(-1)!
    const page = await openPage(`${lessonUrl(firewall.slug)}#${step.id}`)
    await waitForLesson(page)
    await expect(page.locator('.lesson-header h1').textContent()).resolves.toBe(firewall.title)
    // The step's heading is at the top of the window, not the top of the page.
    await expect.poll(() => page.locator(`#${step.id}`).evaluate((element) => Math.round(element.getBoundingClientRect().top))).toBeLessThan(40)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(500)
    expect(failuresOf(page)).toEqual([])
    await page.context().close()
  })

  it('answers a missing asset with a real 404 and an unknown page with the site', async () => {
    const missing = await fetch(new URL('assets/no-such-file.js', siteUrl))
    expect(missing.status).toBe(404)
    const page = await openPage(`${siteUrl}no/such/page`)
    await expect(page.locator('h1').textContent()).resolves.toBe('ページが見つかりません')
    await page.context().close()
  })

  it.each([
    [() => `${siteUrl}#/lessons/${firewall.slug}`, () => lessonUrl(firewall.slug)],
    [() => `${siteUrl}#/glossary`, () => lessonUrl(glossary.slug)],
    [() => `${siteUrl}#/`, () => siteUrl],
  ])('takes an old hash link to its path (%#)', async (from, to) => {
    const page = await openPage(from())
    await expect.poll(() => page.url()).toBe(to())
    await page.context().close()
  })

  it('follows an old hash link typed on an open page', async () => {
    const page = await openPage(siteUrl)
    await page.locator('.lesson-card').first().waitFor()
    await page.goto(`${siteUrl}#/lessons/${firewall.slug}`)
    await expect.poll(() => page.url()).toBe(lessonUrl(firewall.slug))
    await waitForLesson(page)
    await page.context().close()
  })

  it('gives glossary chips and the skip link real addresses that work in a new tab', async () => {
    const page = await openPage(lessonUrl(glossary.slug))
    await waitForLesson(page)
    const chip = page.locator('.glossary-toc a').last()
    const href = await chip.evaluate((link) => (link as HTMLAnchorElement).href)
    expect(href).toBe(`${lessonUrl(glossary.slug)}#glossary-group-${glossary.glossaryGroups.length - 1}`)

    // As "open in a new tab" does: a fresh page at that address.
    const tab = await page.context().newPage()
    await tab.goto(href)
    const group = tab.locator(`#glossary-group-${glossary.glossaryGroups.length - 1}`)
    await expect.poll(() => group.evaluate((element) => Math.round(element.getBoundingClientRect().top))).toBeLessThan(40)
    expect(await tab.evaluate(() => window.scrollY)).toBeGreaterThan(200)

    // In the same tab a click scrolls too, and the URL says where.
    await page.locator('.glossary-toc a').nth(1).click()
    await expect.poll(() => page.url()).toBe(`${lessonUrl(glossary.slug)}#glossary-group-1`)
    await expect.poll(() => page.locator('#glossary-group-1').evaluate((element) => Math.round(element.getBoundingClientRect().top))).toBeLessThan(40)

    const skip = await page.locator('.skip-link').evaluate((link) => (link as HTMLAnchorElement).href)
    expect(skip).toBe(`${lessonUrl(glossary.slug)}#main`)
    // By keyboard: the first Tab reaches the skip link, Enter moves focus into the main content.
    const fresh = await page.context().newPage()
    await fresh.goto(lessonUrl(firewall.slug))
    await waitForLesson(fresh)
    await fresh.keyboard.press('Tab')
    await expect(fresh.evaluate(() => document.activeElement?.className)).resolves.toBe('skip-link')
    await fresh.keyboard.press('Enter')
    await expect.poll(() => fresh.evaluate(() => document.activeElement?.id)).toBe('main')
    await page.context().close()
  })

  it('links lessons to each other by path', async () => {
    const page = await openPage(lessonUrl(stepLessons[0]!.slug))
    await waitForLesson(page)
    const lessonLinks = await page.locator('.markdown a[href*="lessons/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')))
    for (const href of lessonLinks) expect(href).toMatch(/^\/lessons\/[a-z0-9-]+(#[a-z0-9-]+)?$/)
    await page.context().close()
  })

  describe('on a static host without a fallback, under a sub-path', () => {
    let outDir: string
    let host: { server: Server; url: string }

    beforeAll(async () => {
      outDir = await mkdtemp(join(tmpdir(), 'course-subpath-'))
      const root = fileURLToPath(new URL('../..', import.meta.url))
      // As the README says: npm run build -- --base=/course/
      await build({ configFile: join(root, 'vite.config.ts'), base: '/course/', build: { outDir }, logLevel: 'silent' })
      host = await startStaticHost(outDir, '/course/')
    })

    afterAll(async () => {
      await new Promise<void>((done) => host?.server.close(() => done()))
      await rm(outDir, { recursive: true, force: true })
    })

    it('opens a deep lesson path through 404.html, loads every asset, and links within /course/', async () => {
      const page = await (await browser.newContext({ locale: 'ja-JP' })).newPage()
      const failed: string[] = []
      page.on('response', (response) => {
        // The page itself comes with the host's 404 status; everything it loads must be found.
        if (response.status() >= 400 && response.url() !== lessonUrl(firewall.slug, host.url)) failed.push(response.url())
      })
      await page.goto(lessonUrl(firewall.slug, host.url))
      await waitForLesson(page)
      await expect(page.locator('.lesson-header h1').textContent()).resolves.toBe(firewall.title)
      expect(failed).toEqual([])
      await page.locator('.lesson-pager a[rel="prev"]').click()
      await expect.poll(() => page.url()).toMatch(new RegExp(`^${host.url}lessons/`))
      await page.getByRole('navigation', { name: 'サイト' }).getByRole('link', { name: 'コース一覧' }).click()
      await expect.poll(() => page.url()).toBe(host.url)
      await page.context().close()
    })
  })
})

describe('reading position (item 9)', () => {
  it('comes back after a reload, once the lesson has loaded', async () => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width: 1280, height: 800 } })
    await waitForLesson(page)
    // Reloaded at once: nothing has had time to settle.
    await page.evaluate(() => window.scrollTo(0, 4000))
    await page.reload()
    await waitForLesson(page)
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(4000)
    await page.context().close()
  })

  it('comes back on Back, after the next lesson and after another site', async () => {
    const [first, second] = stepLessons
    const page = await openPage(lessonUrl(first!.slug), { viewport: { width: 1280, height: 800 } })
    await waitForLesson(page)
    await page.evaluate(() => window.scrollTo(0, 3000))
    // A click from here (Playwright's click would first scroll the link into view).
    await page.locator('.lesson-pager a[rel="next"]').evaluate((link) => (link as HTMLAnchorElement).click())
    await expect.poll(() => page.url()).toBe(lessonUrl(second!.slug))
    await waitForLesson(page)
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(50)
    await page.goBack()
    await waitForLesson(page)
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(3000)

    // A whole-document visit elsewhere (here the lessons manifest), then Back.
    await page.evaluate(() => window.scrollTo(0, 2500))
    await page.goto(new URL('lessons.json', siteUrl).href)
    await page.goBack()
    await waitForLesson(page)
    await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(2500)
    await page.context().close()
  })
})

describe('keyboard stops and contrast (item 10)', () => {
  it.each([1280, 360])('makes only the code blocks that scroll tab stops, at %i px and after a resize', async (width) => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width, height: 800 } })
    await waitForLesson(page)
    const stops = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.lesson-main pre, .lesson-main .table-scroll')].map((box) => ({
          scrolls: box.scrollWidth > box.clientWidth,
          stop: box.getAttribute('tabindex') === '0',
        })),
      )
    await expect.poll(async () => (await stops()).every((box) => box.scrolls === box.stop)).toBe(true)
    const boxes = await stops()
    expect(boxes.length).toBeGreaterThan(10)
    if (width === 1280) expect(boxes.filter((box) => box.stop).length).toBeLessThan(boxes.length / 2)
    else expect(boxes.some((box) => box.stop)).toBe(true)

    await page.setViewportSize({ width: width === 1280 ? 360 : 1280, height: 800 })
    await expect.poll(async () => (await stops()).every((box) => box.scrolls === box.stop)).toBe(true)
    expect(await stops()).not.toEqual(boxes)
    await page.context().close()
  })

  it.each(['light', 'dark'] as const)('shows the check ids at 4.5:1 or better (%s)', async (colorScheme) => {
    const page = await openPage(lessonUrl(firewall.slug), { colorScheme })
    await waitForLesson(page)
    await page.locator('.step-checks summary').first().click()
    expect(await contrastOf(page, '.step-checks .check-id')).toBeGreaterThanOrEqual(4.5)
    expect(await contrastOf(page, '.step-checks li')).toBeGreaterThanOrEqual(4.5)
    await page.context().close()
  })
})

describe('command blocks on a phone (item 11)', () => {
  it('fades the edge of a command that goes on, and the fade follows the scroll', async () => {
    const lesson = stepLessons.find((candidate) => candidate.steps.some((step) => step.commands.some((command) => command.length > 40)))!
    const page = await openPage(lessonUrl(lesson.slug), { viewport: { width: 360, height: 740 } })
    await waitForLesson(page)
    const long = page.locator('.command-lines[data-overflow]').first()
    await expect(long.getAttribute('data-overflow')).resolves.toBe('end')
    await expect(long.evaluate((element) => getComputedStyle(element).maskImage)).resolves.toContain('gradient')
    await long.evaluate((element) => element.scrollTo({ left: element.scrollWidth }))
    await expect.poll(() => long.getAttribute('data-overflow')).toBe('start')
    const short = page.locator('.command-lines:not([data-overflow])').first()
    await expect(short.evaluate((element) => getComputedStyle(element).maskImage)).resolves.toBe('none')
    // The commands get the block's whole width: the buttons sit under them.
    const [pre, block] = await Promise.all([long.boundingBox(), long.locator('..').boundingBox()])
    expect(pre!.width).toBeGreaterThan(block!.width - 2)
    await page.context().close()
  })

  it('shows a multi-line block one command a line, and copies it exactly', async () => {
    const page = await openPage(lessonUrl(firewall.slug))
    await waitForLesson(page)
    const block = page.locator('.step .command-block').filter({ has: page.locator('.command-line + .command-line') }).first()
    const commands = await block.locator('.command-text').allTextContents()
    expect(commands.length).toBeGreaterThan(1)
    const shown = await block.locator('pre').innerText()
    expect(shown.split('\n').filter((line) => line !== '')).toEqual(commands.map((command) => `$ ${command}`))
    expect(shown).not.toContain('\n\n')
    const lines = await block.locator('.command-line').evaluateAll((spans) => spans.map((span) => Math.round(span.getBoundingClientRect().top)))
    const lineHeight = await block.locator('pre').evaluate((pre) => parseFloat(getComputedStyle(pre).lineHeight))
    for (let index = 1; index < lines.length; index++) expect(lines[index]! - lines[index - 1]!).toBeLessThanOrEqual(Math.ceil(lineHeight))
    await block.locator('.copy-button').click()
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(commands.join('\n'))
    await page.context().close()
  })

  it.each([360, 1280])('moves nothing on the page when it says 「コピーしました」 (%i px)', async (width) => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width, height: 800 } })
    await waitForLesson(page)
    const positions = () =>
      page.evaluate(() => [...document.querySelectorAll('.step, .command-block, .markdown > p, .step-footer')].map((element) => element.getBoundingClientRect().top + window.scrollY))
    const block = page.locator('.step .command-block').nth(1)
    await block.scrollIntoViewIfNeeded()
    const before = await positions()
    await block.locator('.copy-button').click()
    await expect.poll(() => block.locator('[role="status"]').textContent()).toBe('コピーしました')
    await expect(block.locator('.copy-feedback').isVisible()).resolves.toBe(true)
    expect(await positions()).toEqual(before)
    // And the feedback stays inside the page's width.
    const box = await block.locator('.copy-feedback').boundingBox()
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(width)
    await page.context().close()
  })
})

describe('completion, English, print, outline and time (item 12)', () => {
  it('shows a finished course as finished on the overview', async () => {
    const page = await openPage(siteUrl)
    const all = Object.fromEntries(stepLessons.flatMap((lesson) => lesson.steps.map((step, index) => [step.id, index % 2 ? { verified: true } : { done: true }])))
    await page.evaluate(([key, value]) => localStorage.setItem(key!, value!), [progressKey, JSON.stringify(all)])
    await page.reload()
    await expect(page.locator('.course-complete').innerText()).resolves.toContain('すべての手順を終えました')
    await expect(page.locator('.overview-hero').innerText()).resolves.not.toContain('つづきから')
    await expect(page.locator('.overview-hero .button-secondary').innerText()).resolves.toContain('もう一度見る')
    for (const lesson of stepLessons) {
      await expect(page.locator(`.lesson-card[data-slug="${lesson.slug}"] .lesson-card-finished`).innerText()).resolves.toContain('完了')
    }
    // One step undone: back to 「つづきから」 at that lesson.
    const last = stepLessons.at(-1)!
    await page.evaluate(
      ([key, id]) => {
        const stored = JSON.parse(localStorage.getItem(key!)!) as Record<string, unknown>
        delete stored[id!]
        localStorage.setItem(key!, JSON.stringify(stored))
      },
      [progressKey, last.steps[0]!.id],
    )
    await page.reload()
    await expect(page.locator('.course-complete').count()).resolves.toBe(0)
    await expect(page.locator('.overview-hero .button-primary').innerText()).resolves.toBe(`つづきから: ${last.title}`)
    await page.context().close()
  })

  it('says 「出力例」 in English as "Output", and back', async () => {
    const page = await openPage(lessonUrl(firewall.slug))
    await waitForLesson(page)
    const label = page.locator('.output-label').first()
    await expect(label.textContent()).resolves.toBe('出力例')
    await page.getByRole('button', { name: 'English' }).click()
    await expect(label.textContent()).resolves.toBe('Output')
    await expect(label.getAttribute('lang')).resolves.toBe('en')
    await expect(page.locator('.output-label', { hasText: '出力例' }).count()).resolves.toBe(0)
    await page.getByRole('button', { name: '日本語' }).click()
    await expect(label.textContent()).resolves.toBe('出力例')
    await page.context().close()
  })

  it('prints the lesson text only, with the address of every outside link', async () => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width: 1600, height: 1000 } })
    await waitForLesson(page)
    await page.locator('#terminal-pane').waitFor()
    await page.emulateMedia({ media: 'print' })
    for (const selector of ['#terminal-pane', '.terminal-toggle', '.lesson-outline', '.copy-button', '.run-button', '.step-footer', '.lesson-pager', '.lang-switch', '.site-nav']) {
      await expect(page.locator(selector).first().isVisible(), selector).resolves.toBe(false)
    }
    await expect(page.locator('.step-list').isVisible()).resolves.toBe(true)
    const main = await page.locator('.lesson-main').boundingBox()
    expect(main!.width).toBeGreaterThan(1000)
    // The lessons link to no other site today: add such a link as the renderer writes it.
    const href = 'https://www.debian.org/security/'
    await page.locator('.step .markdown p').first().evaluate((paragraph, url) => {
      paragraph.insertAdjacentHTML('beforeend', `<a href="${url}" target="_blank" rel="noopener noreferrer">Debian</a>`)
    }, href)
    const link = page.locator(`.markdown a[href="${href}"]`)
    await expect(link.evaluate((element) => getComputedStyle(element, '::after').content)).resolves.toBe(`" (${href})"`)
    await page.emulateMedia({ media: 'screen' })
    await expect(page.locator('#terminal-pane').isVisible()).resolves.toBe(true)
    await page.context().close()
  })

  it('keeps an outline of the steps left of the lesson on a wide screen, sticky, marking the step being read', async () => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width: 1600, height: 1000 } })
    await waitForLesson(page)
    const outline = page.locator('.lesson-outline')
    await expect(outline.locator('a').allTextContents()).resolves.toEqual(firewall.steps.map((step, index) => `${index + 1}${step.title}`))
    const [nav, main, terminal] = await Promise.all([outline.boundingBox(), page.locator('.lesson-main').boundingBox(), page.locator('#terminal-pane').boundingBox()])
    expect(nav!.x + nav!.width).toBeLessThanOrEqual(main!.x)
    expect(main!.x + main!.width).toBeLessThanOrEqual(terminal!.x)
    expect(main!.width).toBeGreaterThanOrEqual(700)
    expect(terminal!.width).toBeGreaterThanOrEqual(450)
    await expect(outline.locator('a[aria-current]').textContent()).resolves.toContain(firewall.steps[0]!.title)

    const last = firewall.steps.at(-1)!
    await page.locator(`#${last.id}`).evaluate((heading) => window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 10))
    await expect.poll(() => outline.locator('a[aria-current]').textContent()).toContain(last.title)
    const stuck = await outline.boundingBox()
    expect(stuck!.y).toBeGreaterThanOrEqual(0)
    expect(stuck!.y).toBeLessThan(100)

    // Its links are step URLs.
    await outline.locator('a').first().click()
    await expect.poll(() => page.url()).toBe(`${lessonUrl(firewall.slug)}#${firewall.steps[0]!.id}`)
    await page.context().close()
  })

  it.each([1000, 360])('puts the outline under the title at %i px, clear of the terminal', async (width) => {
    const page = await openPage(lessonUrl(firewall.slug), { viewport: { width, height: 900 } })
    await waitForLesson(page)
    const [title, nav, firstStep] = await Promise.all([
      page.locator('.lesson-header h1').boundingBox(),
      page.locator('.lesson-outline').boundingBox(),
      page.locator('.step').first().boundingBox(),
    ])
    expect(nav!.y).toBeGreaterThan(title!.y)
    expect(nav!.y + nav!.height).toBeLessThanOrEqual(firstStep!.y)
    if (width >= 900) {
      const terminal = await page.locator('#terminal-pane').boundingBox()
      expect(nav!.x + nav!.width).toBeLessThanOrEqual(terminal!.x)
    }
    await page.context().close()
  })

  it('shows each lesson\'s estimated time on the overview and in its header', async () => {
    const page = await openPage(siteUrl)
    for (const lesson of manifest.lessons) {
      expect(lesson.minutes).toBeGreaterThanOrEqual(5)
      await expect(page.locator(`.lesson-card[data-slug="${lesson.slug}"] .lesson-card-minutes`).textContent()).resolves.toBe(`約 ${lesson.minutes} 分`)
    }
    // Longer lessons take longer.
    const minutesOf = (slug: string) => manifest.lessons.find((lesson) => lesson.slug === slug)!.minutes
    expect(minutesOf(firewall.slug)).toBeGreaterThan(minutesOf(stepLessons[0]!.slug) - 1)
    await page.goto(lessonUrl(firewall.slug))
    await expect(page.locator('.lesson-header .lesson-minutes').textContent()).resolves.toContain(`約 ${firewall.minutes} 分`)
    await page.context().close()
  })
})

describe('compression (item 13)', () => {
  function get(url: string, acceptEncoding: string): Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }> {
    return new Promise((done, fail) => {
      httpGet(url, { headers: { 'accept-encoding': acceptEncoding } }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (chunk: Buffer) => chunks.push(chunk))
        response.on('end', () => done({ headers: response.headers, body: Buffer.concat(chunks) }))
      }).on('error', fail)
    })
  }

  it('sends the built files precompressed, as the browser accepts, with types and caching right', async () => {
    const html = await readFile(join(siteDir, 'index.html'), 'utf8')
    const entry = /<script type="module"[^>]* src="([^"]+)"/.exec(html)![1]!
    const original = await readFile(join(siteDir, entry))
    for (const [accept, encoding, decode] of [
      ['br, gzip', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const response = await get(new URL(entry, siteUrl).href, accept)
      expect(response.headers['content-encoding']).toBe(encoding)
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(response.headers.vary).toMatch(/accept-encoding/i)
      expect(response.headers['cache-control']).toContain('immutable')
      expect(decode(response.body).equals(original)).toBe(true)
      expect(response.body.length).toBeLessThan(original.length / 2)
    }
    const page = await get(lessonUrl(firewall.slug), 'gzip')
    expect(page.headers['content-encoding']).toBe('gzip')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['cache-control']).toBe('no-cache')
  })

  it('is what Chromium receives', async () => {
    const page = await browser.newPage()
    const encodings: string[] = []
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) encodings.push(response.headers()['content-encoding'] ?? 'none')
    })
    await page.goto(siteUrl)
    await page.locator('.lesson-card').first().waitFor()
    expect(encodings.length).toBeGreaterThan(0)
    for (const encoding of encodings) expect(['br', 'gzip']).toContain(encoding)
    await page.close()
  })
})
