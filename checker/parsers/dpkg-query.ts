/**
 * `dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\n' pkg…` → package states. Packages dpkg
 * never heard of are missing from stdout (dpkg-query says so on stderr and exits 1).
 */
import type { PackageState } from '../facts.ts'

export function parseDpkgQuery(text: string): Record<string, PackageState> {
  const states: Record<string, PackageState> = {}
  for (const line of text.split('\n')) {
    const [name, abbrev] = line.split('\t')
    if (!name || abbrev === undefined) continue
    const state = stateFromAbbrev(abbrev)
    if (state) states[name.replace(/:.*$/, '')] = state
  }
  return states
}

/** First letter: desired action; second: current status (n, c, H, U, F, W, t, i). */
function stateFromAbbrev(abbrev: string): PackageState | undefined {
  const status = abbrev[1]
  switch (status) {
    case 'i':
      return 'installed'
    case 'c':
      return 'config-files'
    case 'n':
      return 'not-installed'
    case 'H':
    case 'U':
    case 'F':
    case 'W':
    case 't':
      return 'half-installed'
    default:
      return undefined
  }
}
