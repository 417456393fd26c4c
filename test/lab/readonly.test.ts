/**
 * Issue 8: `check` changes nothing anywhere in the root file system, as root and as the learner,
 * on each release. The fingerprint is the machine's overlay upper directory (state.ts): every
 * path the machine created, changed or deleted since boot, /var/log, /var/cache, /root and /home
 * included; /proc, /sys, /dev, /run and /tmp left out. Proven on a fresh server (lists months
 * old, nothing to plan) and with an update pending after `apt update`, the state in which apt
 * plans an upgrade (and, unless told `-o Dir::Log::Planner=`, writes /var/log/apt/eipp.log.xz).
 * steps.test.ts proves the same before and after the whole course. First the fingerprint itself
 * is shown to see what it must see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recipes, testedReleases, type Release } from './config.ts'
import type { LabMachine } from './machine.ts'
import { bootLab } from './session.ts'
import { checkChanges, stateDigest } from './state.ts'
import { ensureCheckerBundle, labSkipReason, runCheck } from './support.ts'

const skipReason = labSkipReason()
const checker = skipReason ? {} : await ensureCheckerBundle()
const reason = skipReason ?? checker.reason
if (reason) console.warn(`[lab] read-only proof skipped: ${reason}`)

const releaseCases = testedReleases().map((release) => [recipes[release].label, release] as const)

;(reason ? describe.skip : describe).each(releaseCases)(`check changes nothing in the root file system of a real %s${reason ? ` (skipped: ${reason})` : ''}`, (_label: string, release: Release) => {
  let machine: LabMachine

  beforeAll(async () => {
    machine = await bootLab(checker.bundle, undefined, release)
  })

  afterAll(async () => {
    await machine?.dispose()
  })

  it('the fingerprint sees changes in /var/log, /var/cache, /root and /home, a file deleted and recreated the same, and leaves /tmp and /run out', async () => {
    // Made first, so that recreating it below keeps its content, mode and mtime.
    await machine.exec('printf x > /var/log/apt/lab-probe && touch -d "2026-01-01 00:00:00 UTC" /var/log/apt/lab-probe && sleep 0.05')
    const before = await stateDigest(machine)
    await machine.exec([
      'cp -p /var/log/apt/lab-probe /var/log/apt/lab-probe.new && mv /var/log/apt/lab-probe.new /var/log/apt/lab-probe',
      'touch /var/cache/lab-probe /root/.lab-probe /tmp/lab-probe /run/lab-probe',
      'install -o learner -g learner /dev/null /home/learner/.lab-probe',
    ].join('\n'))
    const changed = (await stateDigest(machine)).changes(before).map((line) => line.slice(0, line.indexOf(': ')))
    expect(changed).toEqual(expect.arrayContaining(['/var/log/apt/lab-probe', '/var/cache/lab-probe', '/root/.lab-probe', '/home/learner/.lab-probe']))
    expect(changed.filter((path) => /^\/(tmp|run)\//.test(path))).toEqual([])
    await machine.exec('rm -f /var/log/apt/lab-probe /var/cache/lab-probe /root/.lab-probe /home/learner/.lab-probe /tmp/lab-probe /run/lab-probe')
  })

  it('a fresh server: lists months old, nothing to plan', async () => {
    const changed = await checkChanges(machine, (m, user) => runCheck(m, [], { user }))
    expect(changed.root, 'check as root changed these').toEqual([])
    expect(changed.learner, 'check as the learner changed these').toEqual([])
  })

  it('an update pending after `apt update`: apt plans an upgrade', async () => {
    await machine.exec('apt-get update -q', { timeoutMs: 120_000 })
    const pending = await machine.exec('apt-get -s -o Dir::Log::Planner= upgrade')
    expect(pending.stdout, 'the lab\'s pending update').toMatch(/^Inst course-welcome /m)
    const changed = await checkChanges(machine, (m, user) => runCheck(m, [], { user }))
    expect(changed.root, 'check as root changed these').toEqual([])
    expect(changed.learner, 'check as the learner changed these').toEqual([])
  })
})
