/**
 * The lab as the test files use it: one call boots a fresh machine with the checker installed,
 * and the returned dispose always removes it. Stale machines of interrupted runs are removed
 * first (only those whose systemd is gone, so a machine started with `npm run lab` survives).
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { ensureBase } from './base.ts'
import { defaultRelease, type Release } from './config.ts'
import { cleanupRecords, isRunning, LabMachine, listMachines } from './machine.ts'
import { installChecker } from './support.ts'

/** A record written in the last two minutes may be a machine another test process is booting right now. */
function beingBooted(dir: string): boolean {
  try {
    return Date.now() - statSync(join(dir, 'machine.json')).mtimeMs < 120_000
  } catch {
    return false
  }
}

export async function removeStaleMachines(): Promise<void> {
  const stale = (await listMachines()).filter((record) => !isRunning(record) && !beingBooted(record.dir))
  await cleanupRecords(stale)
}

const live = new Set<LabMachine>()
let guarded = false

/**
 * If the test process is interrupted, afterAll never runs: kill the machines' systemd right
 * away (synchronously, so it happens even on exit). Their veths go with their namespaces; the
 * overlay folders left behind are removed by the next run's removeStaleMachines or `lab stop`.
 */
function guardInterrupts(): void {
  if (guarded) return
  guarded = true
  const killAll = (): void => {
    for (const machine of live) machine.killNow()
  }
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll()
      process.kill(process.pid, signal)
    })
  }
}

export interface Timings {
  baseMs: number
  bootMs: number
}

/** Boots a fresh copy of the learner's server of a release (building its cache first if needed). */
export async function bootLab(bundle: string | undefined, timings?: Partial<Timings>, release: Release = defaultRelease): Promise<LabMachine> {
  await removeStaleMachines()
  let started = Date.now()
  const base = await ensureBase((line) => console.log(`[lab] ${release}: ${line}`), release)
  if (timings) timings.baseMs = Date.now() - started
  started = Date.now()
  guardInterrupts()
  const machine = await LabMachine.boot(base)
  if (timings) timings.bootMs = Date.now() - started
  live.add(machine)
  machine.onDispose(() => live.delete(machine))
  if (bundle) await installChecker(machine, bundle)
  return machine
}
