/**
 * Golden transcripts: every lesson command run by the learner (through sudo, in a terminal) on a
 * fresh lab machine, in course order, normalised, one JSON file per lesson: Debian 12's in
 * test/fixtures/transcripts/ (where the practice machine's tests read them), Debian 13's in
 * test/fixtures/transcripts/trixie/. `npm run lab -- record [--release trixie]` re-records them.
 *
 * Not every command can run unattended: editors are replaced by the step's solve script (which
 * makes the same edit), and commands that lessons show only for another situation (inside a
 * `:::` aside) run only when they change nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { release } from 'node:os'
import { fileURLToPath } from 'node:url'
import { loadLessons } from '../../src/node/lessons.ts'
import type { Lesson, Step } from '../../src/shared/lesson/index.ts'
import { defaultRelease, hostName, recipes, type Release } from './config.ts'
import type { LabMachine } from './machine.ts'
import { normaliseTranscript } from './normalise.ts'
import { bootLab } from './session.ts'
import { ensureCheckerBundle, runCheck, type CheckResult } from './support.ts'

/** Debian 12's transcripts, the ones the practice machine (a Debian 12) is held to. */
export const transcriptsDir = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url))

/** Where a release's transcripts live: bookworm in transcriptsDir, any other release in a folder of its name. */
export function transcriptsDirFor(release: Release): string {
  return release === 'bookworm' ? transcriptsDir : `${transcriptsDir}${release}/`
}

export type Entry =
  | { command: string; ran: true; exitCode: number; output: string; aside?: true }
  | { command: string; ran: false; why: string; aside?: true }

export interface StepTranscript {
  id: string
  entries: Entry[]
  /** The step's checks after the learner's commands (absent when no checker was available). */
  checks?: Array<Pick<CheckResult, 'id' | 'status'>>
}

export interface LessonTranscript {
  lesson: string
  recordedOn: string
  user: string
  intro: Entry[]
  steps: StepTranscript[]
}

/**
 * For each of `commands` (a step's, as the lesson parser lists them: every line of the body's
 * ```sh blocks, in order), whether it stands inside a `::: caution|tip|info|details` aside. Decided
 * by position, not by text, so the same command may appear in the main flow and again in an
 * aside. Throws when the body's lines and the list do not line up.
 */
