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


// ---- Running whole commands as a learner: wait for the prompt, type, answer questions, wait for
// the next prompt. A command's part of the screen is found by counting prompt lines (lines that
// begin with `user@host:dir$`): that survives xterm re-wrapping lines when the pane is resized.

/** A prompt line of bash on the server, the console or the PC, with or without a command typed on it. */
const promptLine = /^[a-z_][\w-]*@[\w.-]+:[^\s$#]*[$#](?: |$)/
/** A prompt waiting for input: nothing typed after it. */
const barePrompt = /^[a-z_][\w-]*@[\w.-]+:[^\s$#]*[$#]$/

/** xterm's scrollback in XtermTab.vue; a buffer this long may have dropped its first lines. */
const bufferLimit = 3000

/**
 * A question a command asks at the cursor, and what the learner answers. The question is matched
 * against the end of the screen with its last rows joined, as xterm wraps a long question.
 */
export interface Answer {
  question: RegExp
  reply: string
}

/** What the course's learner answers: the practice account's password, yes to a new host key, y to ufw. */
export const learnerAnswers: readonly Answer[] = [
  { question: /\[sudo\] password for student:$/, reply: 'student' },
  { question: /student@[\w.-]+'s password:$/, reply: 'student' },
  { question: /\(yes\/no\/\[fingerprint\]\)\?$/, reply: 'yes' },
  { question: /Proceed with operation \(y\|n\)\?$/, reply: 'y' },
]

/** Shows the tab (if it is not shown) and puts the keyboard in its terminal. */
export async function focusTerminal(page: Page, kind: TerminalKind = 'server'): Promise<void> {
  const tab = page.locator(`#practice-tab-${kind}`)
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click()
  await panel(page, kind).locator('.xterm-helper-textarea').focus()
}

const countPrompts = (lines: readonly string[]): number => lines.filter((line) => promptLine.test(line)).length

/** A command typed at a prompt: the terminal, and which prompt line (1-based) it was typed on. */
export interface TypedCommand {
  command: string
  kind: TerminalKind
  promptNumber: number
}

/** Waits for a bare prompt, then types `command` and Enter key by key, as the learner does. */
export async function typeCommand(page: Page, command: string, kind: TerminalKind = 'server'): Promise<TypedCommand> {
  let lines: string[] = []
  await expect
    .poll(
      async () => {
        lines = (await screenText(page, kind)).split('\n')
        return barePrompt.test(lines.at(-1) ?? '')
      },
      { timeout: 20_000, message: `terminal ${kind} shows no prompt to type \`${command}\` at` },
    )
    .toBe(true)
  await focusTerminal(page, kind)
  await page.keyboard.type(command)
  await page.keyboard.press('Enter')
  return { command, kind, promptNumber: countPrompts(lines) }
}

/** The screen from the prompt line the command was typed on (empty while in another screen, as nano's). */
function commandPart(lines: readonly string[], typed: TypedCommand): string[] {
  let seen = 0
  for (let index = 0; index < lines.length; index++) {
    if (promptLine.test(lines[index]!) && ++seen === typed.promptNumber) return lines.slice(index)
  }
  return []
}

/**
 * Waits until the command typed has ended (a new bare prompt after it), answering the questions
 * it asks on the way, each once. `until`: stop early when the whole screen matches it (nano's
 * full screen, say). Returns the command's part of the screen: its line, its output, the next prompt.
 */
export async function finishCommand(
  page: Page,
  typed: TypedCommand,
  { answers = learnerAnswers, timeout = 60_000, until }: { answers?: readonly Answer[]; timeout?: number; until?: RegExp } = {},
): Promise<string> {
  let part: string[] = []
  let screen = ''
  let answeredLine = -1
  let full = false
  const ended = async (): Promise<boolean> => {
    const text = await screenText(page, typed.kind)
    screen = text
    const lines = text.split('\n')
    full = lines.length >= bufferLimit
    if (until?.test(text)) {
      part = lines
      return true
    }
    part = commandPart(lines, typed)
    const last = part.length - 1
    if (last > 0 && countPrompts(part) > 1 && barePrompt.test(part[last]!)) return true
    const cursorText = part.slice(Math.max(1, last - 2)).join('')
    const answer = last > 0 ? answers.find(({ question }) => question.test(cursorText)) : undefined
    if (answer && last > answeredLine) {
      answeredLine = last
      await page.keyboard.type(answer.reply)
      await page.keyboard.press('Enter')
    }
    return false
  }
  try {
    await expect.poll(ended, { timeout, interval: 100 }).toBe(true)
  } catch {
    const why = full ? ' (the terminal buffer is full: prompts can no longer be counted)' : ''
    throw new Error(`\`${typed.command}\` in ${typed.kind} did not end within ${timeout} ms${why}; its screen:\n${(part.length > 0 ? part.join('\n') : screen).slice(-2000)}`)
  }
  return part.join('\n')
}

/** Types a command, answers its questions and waits for it to end; returns its part of the screen. */
export async function runCommand(
  page: Page,
  command: string,
  { kind = 'server', ...options }: { kind?: TerminalKind; answers?: readonly Answer[]; timeout?: number } = {},
): Promise<string> {
  return finishCommand(page, await typeCommand(page, command, kind), options)
}
