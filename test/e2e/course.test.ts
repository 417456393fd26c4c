import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import type { LessonsManifest } from '../../src/client/data/types.ts'
import { asideFlags, planCommand } from '../lab/transcripts.ts'
import { browserForFile, recordRequests } from './_browser.ts'
import {
  finishCommand,
  panel,
  runCommand,
  screenText,
  typeCommand,
  waitForTerminal,
  waitForVerified,
  type TypedCommand,
} from './_terminal.ts'

/**
 * The whole course as a learner does it: in Chromium, in the real xterm, every command typed on
 * the keyboard, lesson after lesson opened from the overview, each step turning 確認済み on the
 * page; then a lockout by the firewall and the rescue through the provider's console.
 */

const siteUrl = inject('siteUrl')
const siteOrigin = new URL(siteUrl).origin
const manifest = JSON.parse(readFileSync(join(inject('siteDir'), 'lessons.json'), 'utf8')) as LessonsManifest
const stepLessons = manifest.lessons.filter((lesson) => lesson.kind === 'steps')

const serverAddress = '203.0.113.10'
const sshPort = 54723
const serverPrompt = 'student@webserver:~$'
const pcPrompt = 'student@my-pc:~$'

/**
 * Commands the learner does not type in the practice: those the lab does not run either (shown for
 * another situation, placeholders, the learner's own computer), and those that would undo or
 * stall the course here (a reboot, a dialog, a full-upgrade, turning ufw off, deleting a rule).
 */
const notTyped: RegExp[] = [/^(sudo )?reboot\b/, /^(sudo )?dpkg-reconfigure\b/, /^(sudo )?apt(-get)? full-upgrade\b/, /^(sudo )?ufw (disable|delete)\b/]

type Planned = { command: string; how: 'type' | 'nano' } | { command: string; how: 'skip'; why: string }

/** The learner's plan for a list of commands of one markdown body, as the lab plans its transcripts. */
function plan(commands: readonly string[], markdown: string): Planned[] {
  const asides = asideFlags(commands, markdown)
  return commands.map((command, index) => {
    const lab = planCommand(command, asides[index]!)
    if (lab.run === false) return { command, how: 'skip', why: lab.why }
    if (lab.run === 'solve') return { command, how: 'nano' }
    const stop = notTyped.find((pattern) => pattern.test(command))
    return stop ? { command, how: 'skip', why: `not in the practice: ${stop}` } : { command, how: 'type' }
  })
}

const sources = new Map((await loadLessons()).map((lesson) => [lesson.slug, lesson]))

// The course runs in the page: nothing goes to another host, even while "connecting" to the server.
const files = browserForFile(siteOrigin)

/** A fresh browser context: no saved machine, no progress. Wide, so the terminal is beside the lesson. */
async function freshPage(): Promise<Page> {
  const context = await files.browser.newContext({ locale: 'ja-JP', viewport: { width: 1600, height: 1000 } })
  recordRequests(context, files.requests)
  const page = await context.newPage()
  await page.goto(siteUrl)
  await page.locator('.lesson-card').first().waitFor()
  await expect(page.evaluate(() => localStorage.getItem('secure-web-server-course:practice:v1'))).resolves.toBeNull()
  return page
}

/** From the overview, opens a lesson by its link, as the learner does, and waits for its terminal. */
async function openLesson(page: Page, slug: string, title: string): Promise<void> {
  await page.goto(siteUrl)
  const link = page.locator(`.lesson-card[data-slug="${slug}"]`).getByRole('link', { name: title, exact: true })
  await link.click()
  // The lesson's address (hash or path: either way it ends in the slug) and its page.
  await expect.poll(() => page.url()).toMatch(new RegExp(`/lessons/${slug}$`))
  await expect.poll(() => page.locator('h1').first().innerText()).toBe(title)
  await page.locator('.step-list').first().waitFor()
  await waitForTerminal(page)
}

/**
 * `sudo nano /etc/ssh/sshd_config`, driven with keys as the lesson says: find `#Port 22`, drop the
 * `#`, put 54723 in place of 22, write the file out, leave nano.
 */
