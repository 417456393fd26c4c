/** Reports built from recorded hosts, with time and duration pinned so snapshots are stable. */
import { checkIds } from '../../checker/catalog.ts'
import { createFixtureHost } from '../../checker/probes/fixture-host.ts'
import { collectFacts } from '../../checker/probes/index.ts'
import { buildReport, type Lang, type Report } from '../../checker/report/index.ts'
import { evaluate } from '../../checker/rules/index.ts'
import { course } from '../../src/shared/course.ts'
import { hostFixture } from './_paths.ts'

export async function fixtureReport(name: string, lang: Lang = 'ja'): Promise<Report> {
  const { facts } = await collectFacts(createFixtureHost(hostFixture(name), { timeoutMs: 5000 }))
  const results = evaluate(facts, course, checkIds)
  return buildReport({ facts, results, settings: course, lang, version: '0.0.0-test', startedAt: new Date('2026-11-20T10:00:00.000Z'), durationMs: 42 })
}

/** Replace what changes from run to run (times, durations, versions, this checkout's path). */
export function normalise(text: string, root: string): string {
  return text
    .split(root)
    .join('<root>')
    .replace(/"startedAt": "[^"]+"/g, '"startedAt": "<time>"')
    .replace(/"durationMs": \d+/g, '"durationMs": <ms>')
    .replace(/secure-course-check \d+\.\d+\.\d+\S*/g, 'secure-course-check <version>')
}
