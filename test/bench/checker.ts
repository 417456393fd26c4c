/**
 * `npm run bench:checker`: how long a whole check takes on this machine and how long its slowest
 * probe takes. Probes run concurrently, so the whole should stay near the slowest probe
 * (target: whole ≤ 1.2 × slowest). Prints figures; asserts nothing.
 *   npm run bench:checker -- [--runs N] [--timeout SECONDS] [--fixture-root DIR]
 */
import { parseArgs } from 'node:util'
import { checkIds } from '../../checker/catalog.ts'
import { createFixtureHost } from '../../checker/probes/fixture-host.ts'
import { collectFacts } from '../../checker/probes/index.ts'
import { createRealHost } from '../../checker/probes/real-host.ts'
import { buildReport } from '../../checker/report/index.ts'
import { evaluate } from '../../checker/rules/index.ts'
import { course } from '../../src/shared/course.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, timeout: { type: 'string', default: '5' }, 'fixture-root': { type: 'string' } } })
const runs = Number(values.runs)
const timeoutMs = Number(values.timeout) * 1000
const fixtureRoot = values['fixture-root']
const host = fixtureRoot ? createFixtureHost(fixtureRoot, { timeoutMs }) : createRealHost({ timeoutMs })

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const wholes: number[] = []
const slowest: number[] = []
const perProbe = new Map<string, number[]>()
for (let run = 0; run < runs; run++) {
  const start = performance.now()
  const { facts, timings } = await collectFacts(host)
  const results = evaluate(facts, course, checkIds)
  buildReport({ facts, results, settings: course, lang: 'ja', version: 'bench', startedAt: new Date(), durationMs: 0 })
  wholes.push(performance.now() - start)
  slowest.push(Math.max(...timings.map((timing) => timing.ms)))
  for (const timing of timings) perProbe.set(timing.probe, [...(perProbe.get(timing.probe) ?? []), timing.ms])
}

const whole = median(wholes)
const slow = median(slowest)
const format = (ms: number) => `${ms.toFixed(0)} ms`
console.log(`check benchmark: ${runs} runs on ${fixtureRoot ?? 'this machine'} (timeout ${timeoutMs / 1000} s)`)
for (const [probe, times] of [...perProbe].sort((a, b) => median(b[1]) - median(a[1]))) console.log(`  probe ${probe.padEnd(10)} median ${format(median(times))}`)
console.log(`median whole check:   ${format(whole)}`)
console.log(`median slowest probe: ${format(slow)}`)
console.log(`whole / slowest:      ${(whole / slow).toFixed(2)} (target ≤ 1.20)`)