export function asideFlags(commands: readonly string[], markdown: string): boolean[] {
  const lines: { command: string; aside: boolean }[] = []
  let depth = 0
  let fence: string | undefined
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim()
    if (fence !== undefined) {
      if (/^```\s*$/.test(trimmed)) fence = undefined
      else if (fence === 'sh' && trimmed) lines.push({ command: trimmed, aside: depth > 0 })
      continue
    }
    const open = /^```(.*)$/.exec(trimmed)
    if (open) fence = open[1]!.trim()
    else if (/^:::\s*\S/.test(trimmed)) depth++
    else if (/^:::\s*$/.test(trimmed) && depth > 0) depth--
  }
  const at = lines.findIndex((line, index) => line.command !== commands[index])
  if (at >= 0 || lines.length !== commands.length) {
    const index = at >= 0 ? at : Math.min(lines.length, commands.length)
    throw new Error(`the body's ${index + 1}. command is "${lines[index]?.command ?? '(none)'}", the step lists "${commands[index] ?? '(none)'}"`)
  }
  return lines.map((line) => line.aside)
}

export type Plan = { run: true } | { run: false; why: string } | { run: 'solve' }

const editor = /^(sudo )?(nano|vi|vim|emacs|editor)\b/
const interactive: Array<[RegExp, string]> = [
  [/^(sudo )?(reboot|shutdown|poweroff|halt)\b/, 'restarts the server'],
  [/^(sudo )?dpkg-reconfigure\b/, 'asks questions in a dialog'],
  [/^(ssh|scp|sftp)\b/, 'runs on the learner\'s own computer'],
  [/[^\x00-\x7f]|<[^>]+>/, 'has a placeholder to fill in'],
]
/** Shown-for-another-situation commands that are safe to run because they only look. */
const looksOnly = [
  /^(sudo )?(cat|ls|grep|ss|apt-cache|apt list|journalctl)\b/,
  /^(sudo )?systemctl (list-timers|is-enabled|is-active|status)\b/,
  /^(sudo )?ufw (status|show)\b/,
  /^(sudo )?sshd -[tTG]\b/,
  /^(sudo )?unattended-upgrade --dry-run\b/,
]

export function planCommand(command: string, aside: boolean): Plan {
  if (editor.test(command)) return aside ? { run: false, why: 'an editor, shown for another situation' } : { run: 'solve' }
  for (const [pattern, why] of interactive) if (pattern.test(command)) return { run: false, why }
  if (aside && !looksOnly.some((pattern) => pattern.test(command))) {
    return { run: false, why: 'shown for another situation and changes the server' }
  }
  return { run: true }
}

/**
 * Runs one command as the learner in a terminal (script(1) gives it a pty, 80×24). systemctl's
 * pager is off: with the output fitting one screen a learner sees no pager either.
 */
async function runAsLearner(machine: LabMachine, command: string, addresses: string[]): Promise<Entry> {
  const quoted = `'${`stty cols 80 rows 24 -echoctl 2>/dev/null; ${command}`.replace(/'/g, `'\\''`)}'`
  const result = await machine.exec(`TERM=xterm-256color SYSTEMD_PAGER= script -qefc ${quoted} /dev/null`, { user: 'learner', allowFail: true, timeoutMs: 300_000 })
  return { command, ran: true, exitCode: result.code, output: normaliseTranscript(result.stdout + result.stderr, { hostName, addresses, kernel: release() }) }
}

async function solve(machine: LabMachine, step: Step): Promise<void> {
  await machine.exec('sh -e', { input: step.solve, timeoutMs: 300_000 })
}

async function recordStep(machine: LabMachine, step: Step, addresses: string[], withChecker: boolean): Promise<StepTranscript> {
  const asides = asideFlags(step.commands, step.body)
  const entries: Entry[] = []
  for (const [index, command] of step.commands.entries()) {
    const aside = asides[index]!
    const plan = planCommand(command, aside)
    const mark = aside ? { aside: true as const } : {}
    if (plan.run === 'solve') {
      await solve(machine, step)
      entries.push({ command, ran: false, why: 'an editor: the lab made the same edit with the step\'s solve script', ...mark })
    } else if (plan.run) {
      entries.push({ ...(await runAsLearner(machine, command, addresses)), ...mark })
    } else {
      entries.push({ command, ran: false, why: plan.why, ...mark })
    }
  }
  if (!withChecker) return { id: step.id, entries }
  const { results } = await runCheck(machine, step.checks)
  return { id: step.id, entries, checks: results.map(({ id, status }) => ({ id, status })) }
}

/** Equal up to line order and runs of spaces (ss lists sockets in hash order; columns vary). */
export function sameOutput(a: string, b: string): boolean {
  const lines = (text: string): string => text.split('\n').map((line) => line.replace(/ +/g, ' ').trim()).sort().join('\n')
  return a === b || lines(a) === lines(b)
}

/** Records every steps lesson on one fresh machine; returns the transcripts (written when `write`). */
export async function recordTranscripts(log: (line: string) => void = () => {}, { write = true, release = defaultRelease }: { write?: boolean; release?: Release } = {}): Promise<LessonTranscript[]> {
  const lessons: Lesson[] = (await loadLessons()).filter((lesson) => lesson.kind === 'steps')
  const { bundle, reason } = await ensureCheckerBundle()
  if (reason) log(`recording without step verdicts: ${reason}`)
  const machine = await bootLab(bundle, undefined, release)
  const addresses = [machine.guestAddress, machine.hostAddress]
  const transcripts: LessonTranscript[] = []
  try {
    for (const lesson of lessons) {
      log(`recording ${lesson.slug}`)
      const intro: Entry[] = []
      for (const command of lesson.introCommands) {
        const plan = planCommand(command, false)
        intro.push(plan.run === true ? await runAsLearner(machine, command, addresses) : { command, ran: false, why: plan.run ? 'editor' : plan.why })
      }
      const steps: StepTranscript[] = []
      for (const step of lesson.steps) steps.push(await recordStep(machine, step, addresses, !!bundle))
      transcripts.push({ lesson: lesson.slug, recordedOn: `${recipes[release].label}, secure-course lab`, user: 'learner (sudo)', intro, steps })
    }
  } finally {
    await machine.dispose()
  }
  if (write) {
    const dir = transcriptsDirFor(release)
    await mkdir(dir, { recursive: true })
    for (const transcript of transcripts) {
      await writeFile(`${dir}${transcript.lesson}.json`, `${JSON.stringify(transcript, null, 2)}\n`)
    }
    log(`wrote ${transcripts.length} transcripts to ${dir}`)
  }
  return transcripts
}
