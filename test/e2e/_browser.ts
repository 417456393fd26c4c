import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'

/**
 * Debian's chromium (never a downloaded browser). Playwright's launch() gives it a fresh,
 * temporary user-data dir each time, so no earlier progress or permission leaks in.
 * The flags keep the browser itself from calling home, so every request seen is the page's.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  })
}

/** Adds every URL the pages of a context ask for to `urls`, to prove none went to another host. */
export function recordRequests(context: BrowserContext, urls: string[]): void {
  context.on('request', (request) => urls.push(request.url()))
}

/**
 * One Chromium for a test file, and the rule every browser test keeps: its pages talk to no host
 * but `origin` (no CDN, no web fonts, no analytics; data: URLs aside). Contexts add their requests
 * with `recordRequests(context, requests)`. Call at the top level of a test file.
 */
export function browserForFile(origin: string): { readonly browser: Browser; readonly requests: string[] } {
  let browser: Browser | undefined
  const requests: string[] = []
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
  })
  beforeEach(() => {
    requests.length = 0
  })
  afterEach(() => {
    const foreign = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin)
    expect(foreign).toEqual([])
  })
  return {
    get browser(): Browser {
      if (!browser) throw new Error('the browser starts in beforeAll')
      return browser
    },
    requests,
  }
}
