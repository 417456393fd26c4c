/**
 * `npm run lab -- bench [--release trixie] [--runs N]`: bench:checker inside a booted machine of a
 * release, where `apt-get -s upgrade` really runs against a real dpkg database. Prints figures,
 * asserts nothing:
 *   - test/bench/checker.ts itself, bundled for the machine's own nodejs: every probe's median,
 *     the whole check against its slowest probe (the "whole / slowest ≤ 1.2");
 *   - from the shell: `check --json` as a learner runs it (node's start included) against
 *     `apt-get -s upgrade` alone.
 * Each in three states: a fresh server (lists months old, nothing to plan), an update pending
 * after `apt update` (apt plans an upgrade), and the course done as the lessons teach (ufw
 * installed and running, so `ufw status`, a Python program, runs too).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadLessons } from '../../src/node/lessons.ts'
import { ensureBase } from './base.ts'
import type { Release } from './config.ts'
import { LabMachine } from './machine.ts'
import { scenarios, solverOf } from './scenarios.ts'
import { median } from '../bench/_median.ts'
import { bundleForMachine, ensureCheckerBundle, installChecker, repoRoot } from './support.ts'

const guestBench = '/usr/local/lib/secure-course/bench-checker.mjs'

async function bundleBench(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'course-lab-bench-'))
  return bundleForMachine(`${repoRoot}test/bench/checker.ts`, join(dir, 'bench-checker.mjs'))
}

/** Median wall time in ms of a shell command inside the machine, timed inside (no nsenter cost). */
async function timeInside(machine: LabMachine, command: string, runs: number): Promise<number> {
  const script = `for i in $(seq ${runs}); do s=$(date +%s%N); ${command} >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000 )); done`
  const { stdout } = await machine.exec(script, { timeoutMs: runs * 120_000 })
  return median(stdout.trim().split('\n').map((line) => Number(line) / 1000))
}

async function benchState(machine: LabMachine, state: string, runs: number, log: (line: string) => void): Promise<void> {
  log(`── ${machine.release}, ${state}`)
  const bench = await machine.exec(`node ${guestBench} --runs ${runs} --timeout 60`, { timeoutMs: runs * 120_000, allowFail: true })
  for (const line of (bench.stdout + bench.stderr).trim().split('\n')) log(`  bench:checker │ ${line}`)
  // One warm-up each, so both read a warm page cache.
  await timeInside(machine, 'apt-get -s -o Dir::Log::Planner= upgrade', 1)
  const apt = await timeInside(machine, 'apt-get -s -o Dir::Log::Planner= -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= upgrade', runs)
  const node = await timeInside(machine, 'node -e 0', runs)
  const check = await timeInside(machine, 'check --json', runs)
  log(`  shell │ apt-get -s upgrade alone:      ${apt.toFixed(0)} ms (median of ${runs})`)
  log(`  shell │ node -e 0 (start of nodejs):   ${node.toFixed(0)} ms`)
  log(`  shell │ check --json, whole command:   ${check.toFixed(0)} ms`)
  log(`  shell │ check / apt-get -s upgrade:    ${(check / apt).toFixed(2)}`)
}

async function applyScenario(machine: LabMachine, id: string): Promise<void> {
  const scenario = scenarios.find((candidate) => candidate.id === id)
  if (!scenario) throw new Error(`no scenario ${id}`)
  for (const script of scenario.scripts(solverOf(await loadLessons()))) {
    const result = await machine.exec('sh -e', { input: script, timeoutMs: 300_000, allowFail: true })
    if (result.code !== 0) throw new Error(`scenario ${id} failed:\n${script}\n${result.stderr.slice(-2000)}`)
  }
}

export async function benchInLab(release: Release, { runs = 7, log = console.log }: { runs?: number; log?: (line: string) => void } = {}): Promise<void> {
  const { bundle, reason } = await ensureCheckerBundle()
  if (!bundle) throw new Error(`no checker to bench: ${reason}`)
  const benchFile = await bundleBench()
  const machine = await LabMachine.boot(await ensureBase(log, release))
  try {
    await installChecker(machine, bundle)
    await machine.copyIn(await readFile(benchFile), guestBench)
    const cpus = await machine.exec('nproc')
    log(`${machine.name} (${release}), ${cpus.stdout.trim()} CPUs, ${runs} runs each`)
    await benchState(machine, 'fresh server (nothing to plan)', runs, log)
    await machine.exec('apt-get update -q', { timeoutMs: 120_000 })
    await benchState(machine, 'update pending after apt update (apt plans an upgrade)', runs, log)
    await applyScenario(machine, 'course-done')
    await benchState(machine, 'course done as the lessons teach (ufw running)', runs, log)
  } finally {
    await machine.dispose()
    await rm(join(benchFile, '..'), { recursive: true, force: true })
  }
}
