/**
 * Learner situations as scripts, shared by the real lab and the practice machine: the lab records
 * what the checker says on a booted Debian 12 and Debian 13 after each
 * (test/fixtures/verdicts/debian12.json, debian13.json), and the practice machine, a Debian 12,
 * must say what Debian 12 says (test/sandbox/verdicts.test.ts). Each script runs as
 * root with `sh -e`, built from the lessons' own solve scripts where a step is done as taught.
 */
import { course } from '../../src/shared/course.ts'
import type { Lesson } from '../../src/shared/lesson/schema.ts'
import { recipes, type Release } from './config.ts'

const { sshPort, defaultSshPort } = course

export interface Scenario {
  id: string
  /** what the learner did, in words (English: test output) */
  title: string
  /** one or more `sh -e` scripts; `solve` gives a lesson step's own solve script */
  scripts(solve: (stepId: string) => string): string[]
}

/**
 * A lesson step's solve script by step id. An id no lesson has throws: scenarios and mistake tests
 * replay the lessons' own steps, so a renamed step must not quietly become an empty script.
 */
export function solverOf(lessons: readonly Lesson[]): (stepId: string) => string {
  const solves = new Map(lessons.flatMap((lesson) => lesson.steps.map((step) => [step.id, step.solve] as const)))
  return (stepId) => {
    const script = solves.get(stepId)
    if (script === undefined) throw new Error(`no lesson step ${stepId}: the lessons' own steps are replayed here`)
    return script
  }
}

export const scenarios: readonly Scenario[] = [
  { id: 'fresh', title: 'nothing done yet', scripts: () => [] },
  {
    id: 'course-done',
    title: 'every step as the lessons teach',
    scripts: (solve) => ['apply-updates', 'enable-auto-updates', 'edit-port', 'reload-sshd', 'install-ufw', 'configure-rules', 'enable-ufw'].map(solve),
  },
  {
    id: 'lockout',
    title: 'ufw enabled before 54723 is allowed',
    scripts: (solve) => [solve('edit-port'), solve('reload-sshd'), solve('install-ufw'), 'ufw default deny incoming\nufw allow 80\nufw --force enable'],
  },
  { id: 'not-reloaded', title: 'port changed in sshd_config, sshd not reloaded', scripts: (solve) => [solve('edit-port')] },
  {
    id: 'socket-activated',
    title: 'sshd socket-activated, port changed only in sshd_config',
    scripts: (solve) => ['systemctl disable --now ssh.service\nsystemctl enable --now ssh.socket', solve('edit-port')],
  },
  {
    id: 'periodic-off',
    title: 'unattended-upgrades installed, periodic settings 0',
    scripts: (solve) => [
      solve('enable-auto-updates'),
      `printf '%s\\n' 'APT::Periodic::Update-Package-Lists "0";' 'APT::Periodic::Unattended-Upgrade "0";' > /etc/apt/apt.conf.d/20auto-upgrades`,
    ],
  },
  {
    id: 'commented-port',
    title: '"#Port 54723" left commented out',
    scripts: () => [`sed -i -E 's/^#?Port .*/#Port ${sshPort}/' /etc/ssh/sshd_config\nsshd -t\nsystemctl reload ssh`],
  },
  {
    id: 'dropin-port-22',
    title: 'a drop-in in sshd_config.d says Port 22',
    scripts: (solve) => [solve('edit-port'), `printf 'Port ${defaultSshPort}\\n' > /etc/ssh/sshd_config.d/10-old.conf\nsshd -t\nsystemctl reload ssh`],
  },
  {
    id: 'ufw-service-only',
    title: '`systemctl enable ufw` instead of `ufw enable`',
    scripts: (solve) => [solve('install-ufw'), solve('configure-rules'), 'systemctl enable --now ufw'],
  },
]

/** The recorded verdicts: scenario id → check id → status, as `check --json` gave them as root. */
export type RecordedVerdicts = Record<string, Record<string, string>>

export const verdictsFixture = new URL('../fixtures/verdicts/debian12.json', import.meta.url).pathname

/** The recorded verdicts of one release: debian12.json, debian13.json. */
export function verdictsFixtureFor(release: Release): string {
  return new URL(`../fixtures/verdicts/debian${recipes[release].version}.json`, import.meta.url).pathname
}
