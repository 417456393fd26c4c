/**
 * Runs every probe at once and assembles Facts. A probe that throws (a bug, garbled output we did
 * not foresee) turns into unknown facts for its part instead of a crash; each probe's wall time is
 * kept for the benchmark. No `node:` import here or below (the practice machine runs these probes
 * in the browser): the hosts that touch a real disk, real-host.ts and fixture-host.ts, are imported
 * directly by the Node edge.
 */
import type { CheckId } from '../catalog.ts'
import { observedPackages, observedUnits, type Facts, type UnknownFact } from '../facts.ts'
import { partsFor, type FactPart } from '../rules/needs.ts'
import type { Host } from './host.ts'
import { probeApt } from './apt.ts'
import { probeHostInfo } from './host-info.ts'
import { probeListening } from './listening.ts'
import { probePackages } from './packages.ts'
import { probeRebootRequired } from './reboot.ts'
import { probeSshd } from './sshd.ts'
import { probeUfw } from './ufw.ts'
import { probeUnits } from './units.ts'
import { sharingRuns } from './shared-runs.ts'
import { errorMessage, notCheckedReason, unknown } from './_unknown.ts'

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

export interface CollectOptions {
  /**
   * The checks to be judged: only the probes their rules read run (checker/rules/needs.ts), the
   * other parts of Facts are `{ unknown: 'not checked' }`. Default: every check.
   */
  checks?: readonly CheckId[]
}

export type Wanted = ReadonlySet<FactPart>

export async function collectFacts(machine: Host, options: CollectOptions = {}): Promise<Observation> {
  // A fresh share per collection: `--watch` must see the system anew each cycle.
  const host = sharingRuns(machine)
  const want = partsFor(options.checks)
  const timings: ProbeTiming[] = []
  const observedAt = host.now().toISOString()
  const skipped = unknown(notCheckedReason)
  const all = <T>(keys: readonly string[], problem: T) => Object.fromEntries(keys.map((key) => [key, problem]))
  const wants = (...parts: FactPart[]) => parts.some((part) => want.has(part))
  const probe = <T>(name: string, needed: boolean, run: () => Promise<T>, onError: (problem: UnknownFact) => T): Promise<T> =>
    needed ? timed(name, timings, run, onError) : Promise.resolve(onError(skipped))
  // The probes that start programs go first, the slowest programs first: `ufw status` (Python,
  // about 90 ms on a small server, run only where ufw is installed), `apt-get -s upgrade` (the
  // slowest of all on a server with many packages), `sshd -T` (loads the host keys). Starting a
  // program holds the event loop for a few milliseconds, and a slow one started last would end
  // last (measured: `npm run lab -- bench`). The ones that only read files (host, listening: a
  // walk through /proc as root) then keep the event loop busy while the programs run.
  const [ufw, apt, sshd, packages, units, hostInfo, listening, rebootRequired] = await Promise.all([
    probe('ufw', wants('ufw.enabledInConfig', 'ufw.active', 'ufw.defaultIncoming', 'ufw.ipv6', 'ufw.rules'), () => probeUfw(host, want), (problem) => ({ enabledInConfig: problem, active: problem, defaultIncoming: problem, ipv6: problem, rules: problem })),
    probe('apt', wants('apt.periodic', 'apt.listsUpdatedAt', 'apt.pending'), () => probeApt(host, want), (problem) => ({ periodic: problem, listsUpdatedAt: problem, pending: problem })),
    probe('sshd', wants('sshd.configTest', 'sshd.configured', 'sshd.socketPorts', 'sshd.socketFollowsConfig'), () => probeSshd(host, want), (problem) => ({ configTest: problem, configured: problem, socketPorts: problem, socketFollowsConfig: problem })),
    probe('packages', wants('packages'), () => probePackages(host), (problem) => all(observedPackages, problem)),
    probe('units', wants('units'), () => probeUnits(host), (problem) => all(observedUnits, problem)),
    timed('host', timings, () => probeHostInfo(host), () => ({ hostname: 'unknown', os: 'unknown' })),
    probe('listening', wants('listening'), () => probeListening(host), (problem) => problem),
    probe('reboot', wants('rebootRequired'), () => probeRebootRequired(host), (problem) => problem),
  ])
  const facts: Facts = { root: host.root, host: hostInfo, observedAt, listening, sshd, ufw, packages, units, apt, rebootRequired }
  return { facts, timings }
}
