/**
 * `npm run bench:checker`: how long a whole check takes on this machine and how long its slowest
 * probe takes. Probes run concurrently, so the whole should stay near the slowest probe
 * (target: whole ≤ 1.2 × slowest). Prints figures; asserts nothing.
 *   npm run bench:checker -- [--runs N] [--timeout SECONDS] [--fixture-root DIR]
 * Also prints a timeline of the commands the probes start (median offsets from the start of the
 * check): when each was started, how long starting it held the event loop, when it answered. The
 * gap between the slowest probe and the whole is in there.
 */
import { parseArgs } from 'node:util'
import { checkIds } from '../../checker/catalog.ts'
import { createFixtureHost } from '../../checker/probes/fixture-host.ts'
import type { Host } from '../../checker/probes/host.ts'
import { collectFacts } from '../../checker/probes/index.ts'
import { createRealHost } from '../../checker/probes/real-host.ts'
import { buildReport } from '../../checker/report/index.ts'
import { evaluate } from '../../checker/rules/index.ts'
import { course } from '../../src/shared/course.ts'
import { median } from './_median.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, timeout: { type: 'string', default: '5' }, 'fixture-root': { type: 'string' } } })
const runs = Number(values.runs)
const timeoutMs = Number(values.timeout) * 1000
const fixtureRoot = values['fixture-root']
const inner = fixtureRoot ? createFixtureHost(fixtureRoot, { timeoutMs }) : createRealHost({ timeoutMs })

/** Every command of one run: offsets in ms from the start of that run. */
interface CommandTime {
  command: string
  start: number
  spawned: number
  answered: number
}
let runStart = 0
let commands: CommandTime[] = []
const host: Host = {
  ...inner,
  run(command, args, options) {
    const start = performance.now() - runStart
    const answer = inner.run(command, args, options)
    const entry: CommandTime = { command: [command, ...args].join(' ').slice(0, 30), start, spawned: performance.now() - runStart, answered: 0 }
    commands.push(entry)
    return answer.finally(() => {
      entry.answered = performance.now() - runStart
    })
  },
}

const push = <K>(map: Map<K, number[]>, key: K, value: number) => map.set(key, [...(map.get(key) ?? []), value])

const wholes: number[] = []
const collects: number[] = []
const synchronous: number[] = []
const slowest: number[] = []
const perProbe = new Map<string, number[]>()
const perCommand = new Map<string, Map<keyof Omit<CommandTime, 'command'>, number[]>>()
for (let run = 0; run < runs; run++) {
  commands = []
  runStart = performance.now()
  const pending = collectFacts(host)
  // Everything up to the first wait runs at once (starting programs, reading files): until then
  // no answer of any program can be taken in.
  synchronous.push(performance.now() - runStart)
  const { facts, timings } = await pending
  collects.push(performance.now() - runStart)
  const results = evaluate(facts, course, checkIds)
  buildReport({ facts, results, settings: course, lang: 'ja', version: 'bench', startedAt: new Date(), durationMs: 0 })
  wholes.push(performance.now() - runStart)
  slowest.push(Math.max(...timings.map((timing) => timing.ms)))
  for (const timing of timings) push(perProbe, timing.probe, timing.ms)
  for (const { command, ...times } of commands) {
    const byField = perCommand.get(command) ?? new Map()
    for (const [field, ms] of Object.entries(times) as [keyof typeof times, number][]) push(byField, field, ms)
    perCommand.set(command, byField)
  }
}

const whole = median(wholes)
const slow = median(slowest)
const format = (ms: number) => `${ms.toFixed(0)} ms`
const at = (ms: number) => ms.toFixed(1).padStart(6)
console.log(`check benchmark: ${runs} runs on ${fixtureRoot ?? 'this machine'} (timeout ${timeoutMs / 1000} s)`)
for (const [probe, times] of [...perProbe].sort((a, b) => median(b[1]) - median(a[1]))) console.log(`  probe ${probe.padEnd(10)} median ${format(median(times))}`)
console.log('  commands (median ms from the start): started  spawned  answered')
for (const [command, fields] of perCommand) {
  const of = (field: keyof Omit<CommandTime, 'command'>) => median(fields.get(field) ?? [])
  console.log(`    ${command.padEnd(30)} ${at(of('start'))}   ${at(of('spawned'))}   ${at(of('answered'))}`)
}
console.log(`median event loop held until: ${format(median(synchronous))} (starting programs, reading files)`)
console.log(`median facts collected: ${format(median(collects))} (evaluate and report take the rest)`)
console.log(`median whole check:   ${format(whole)}`)
console.log(`median slowest probe: ${format(slow)}`)
console.log(`whole / slowest:      ${(whole / slow).toFixed(2)} (target ≤ 1.20)`)
