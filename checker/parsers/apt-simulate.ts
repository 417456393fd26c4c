/**
 * `apt-get -s upgrade` (LC_ALL=C) → what is pending. `Inst` lines are upgrades apt would make now;
 * "kept back" packages need new dependencies (a warning); "deferred due to phasing" updates are
 * rolled out gradually and are not pending at all.
 */
export interface PendingUpdates {
  upgradable: string[]
  keptBack: string[]
  phased: string[]
}

const sections = {
  'The following packages have been kept back:': 'keptBack',
  'The following upgrades have been deferred due to phasing:': 'phased',
} as const

export function parseAptSimulate(text: string): PendingUpdates | undefined {
  const pending: PendingUpdates = { upgradable: [], keptBack: [], phased: [] }
  let section: 'keptBack' | 'phased' | undefined
  let sawSummary = false
  for (const line of text.split('\n')) {
    if (line.startsWith('Inst ')) {
      const name = line.split(' ')[1]
      if (name) pending.upgradable.push(name)
      section = undefined
      continue
    }
    if (/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/.test(line)) {
      sawSummary = true
    }
    const header = sections[line.trim() as keyof typeof sections]
    if (header) {
      section = header
      continue
    }
    if (section && /^\s+\S/.test(line)) {
      pending[section].push(...line.trim().split(/\s+/))
      continue
    }
    section = undefined
  }
  // Without apt's summary line the output was cut short or is something else entirely.
  return sawSummary ? pending : undefined
}
