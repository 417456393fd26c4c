/**
 * Runs every probe at once and assembles Facts. A probe that throws (a bug, garbled output we did
 * not foresee) turns into unknown facts for its part instead of a crash; each probe's wall time is
 * kept for the benchmark. No `node:` import here or below (the practice machine runs these probes
 * in the browser): the hosts that touch a real disk, real-host.ts and fixture-host.ts, are imported
 * directly by the Node edge.
 */
import { observedPackages, observedUnits, type Facts, type UnknownFact } from '../facts.ts'
import type { Host } from './host.ts'
import { probeApt } from './apt.ts'
import { probeHostInfo } from './host-info.ts'
import { probeListening } from './listening.ts'
import { probePackages } from './packages.ts'
import { probeRebootRequired } from './reboot.ts'
import { probeSshd } from './sshd.ts'
import { probeUfw } from './ufw.ts'
import { probeUnits } from './units.ts'
import { errorMessage, unknown } from './_unknown.ts'

export type { Host, RunResult } from './host.ts'

export interface ProbeTiming {
  probe: string
  ms: number
}

export interface Observation {
  facts: Facts
  timings: ProbeTiming[]
}

async function timed<T>(name: string, timings: ProbeTiming[], run: () => Promise<T>, onError: (problem: UnknownFact) => T): Promise<T> {
  const start = performance.now()
  try {
    return await run()
  } catch (error) {
    return onError(unknown(`probe ${name} failed: ${errorMessage(error)}`))
  } finally {
    timings.push({ probe: name, ms: performance.now() - start })
  }
}

export async function collectFacts(host: Host): Promise<Observation> {
  const timings: ProbeTiming[] = []
  const observedAt = host.now().toISOString()
  const all = <T>(keys: readonly string[], problem: T) => Object.fromEntries(keys.map((key) => [key, problem]))
  const [hostInfo, listening, sshd, ufw, packages, units, apt, rebootRequired] = await Promise.all([
    timed('host', timings, () => probeHostInfo(host), () => ({ hostname: 'unknown', os: 'unknown' })),
    timed('listening', timings, () => probeListening(host), (problem) => problem),
    timed('sshd', timings, () => probeSshd(host), (problem) => ({ configTest: problem, configured: problem, socketPorts: problem, socketFollowsConfig: problem })),
    timed('ufw', timings, () => probeUfw(host), (problem) => ({ enabledInConfig: problem, active: problem, defaultIncoming: problem, ipv6: problem, rules: problem })),
    timed('packages', timings, () => probePackages(host), (problem) => all(observedPackages, problem)),
    timed('units', timings, () => probeUnits(host), (problem) => all(observedUnits, problem)),
    timed('apt', timings, () => probeApt(host), (problem) => ({ periodic: problem, listsUpdatedAt: problem, pending: problem })),
    timed('reboot', timings, () => probeRebootRequired(host), (problem) => problem),
  ])
  const facts: Facts = { root: host.root, host: hostInfo, observedAt, listening, sshd, ufw, packages, units, apt, rebootRequired }
  return { facts, timings }
}
