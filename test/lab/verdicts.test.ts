/**
 * What the checker says on a real Debian 12 and Debian 13 after each learner situation of
 * scenarios.ts, kept as fixtures (debian12.json, debian13.json); the practice machine is held to
 * Debian 12's without the lab (test/sandbox/verdicts.test.ts). Here the fixture is held to the real system: a Debian point
 * release or a checker change that moves a verdict fails this test; re-record on purpose with
 * `RECORD_VERDICTS=1 npm run test:lab -- verdicts`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { recipes, testedReleases, type Release } from './config.ts'
import type { LabMachine } from './machine.ts'
import { scenarios, solverOf, verdictsFixtureFor, type RecordedVerdicts } from './scenarios.ts'
import { bootLab } from './session.ts'
import { describeResults, ensureCheckerBundle, labSkipReason, runCheck } from './support.ts'

const skipReason = labSkipReason()
const checker = skipReason ? {} : await ensureCheckerBundle()
const reason = skipReason ?? checker.reason
if (reason) console.warn(`[lab] verdict recording skipped: ${reason}`)

const recording = process.env.RECORD_VERDICTS === '1'
const solve = solverOf(reason ? [] : await loadLessons())

const releaseCases = testedReleases().map((release) => [recipes[release].label, release] as const)

;(reason ? describe.skip : describe).each(releaseCases)(`checker verdicts per learner situation on a real %s${reason ? ` (skipped: ${reason})` : ''}`, (_label: string, release: Release) => {
  const fixture = verdictsFixtureFor(release)
  const recorded: RecordedVerdicts = existsSync(fixture) ? (JSON.parse(readFileSync(fixture, 'utf8')) as RecordedVerdicts) : {}
  let machine: LabMachine | undefined

  afterEach(async () => {
    await machine?.dispose()
    machine = undefined
  })

  afterAll(() => {
    if (recording) writeFileSync(fixture, `${JSON.stringify(recorded, null, 2)}\n`)
  })

  it.each(scenarios.map((scenario) => [scenario.id, scenario] as const))('%s', async (_id, scenario) => {
    machine = await bootLab(checker.bundle, undefined, release)
    for (const script of scenario.scripts(solve)) {
      const result = await machine.exec('sh -e', { input: script, timeoutMs: 300_000, allowFail: true })
      expect(result.code, `script failed:\n${script}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`).toBe(0)
    }
    const { results } = await runCheck(machine, [], { extra: ['--lang', 'en'] })
    const statuses = Object.fromEntries(results.map((result) => [result.id, result.status]))
    if (recording) {
      recorded[scenario.id] = statuses
      return
    }
    expect(recorded[scenario.id], `no recorded verdicts for ${scenario.id}: record with RECORD_VERDICTS=1`).toBeDefined()
    expect(statuses, describeResults(results)).toEqual(recorded[scenario.id])
  })
})
