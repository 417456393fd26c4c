import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { TerminalKind } from '../../src/sandbox/practice-types.ts'
import type {} from '../../src/client/practice/testHooks.ts'

/**
 * Driving the practice terminal's real xterm from a browser test: type as the learner does
 * (into xterm's textarea), read the screen from xterm's buffer (window.__practiceTerminals), and
 * wait for a step to turn 確認済み.
 */


/** The shown panel of a terminal tab. */
export const panel = (page: Page, kind: TerminalKind) => page.locator(`#practice-panel-${kind}`)

/** Waits until the tab's terminal is on screen and has printed something (its prompt). */
export async function waitForTerminal(page: Page, kind: TerminalKind = 'server'): Promise<void> {
  await panel(page, kind).locator('.xterm-helper-textarea').waitFor({ state: 'attached' })
  await expect.poll(() => screenText(page, kind), { timeout: 15_000 }).not.toBe('')
}

/** The text on a terminal's screen and scrollback, read from xterm's buffer (window.__practiceTerminals). */
export function screenText(page: Page, kind: TerminalKind = 'server'): Promise<string> {
  return page.evaluate((which) => window.__practiceTerminals?.[which]?.() ?? '', kind)
}

/** Types into a terminal as the learner does: into xterm's textarea, key by key, then Enter. */
export async function typeLine(page: Page, text: string, kind: TerminalKind = 'server'): Promise<void> {
  await page.locator(`#practice-tab-${kind}`).click()
  await panel(page, kind).locator('.xterm-helper-textarea').focus()
  await page.keyboard.type(text)
  await page.keyboard.press('Enter')
}

/** Waits until the terminal shows text matching `pattern` (after what it showed when called, if `after` is given). */
export async function waitForScreen(page: Page, pattern: RegExp, kind: TerminalKind = 'server', after = ''): Promise<string> {
  let text = ''
  await expect
    .poll(
      async () => {
        text = (await screenText(page, kind)).slice(after.length)
        return pattern.test(text)
      },
      { timeout: 20_000, message: `terminal ${kind} never showed ${pattern}` },
    )
    .toBe(true)
  return text
}

/** Answers sudo's password question when it is asked (the practice account's password). */
export async function answerSudo(page: Page, password = 'student', kind: TerminalKind = 'server', after = ''): Promise<void> {
  await waitForScreen(page, /\[sudo\] .*password|パスワード/i, kind, after)
  await page.keyboard.type(password)
  await page.keyboard.press('Enter')
}

/** Waits until a step of the lesson shows 確認済み (its checks passed on the practice machine). */
export async function waitForVerified(page: Page, stepId: string): Promise<void> {
  const section = page.locator(`#step-${stepId}`)
  await expect.poll(() => section.getAttribute('data-state'), { timeout: 20_000 }).toBe('verified')
  await expect(section.locator('.step-status').innerText()).resolves.toContain('確認済み')
}

