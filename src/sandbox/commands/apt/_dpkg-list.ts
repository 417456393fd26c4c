/** dpkg's database as dpkg-query prints it: -W with its format fields, -l's table, -s's stanza. */
import { catalogue, dpkgName, installedSizeOf, knownNames, packageState, type PackageState } from '../../machine/packages.ts'
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'

interface Row {
  name: string
  state: Exclude<PackageState, 'unknown'>
  version: string
  arch: string
  summary: string
}

function row(server: Server, name: string): Row | undefined {
  const state = packageState(server, name)
  if (state === 'unknown') return undefined
  const installed = server.state.packages[name]
  const entry = catalogue.get(name)
  return {
    name,
    state,
    version: installed?.version ?? '',
    arch: installed?.arch ?? '',
    summary: installed ? (entry?.summary ?? '') : '',
  }
}

function globToRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`)
}

/**
 * The packages a query names, in dpkg's order (by name), and the patterns that matched nothing.
 * Without patterns: everything dpkg has (installed or with config files left).
 */
export function select(server: Server, patterns: readonly string[], withKnown: boolean): { rows: Row[]; unmatched: string[] } {
  if (patterns.length === 0) {
    const rows = Object.keys(server.state.packages).sort().map((name) => row(server, name)).filter((found): found is Row => found !== undefined)
    return { rows, unmatched: [] }
  }
  const names = [...knownNames(server)].sort()
  const chosen = new Set<string>()
  const unmatched: string[] = []
  for (const pattern of patterns) {
    const plain = pattern.replace(/:amd64$|:all$/, '')
    const matches = /[*?[]/.test(plain)
      ? names.filter((name) => globToRegExp(plain).test(name) && (withKnown || server.state.packages[name]))
      : names.filter((name) => name === plain)
    if (matches.length === 0) unmatched.push(pattern)
    for (const name of matches) chosen.add(name)
  }
  const rows = [...chosen].sort().map((name) => row(server, name)).filter((found): found is Row => found !== undefined)
  return { rows, unmatched }
}

const statusWords: Record<Row['state'], { want: string; status: string; abbrev: string }> = {
  installed: { want: 'install', status: 'installed', abbrev: 'ii ' },
  'config-files': { want: 'deinstall', status: 'config-files', abbrev: 'rc ' },
  'not-installed': { want: 'unknown', status: 'not-installed', abbrev: 'un ' },
}

function field(server: Server, found: Row, name: string): string {
  const words = statusWords[found.state]
  switch (name) {
    case 'Package':
      return found.name
    case 'binary:Package':
      return found.state === 'not-installed' ? found.name : dpkgName(found.name)
    case 'Version':
      return found.version
    case 'Architecture':
      return found.arch
    case 'Status':
      return `${words.want} ok ${words.status}`
    case 'db:Status-Abbrev':
      return words.abbrev
    case 'db:Status-Want':
      return words.want
    case 'db:Status-Status':
      return words.status
    case 'db:Status-Eflag':
      return 'ok'
    case 'Installed-Size':
      return found.version ? String(installedSizeOf(found.name, found.version)) : ''
    case 'binary:Summary':
      return found.summary
    default:
      return ''
  }
}

/** dpkg-query's --showformat: ${Field} and ${Field;width}, with \n \t \\ escapes. */
export function formatRow(server: Server, found: Row, format: string): string {
  const unescaped = format.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char === 't' ? '\t' : char))
  return unescaped.replace(/\$\{([^};]+)(?:;(-?\d+))?\}/g, (_, name: string, width?: string) => {
    const value = field(server, found, name)
    if (width === undefined) return value
    const size = Math.abs(Number(width))
    return Number(width) < 0 ? value.padEnd(size) : value.padStart(size)
  })
}

/** dpkg -l's table: columns as wide as their longest entry, at least 14, 12, 12 and 33. */
export function listTable(rows: readonly Row[]): string {
  const shown = rows.map((found) => ({
    abbrev: statusWords[found.state].abbrev,
    name: found.state === 'not-installed' ? found.name : dpkgName(found.name),
    version: found.version || '<none>',
    arch: found.arch || '<none>',
    summary: found.state === 'not-installed' ? '(no description available)' : found.summary,
  }))
  const nw = Math.max(14, ...shown.map((found) => found.name.length))
  const vw = Math.max(12, ...shown.map((found) => found.version.length))
  const aw = Math.max(12, ...shown.map((found) => found.arch.length))
  const dw = Math.max(33, ...shown.map((found) => found.summary.length))
  let text =
    'Desired=Unknown/Install/Remove/Purge/Hold\n' +
    '| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n' +
    '|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n' +
    `||/ ${'Name'.padEnd(nw)} ${'Version'.padEnd(vw)} ${'Architecture'.padEnd(aw)} Description\n` +
    `+++-${'='.repeat(nw)}-${'='.repeat(vw)}-${'='.repeat(aw)}-${'='.repeat(dw)}\n`
  for (const found of shown) text += `${found.abbrev} ${found.name.padEnd(nw)} ${found.version.padEnd(vw)} ${found.arch.padEnd(aw)} ${found.summary}\n`
  return text
}

/** dpkg -s: the status stanza (the fields the practice machine knows). */
export function statusStanza(server: Server, found: Row): string {
  const entry = catalogue.get(found.name)
  return (
    `Package: ${found.name}\n` +
    `Status: ${field(server, found, 'Status')}\n` +
    `Installed-Size: ${field(server, found, 'Installed-Size')}\n` +
    `Architecture: ${found.arch}\n` +
    (entry?.multiArch ? `Multi-Arch: ${entry.multiArch}\n` : '') +
    `Version: ${found.version}\n` +
    `Description: ${found.summary}\n`
  )
}

/** `dpkg-query` and `dpkg` share the query actions. Returns undefined for an action they do not know. */
export function runQuery(ctx: CommandContext, server: Server, program: string, args: readonly string[]): number | undefined {
  let action: 'W' | 'l' | 's' | undefined
  let format = '${binary:Package}\t${Version}\n'
  const patterns: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-W' || arg === '--show') action = 'W'
    else if (arg === '-l' || arg === '--list') action = 'l'
    else if (arg === '-s' || arg === '--status') action = 's'
    else if (arg === '-f' || arg === '--showformat') format = args[++i] ?? ''
    else if (arg.startsWith('--showformat=')) format = arg.slice('--showformat='.length)
    else if (/^-f./.test(arg)) format = arg.slice(2)
    else if (/^-W./.test(arg) || /^-l./.test(arg)) action = arg[1] as 'W' | 'l'
    else patterns.push(arg)
  }
  if (action === undefined) return undefined
  if (action === 's') {
    let status = 0
    for (const name of patterns) {
      const found = row(server, name)
      if (!found || found.state === 'not-installed') {
        ctx.stderr.write(`dpkg-query: package '${name}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n`)
        status = 1
        continue
      }
      ctx.stdout.write(statusStanza(server, found))
    }
    return status
  }
  const { rows, unmatched } = select(server, patterns, true)
  if (action === 'W') for (const found of rows) ctx.stdout.write(formatRow(server, found, format))
  else if (rows.length > 0) ctx.stdout.write(listTable(rows))
  for (const pattern of unmatched) ctx.stderr.write(`${program}: no packages found matching ${pattern}\n`)
  return unmatched.length > 0 ? 1 : 0
}
