/**
 * The Debian archive the lab builds from: never written in the repository, taken at run time from
 * SECURE_COURSE_LAB_MIRROR or from this machine's own apt sources (one-line `.list` files and
 * deb822 `.sources` files), the entry that serves Debian's main archive (not security updates,
 * not a third-party repository).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface AptSourceEntry {
  uri: string
  suites: string[]
  file: string
}

/** Entries of a one-line sources.list (`deb [options] URI suite component…`). */
export function parseSourcesList(text: string, file = ''): AptSourceEntry[] {
  const entries: AptSourceEntry[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim()
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/.exec(line)
    if (match) entries.push({ uri: match[1]!, suites: [match[2]!], file })
  }
  return entries
}

/** Entries of a deb822 .sources file (stanzas with Types, URIs, Suites; `Enabled: no` skipped). */
export function parseDeb822Sources(text: string, file = ''): AptSourceEntry[] {
  const entries: AptSourceEntry[] = []
  const stanzas = text.split(/\n\s*\n/)
  for (const stanza of stanzas) {
    const fields = new Map<string, string>()
    let last: string | undefined
    for (const raw of stanza.split('\n')) {
      if (/^\s*#/.test(raw)) continue
      const field = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(raw)
      if (field) {
        last = field[1]!.toLowerCase()
        fields.set(last, field[2]!.trim())
      } else if (last && /^\s+\S/.test(raw)) {
        fields.set(last, `${fields.get(last)} ${raw.trim()}`)
      }
    }
    if (!(fields.get('types') ?? '').split(/\s+/).includes('deb')) continue
    if (/^(no|false|0)$/i.test(fields.get('enabled') ?? 'yes')) continue
    const suites = (fields.get('suites') ?? '').split(/\s+/).filter(Boolean)
    for (const uri of (fields.get('uris') ?? '').split(/\s+/).filter(Boolean)) entries.push({ uri, suites, file })
  }
  return entries
}

const debianSuite = /^(oldoldstable|oldstable|stable|testing|unstable|sid|buster|bullseye|bookworm|trixie|forky|duke)(-updates|-backports)?$/

/** The first entry that serves Debian's main archive: a Debian suite that is not security. */
export function pickDebianMirror(entries: readonly AptSourceEntry[]): string | undefined {
  const archive = entries.find((entry) => !/security/.test(entry.uri) && entry.suites.some((suite) => debianSuite.test(suite)) && /^https?:\/\//.test(entry.uri))
  return archive?.uri.replace(/\/+$/, '')
}

/** Every entry of this machine's apt sources, in the order apt reads them. */
export function hostAptSources(etcApt = '/etc/apt'): AptSourceEntry[] {
  const entries: AptSourceEntry[] = []
  const list = join(etcApt, 'sources.list')
  if (existsSync(list)) entries.push(...parseSourcesList(readFileSync(list, 'utf8'), list))
  let names: string[] = []
  try {
    names = readdirSync(join(etcApt, 'sources.list.d')).sort()
  } catch {
    // no sources.list.d
  }
  for (const name of names) {
    const file = join(etcApt, 'sources.list.d', name)
    if (name.endsWith('.list')) entries.push(...parseSourcesList(readFileSync(file, 'utf8'), file))
    else if (name.endsWith('.sources')) entries.push(...parseDeb822Sources(readFileSync(file, 'utf8'), file))
  }
  return entries
}

/** The Debian mirror to build from; throws with what to do when none is found. */
export function debianMirror(): string {
  const override = process.env.SECURE_COURSE_LAB_MIRROR?.trim()
  if (override) return override.replace(/\/+$/, '')
  const found = pickDebianMirror(hostAptSources())
  if (!found) {
    throw new Error(
      'no Debian archive in this machine\'s apt sources (/etc/apt/sources.list, /etc/apt/sources.list.d/*.list|*.sources): ' +
        'set SECURE_COURSE_LAB_MIRROR to a Debian mirror URL',
    )
  }
  return found
}