async function editPortInNano(page: Page, command: string): Promise<string> {
  const typed = await typeCommand(page, command)
  // nano's help bar, not its title bar: on a terminal narrower than 58 columns the sandbox's nano
  // writes its last help row past the right edge, which scrolls the title bar off the screen.
  const inNano = /\^X Exit/
  await finishCommand(page, typed, { until: inNano, timeout: 20_000 })
  const shows = async (pattern: RegExp, what: string) =>
    expect.poll(async () => pattern.test(await screenText(page)), { timeout: 10_000, message: `nano never showed ${what}` }).toBe(true)
  await shows(/^#Port 22$/m, 'the line #Port 22')
  await page.keyboard.press('Control+W')
  await shows(/Search/, 'its search prompt')
  await page.keyboard.type('#Port 22')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Delete')
  await page.keyboard.press('End')
  await page.keyboard.press('Backspace')
  await page.keyboard.press('Backspace')
  await page.keyboard.type(String(sshPort))
  await shows(new RegExp(`^Port ${sshPort}$`, 'm'), `the line Port ${sshPort}`)
  await expect(screenText(page)).resolves.not.toMatch(/^#Port 22$/m)
  await page.keyboard.press('Control+O')
  await shows(/File Name to Write/, 'File Name to Write')
  await page.keyboard.press('Enter')
  await shows(/Wrote \d+ lines/, 'Wrote … lines')
  await page.keyboard.press('Control+X')
  return finishCommand(page, typed, { timeout: 20_000 })
}

/** From the PC: ssh to the server (host key yes, password student), see its prompt, and exit again. */
async function sshFromPc(page: Page, command: string): Promise<void> {
  const login = await runCommand(page, command, { kind: 'pc', timeout: 20_000 })
  expect(login.split('\n').at(-1)).toBe(serverPrompt)
  const logout = await runCommand(page, 'exit', { kind: 'pc' })
  expect(joined(logout)).toContain(`Connection to ${serverAddress} closed.`)
  expect(logout.split('\n').at(-1)).toBe(pcPrompt)
}

/** A command's screen with its rows joined: xterm wraps long lines into rows at the pane's width. */
const joined = (screen: string): string => screen.replace(/\n/g, '')

async function stepStates(page: Page): Promise<Array<[string, string | null]>> {
  const steps = await page.locator('section.step').all()
  return Promise.all(steps.map(async (step) => [(await step.getAttribute('id')) ?? '', await step.getAttribute('data-state')] as [string, string | null]))
}

describe('the course in the browser, typed into the practice terminal', () => {
  it('takes a learner through every lesson until every step shows 確認済み and `sudo check` passes', async () => {
    const page = await freshPage()
    const typed: string[] = []
    const skipped: string[] = []

    for (const lesson of stepLessons) {
      const source = sources.get(lesson.slug)
      expect(source, `lessons/ has no lesson ${lesson.slug}`).toBeDefined()
      await openLesson(page, lesson.slug, lesson.title)

      for (const entry of plan(lesson.introCommands, source!.intro)) {
        if (entry.how === 'skip') {
          skipped.push(entry.command)
          continue
        }
        typed.push(entry.command)
        await runCommand(page, entry.command)
      }

      for (const step of lesson.steps) {
        const body = source!.steps.find((candidate) => candidate.id === step.id)?.body ?? ''
        for (const entry of plan(step.commands, body)) {
          if (entry.how === 'skip') {
            skipped.push(entry.command)
            continue
          }
          typed.push(entry.command)
          const output = entry.how === 'nano' ? await editPortInNano(page, entry.command) : await runCommand(page, entry.command)
          expect(output, `\`${entry.command}\` failed`).not.toMatch(/command not found|Permission denied|E: |Invalid|ERROR/)
          if (/^grep -nw Port /.test(entry.command)) expect(output).toMatch(new RegExp(`^\\d+:Port ${sshPort}$`, 'm'))
        }
        await waitForVerified(page, step.id)
      }

      // The learner tries the new port from the PC, keeping the server tab's session open.
      if (lesson.slug === 'ssh-port') await sshFromPc(page, `ssh -p ${sshPort} student@${serverAddress}`)
      if (lesson.slug === 'firewall') {
        await sshFromPc(page, `ssh -p ${sshPort} student@${serverAddress}`)
        const web = await runCommand(page, `curl -sI http://${serverAddress}/`, { kind: 'pc', timeout: 20_000 })
        expect(web).toMatch(/^HTTP\/1\.1 200 OK$/m)
        expect(web).toMatch(/^Server: nginx/m)
      }
      // Every step of the lesson, not only the last: an earlier one must not have been undone.
      const states = await stepStates(page)
      expect(states.length).toBe(lesson.steps.length)
      expect(states).toEqual(lesson.steps.map((step) => [`step-${step.id}`, 'verified']))
    }

    // The course's own commands were typed, and only the other-situation ones skipped.
    expect(typed).toEqual(expect.arrayContaining(['sudo apt upgrade -y', 'sudo nano /etc/ssh/sshd_config', 'sudo systemctl reload ssh', 'sudo ufw enable']))
    expect(skipped).toEqual(expect.arrayContaining(['sudo reboot', 'sudo apt full-upgrade', 'sudo ufw disable', 'sudo ufw delete allow 22']))
    expect(typed).toContain('cat /var/run/reboot-required.pkgs')
    expect(skipped).not.toContain('sudo ufw allow 54723')

    // Back on each lesson page, every step is still 確認済み (checked again on the same machine).
    for (const lesson of stepLessons) {
      await openLesson(page, lesson.slug, lesson.title)
      for (const step of lesson.steps) await waitForVerified(page, step.id)
    }
    // The overview counts them too.
    await page.goto(siteUrl)
    for (const lesson of stepLessons) {
      const progress = page.locator(`.lesson-card[data-slug="${lesson.slug}"] .lesson-progress-text`)
      await expect.poll(() => progress.innerText()).toMatch(new RegExp(`^${lesson.steps.length} / ${lesson.steps.length}\\b`))
    }

    await openLesson(page, stepLessons.at(-1)!.slug, stepLessons.at(-1)!.title)
    const check = await runCommand(page, 'sudo check', { timeout: 30_000 })
    expect(joined(check)).toContain('すべての項目が完了しています')
    const summary = /(\d+) 項目: 完了 (\d+)・未完了 0・注意 0・未確認 0/.exec(joined(check))
    expect(summary, 'sudo check has no summary with nothing left').not.toBeNull()
    expect(summary![2]).toBe(summary![1])
    expect(joined(check).split('✔').length - 1).toBe(Number(summary![1]))

    await page.screenshot({ path: '/tmp/course-end.png' })
    await page.context().close()
  }, 420_000)

  it('locks the learner out with ufw, and lets them back in through the console', async () => {
    const page = await freshPage()
    const firewall = stepLessons.find((lesson) => lesson.slug === 'firewall') ?? stepLessons.at(-1)!
    await openLesson(page, firewall.slug, firewall.title)
    await expect(page.getByRole('tab').allInnerTexts()).resolves.toEqual(['サーバー (SSH)', '手元の PC'])

    await runCommand(page, 'sudo apt install ufw -y')
    await runCommand(page, 'sudo ufw default deny')
    await runCommand(page, 'sudo ufw allow 80')
    const enable = await runCommand(page, 'sudo ufw enable')
    expect(joined(enable)).toContain('Proceed with operation (y|n)? y')
    expect(joined(enable)).toContain('Firewall is active and enabled on system startup')
    // The page sees at once that no new SSH connection can get in: it says so and offers the
    // provider's console as a tab, without taking the keyboard from the open session.
    const notice = page.locator('.practice-lockout')
    const consoleTab = page.getByRole('tab', { name: 'コンソール' })
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true)
    await expect(notice.getAttribute('role')).resolves.toBe('alert')
    await expect(notice.innerText()).resolves.toContain('コンソール')
    await expect(consoleTab.isVisible()).resolves.toBe(true)
    await expect(consoleTab.getAttribute('aria-selected')).resolves.toBe('false')
    await expect(page.getByRole('tab', { name: 'サーバー (SSH)' }).getAttribute('aria-selected')).resolves.toBe('true')

    // The open SSH session lives on (conntrack): the server tab still answers.
    const still = await runCommand(page, 'sudo ufw status')
    expect(still).toMatch(/^Status: active$/m)
    expect(still).toMatch(/^80\s+ALLOW\s+Anywhere\s*$/m)
    expect(still).not.toMatch(/^22\b|^54723\b/m)

    // A new connection from the PC: ufw drops it, ssh gives up after its connect timeout.
    const started = Date.now()
    const attempt = await runCommand(page, `ssh student@${serverAddress}`, { kind: 'pc', timeout: 15_000 })
    expect(joined(attempt)).toContain(`ssh: connect to host ${serverAddress} port 22: Connection timed out`)
    expect(attempt.split('\n').at(-1)).toBe(pcPrompt)
    expect(Date.now() - started).toBeLessThan(15_000)
    // Still locked out, still offered the console.
    await expect(notice.isVisible()).resolves.toBe(true)
    await expect(consoleTab.isVisible()).resolves.toBe(true)

    await consoleTab.click()
    await expect(consoleTab.getAttribute('aria-selected')).resolves.toBe('true')
    await waitForTerminal(page, 'console')
    await expect(screenText(page, 'console')).resolves.toContain('webserver login: student')
    const rescue = await runCommand(page, 'sudo ufw allow 22/tcp', { kind: 'console', timeout: 20_000 })
    expect(rescue).toMatch(/^Rule added$/m)
    // The lockout is over: the notice goes, the console the learner is working in stays.
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0)
    await expect(page.getByRole('tab').allInnerTexts()).resolves.toEqual(['サーバー (SSH)', '手元の PC', 'コンソール'])
    await expect(consoleTab.getAttribute('aria-selected')).resolves.toBe('true')
    await expect(panel(page, 'console').isVisible()).resolves.toBe(true)
    await expect(screenText(page, 'console')).resolves.toMatch(/^Rule added$/m)

    // Back in from the PC.
    const login = await runCommand(page, `ssh student@${serverAddress}`, { kind: 'pc', timeout: 20_000 })
    expect(joined(login)).not.toMatch(/Connection timed out|Permission denied/)
    expect(login.split('\n').at(-1)).toBe(serverPrompt)
    await expect(panel(page, 'pc').isVisible()).resolves.toBe(true)
    await expect(notice.count()).resolves.toBe(0)
    await page.screenshot({ path: '/tmp/course-rescue.png' })
    await page.context().close()
  }, 180_000)
})
