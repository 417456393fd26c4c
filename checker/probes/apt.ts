/**
 * apt: the merged APT::Periodic settings, when the package lists were last refreshed, and what
 * `apt-get -s upgrade` would do. Never `apt` (unstable CLI off a terminal) and never a real update.
 */
import type { Facts } from '../facts.ts'
import { parseAptPeriodic } from '../parsers/apt-config.ts'
import { parseAptSimulate } from '../parsers/apt-simulate.ts'
import type { Host } from './host.ts'
import { commandProblem, notCheckedReason, unknown } from './_unknown.ts'
import type { FactPart } from '../rules/needs.ts'
import { timeouts } from './timeouts.ts'

const listsDir = '/var/lib/apt/lists'
/** Written by apt.systemd.daily (Debian) and Ubuntu's update-notifier hook after a refresh. */
const stampFiles = ['/var/lib/apt/periodic/update-success-stamp', '/var/lib/apt/periodic/update-stamp']

/**
 * Keep apt from writing while simulating: the checker writes nothing. No binary caches
 * (pkgcache.bin; apt builds the cache in memory instead), and no planner log: as root,
 * `apt-get -s` rewrites /var/log/apt/eipp.log.xz unless Dir::Log::Planner is empty (apt 2.6,
 * Debian 12: seen on a simulated install, and not with the option).
 */
export const aptSimulateArgs = ['-s', '-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache=', '-o', 'Dir::Log::Planner=', 'upgrade'] as const

/** `want`: the parts to observe (checker/rules/needs.ts); the others are 'not checked'. Default: all. */
export async function probeApt(host: Host, want?: ReadonlySet<FactPart>): Promise<Facts['apt']> {
  const wanted = (part: FactPart) => want === undefined || want.has(part)
  const skipped = unknown(notCheckedReason)
  // apt-get first: it is the slowest command the checker starts, so it starts before the others.
  const [pending, periodic] = await Promise.all([
    wanted('apt.pending') ? probePending(host) : skipped,
    wanted('apt.periodic') ? probePeriodic(host) : skipped,
  ])
  return { periodic, listsUpdatedAt: wanted('apt.listsUpdatedAt') ? probeListsUpdatedAt(host) : skipped, pending }
}

async function probePeriodic(host: Host): Promise<Facts['apt']['periodic']> {
  const result = await host.run('apt-config', ['dump'], { timeoutMs: timeouts.apt })
  if (!result.ok || result.code !== 0) return commandProblem('apt-config dump', result)
  return parseAptPeriodic(result.stdout) ?? unknown('apt-config dump: unexpected output')
}

async function probePending(host: Host): Promise<Facts['apt']['pending']> {
  const result = await host.run('apt-get', aptSimulateArgs, { timeoutMs: timeouts.apt })
  if (!result.ok || result.code !== 0) return commandProblem('apt-get -s upgrade', result)
  return parseAptSimulate(result.stdout) ?? unknown('apt-get -s upgrade: unexpected output')
}

/**
 * apt gives each list file the mirror's Last-Modified time and a manual `apt update` on Debian
 * writes no stamp, so the newest Release file and the periodic stamps together are the evidence.
 * Not the `partial` directory: apt touches it on every run, also when every download failed,
 * and a failed refresh must never look fresh (proven in the lab: test/lab/mistakes.test.ts).
 */
function probeListsUpdatedAt(host: Host): Facts['apt']['listsUpdatedAt'] {
  const names = host.listDir(listsDir)
  if (names === undefined) return unknown(`${listsDir} cannot be listed`)
  const releaseFiles = names.filter((name) => /_(In)?Release$/.test(name)).map((name) => `${listsDir}/${name}`)
  if (releaseFiles.length === 0) return null
  const times: Date[] = []
  for (const path of releaseFiles) {
    const time = host.mtime(path)
    if (time === undefined) return unknown(`${path}: modification time unreadable`)
    times.push(time)
  }
  for (const path of stampFiles) {
    const time = host.mtime(path)
    if (time !== undefined) times.push(time)
  }
  const newest = Math.max(...times.map((time) => time.getTime()))
  return new Date(newest).toISOString()
}
