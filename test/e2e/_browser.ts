import { chromium, type Browser, type BrowserContext } from 'playwright-core'

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
