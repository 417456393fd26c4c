/** `apt-cache` (apt 2.6.1): `policy [PKG…]` and a short `show PKG`, from the catalogue and apt's lists. */
import { candidate, catalogue, compareVersions, installedVersion, suites, type MirrorVersion, type Suite } from '../../machine/packages.ts'
import type { Server } from '../../machine/server.ts'
import type { Command, CommandContext } from '../types.ts'
import { message, serverOf } from './_common.ts'

const releaseLines: Record<Suite, string> = {
  'bookworm-security': 'v=12,o=Debian,a=oldstable-security,n=bookworm-security,l=Debian-Security,c=main,b=amd64',
  'bookworm-updates': 'v=12-updates,o=Debian,a=oldstable-updates,n=bookworm-updates,l=Debian,c=main,b=amd64',
  bookworm: 'v=12.15,o=Debian,a=oldstable,n=bookworm,l=Debian,c=main,b=amd64',
}

function packagesLine(suite: Suite): string {
  return `${suites[suite].uri} ${suites[suite].dist}/main amd64 Packages`
}

/** Versions apt's lists know: all of the mirror's once current, up to the installed one while old. */
function knownVersions(server: Server, name: string): MirrorVersion[] {
  const entry = catalogue.get(name)
  if (!entry) return []
  if (server.state.aptLists === 'current') return entry.mirror
  const installed = installedVersion(server, name)
  return installed === undefined ? entry.mirror.slice(-1) : entry.mirror.filter((version) => compareVersions(version.version, installed) <= 0)
}

function policy(ctx: CommandContext, server: Server, names: readonly string[]): number {
  if (names.length === 0) {
    let text = 'Package files:\n 100 /var/lib/dpkg/status\n     release a=now\n'
    for (const suite of ['bookworm-security', 'bookworm-updates', 'bookworm'] as const) {
      text += ` 500 ${packagesLine(suite)}\n     release ${releaseLines[suite]}\n     origin mirror.example\n`
    }
    ctx.stdout.write(`${text}Pinned packages:\n`)
    return 0
  }
  for (const name of names) {
    const entry = catalogue.get(name)
    if (!entry) {
      message(ctx, 'N', `Unable to locate package ${name}`, false)
      continue
    }
    const installed = installedVersion(server, name)
    const best = candidate(server, name)
    let text = `${name}:\n  Installed: ${installed ?? '(none)'}\n  Candidate: ${best?.version ?? '(none)'}\n  Version table:\n`
    const versions = knownVersions(server, name)
    const listed = new Set<string>()
    for (const version of versions) {
      listed.add(version.version)
      const mine = version.version === installed
      text += `${mine ? ' *** ' : '     '}${version.version} 500\n        500 ${packagesLine(version.suite)}\n`
      if (mine) text += '        100 /var/lib/dpkg/status\n'
    }
    if (installed !== undefined && !listed.has(installed)) text += ` *** ${installed} 100\n        100 /var/lib/dpkg/status\n`
    ctx.stdout.write(text)
  }
  return 0
}

function show(ctx: CommandContext, server: Server, names: readonly string[]): number {
  let found = 0
  for (const name of names) {
    const entry = catalogue.get(name)
    if (!entry) {
      message(ctx, 'N', `Unable to locate package ${name}`, false)
      continue
    }
    for (const version of knownVersions(server, name)) {
      found++
      const depends = entry.depends.map((alternatives) => alternatives.join(' | ')).join(', ')
      const recommends = entry.recommends.map((alternatives) => alternatives.join(' | ')).join(', ')
      ctx.stdout.write(
        `Package: ${name}\nVersion: ${version.version}\nArchitecture: ${entry.arch}\nInstalled-Size: ${version.installedSize}\n` +
          (depends ? `Depends: ${depends}\n` : '') +
          (recommends ? `Recommends: ${recommends}\n` : '') +
          (entry.suggests.length > 0 ? `Suggests: ${entry.suggests.join(', ')}\n` : '') +
          `Description: ${entry.summary}\n` +
          (version.size > 0 ? `Size: ${version.size}\n` : '') +
          '\n',
      )
    }
  }
  if (found === 0) {
    message(ctx, 'E', 'No packages found', false)
    return 100
  }
  return 0
}

export const aptCache: Command = (ctx) => {
  const server = serverOf(ctx)
  if (!server) return 1
  const [operation, ...names] = ctx.argv.slice(1).filter((arg) => !arg.startsWith('-'))
  if (operation === 'policy') return policy(ctx, server, names)
  if (operation === 'show') return show(ctx, server, names)
  if (operation === undefined) {
    ctx.stdout.write('apt 2.6.1 (amd64)\nUsage: apt-cache [options] command\n       apt-cache [options] show pkg1 [pkg2 ...]\n')
    return 1
  }
  message(ctx, 'E', `Invalid operation ${operation}`, false)
  return 100
}
