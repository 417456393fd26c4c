/**
 * Differential test: each learner situation of the lab (test/lab/scenarios.ts) replayed on the
 * practice machine must get the same status for every check as the real Debian 12 did
 * (test/fixtures/verdicts/debian12.json, recorded by test/lab/verdicts.test.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { scenarios, solverOf, verdictsFixture, type RecordedVerdicts } from '../lab/scenarios.ts'
import { newPractice, runAsRoot } from './_practice.ts'

const recorded = JSON.parse(readFileSync(verdictsFixture, 'utf8')) as RecordedVerdicts
const solve = solverOf(await loadLessons())

describe('the practice machine judges each learner situation as the real Debian 12 did', () => {
  it('has a recording for every scenario', () => {
    expect(Object.keys(recorded).sort()).toEqual(scenarios.map((scenario) => scenario.id).sort())
  })

  it.each(scenarios.map((scenario) => [scenario.id, scenario] as const))('%s', async (id, scenario) => {
    const practice = newPractice()
    for (const script of scenario.scripts(solve)) await runAsRoot(practice, script)
    const { statuses } = await practice.verify()
    expect(statuses).toEqual(recorded[id])
  })
})
