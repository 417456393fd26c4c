/**
 * A fingerprint of the state `check` must never change: /etc, /var/lib/dpkg, /var/lib/apt and
 * /var/lib/ufw, every entry with its type, mode, owner, size, times, link target and content hash.
 */
import { createHash } from 'node:crypto'
import type { LabMachine } from './machine.ts'

export const watchedDirs = ['/etc', '/var/lib/dpkg', '/var/lib/apt', '/var/lib/ufw'] as const

export interface StateDigest {
  digest: string
  entries: Map<string, string>
  /** Paths that differ from `other` (added, removed or changed). */
  changes(other: StateDigest): string[]
}

const dirs = watchedDirs.join(' ')
const metadata = `find ${dirs} -xdev -printf '%p\\t%y %m %U:%G %s %T@ %C@ %l\\n' 2>/dev/null || true`
const contents = `find ${dirs} -xdev -type f -print0 2>/dev/null | xargs -0 -r sha256sum`

export async function stateDigest(machine: LabMachine): Promise<StateDigest> {
  const listing = await machine.exec(metadata, { timeoutMs: 60_000 })
  const hashes = await machine.exec(contents, { timeoutMs: 120_000 })
  const entries = new Map<string, string>()
  for (const line of listing.stdout.split('\n')) {
    const tab = line.indexOf('\t')
    if (tab > 0) entries.set(line.slice(0, tab), line.slice(tab + 1))
  }
  for (const line of hashes.stdout.split('\n')) {
    const match = /^([0-9a-f]{64}) [ *](.*)$/.exec(line)
    if (match) entries.set(match[2]!, `${entries.get(match[2]!) ?? ''} sha256:${match[1]}`)
  }
  const digest = createHash('sha256')
    .update([...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, facts]) => `${path}\t${facts}`).join('\n'))
    .digest('hex')
  return {
    digest,
    entries,
    changes(other) {
      const paths = new Set([...entries.keys(), ...other.entries.keys()])
      return [...paths].filter((path) => entries.get(path) !== other.entries.get(path)).sort()
        .map((path) => `${path}: ${other.entries.get(path) ?? '(absent)'} → ${entries.get(path) ?? '(absent)'}`)
    },
  }
}
