/**
 * apt's remove, purge and autoremove on the practice server: what apt decides (`planRemoval`: the
 * named packages, whatever depends on them, what autoremove may take) and what dpkg does with it
 * (`applyRemoval`: dpkg's database, the packages' files and units, what their prerm and postrm do
 * and print). Orders, states and messages follow the lab's real Debian 12
 * (test/sandbox/apt/recorded/remove.json).
 */
import { rootCred } from '../fs/types.ts'
import { databaseCount, purgeUnattendedUpgradesFiles, removeUnattendedUpgradesFiles, upgradable } from './apt.ts'
import { catalogue, installedSizeOf, providersOf } from './packages.ts'
import type { Server } from './server.ts'
import { purgeUfwFiles, removeIptablesFiles, removeUfwFiles } from './ufw-package.ts'
import { purgeUnitLinks, removeUnitFile } from './units.ts'

export interface RemovalItem {
  name: string
  version: string
  /** purge: the config files go too ("ufw*" in apt's list) */
  purge: boolean
  /** dpkg has only its config files ("rc"): purging is all that is left to do */
  configOnly: boolean
}

export interface RemovalPlan {
  /** in the order dpkg removes them */
  items: RemovalItem[]
  /** named packages dpkg has not installed: "Package 'X' is not installed, so not removed" */
  notInstalled: string[]
  /** automatically installed packages nothing needs once the plan is done, the plan's own left out */
  unused: string[]
  /** upgradable packages the plan leaves alone */
  notUpgraded: number
}

export type RemovalResult =
  | { ok: true; plan: RemovalPlan }
  /** names apt has never heard of: "E: Unable to locate package X" */
  | { ok: false; missing: string[] }
  /** packages the practice machine cannot take away (base packages other than nano) */
  | { ok: false; unmodelled: string[] }

/**
 * What the practice machine can remove: the packages the course installs (ufw, unattended-upgrades
 * and what they bring) and nano. Any other base package would take parts of the server with it
 * (sshd, nginx, sudo, systemd) that the model does not know how to lose.
 */
export function removable(name: string): boolean {
  const entry = catalogue.get(name)
  return entry !== undefined && (entry.baseVersion === undefined || name === 'nano')
}

const installed = (server: Server, name: string): boolean => server.state.packages[name]?.status === 'installed'

/** Whether a dependency group is met by a package dpkg has and the plan keeps. */
function met(server: Server, group: readonly string[], removing: ReadonlySet<string>): boolean {
  return group.some((alternative) => providersOf(alternative).some((name) => installed(server, name) && !removing.has(name)))
}

/**
 * apt's autoremove: automatically installed packages that no package the admin installed needs any
 * more through Depends, Recommends or Suggests (APT::AutoRemove::RecommendsImportant and
 * SuggestsImportant are on), alphabetically.
 */
export function unusedPackages(server: Server, removing: ReadonlySet<string> = new Set()): string[] {
  const kept = new Set<string>()
  const keep = (name: string): void => {
    if (kept.has(name) || removing.has(name) || !installed(server, name)) return
    kept.add(name)
    const entry = catalogue.get(name)
    if (!entry) return
    const wanted = [...entry.depends, ...entry.recommends, ...entry.suggests.map((suggestion) => suggestion.split(' | '))]
    for (const group of wanted) for (const alternative of group) for (const provider of providersOf(alternative)) keep(provider)
  }
  for (const [name, state] of Object.entries(server.state.packages)) if (state.manual) keep(name)
  return Object.keys(server.state.packages)
    .filter((name) => installed(server, name) && !removing.has(name) && !kept.has(name))
    .sort()
}

/**
 * `apt remove|purge NAME…` and `apt autoremove [NAME…]`: the named packages, every installed package
 * whose Depends they would break, and with `autoremove` (or --autoremove) the packages then unused.
 */
export function planRemoval(server: Server, names: readonly string[], options: { purge: boolean; autoremove: boolean }): RemovalResult {
  const missing = names.filter((name) => !catalogue.has(name))
  if (missing.length > 0) return { ok: false, missing }
  const removing = new Set<string>()
  const notInstalled: string[] = []
  const purgeOnly: string[] = []
  for (const name of names) {
    const state = server.state.packages[name]
    if (state?.status === 'installed') removing.add(name)
    else if (state?.status === 'config-files' && options.purge) {
      if (!purgeOnly.includes(name)) purgeOnly.push(name)
    } else if (!notInstalled.includes(name)) notInstalled.push(name)
  }
  // Whatever depends on a package that goes, goes too (a group that was met and no longer is).
  for (let grew = true; grew; ) {
    grew = false
    for (const name of Object.keys(server.state.packages)) {
      if (removing.has(name) || !installed(server, name)) continue
      const broken = (catalogue.get(name)?.depends ?? []).some((group) => met(server, group, new Set()) && !met(server, group, removing))
      if (broken) {
        removing.add(name)
        grew = true
      }
    }
  }
  let unused = unusedPackages(server, removing)
  if (options.autoremove) {
    for (const name of unused) removing.add(name)
    unused = []
  }
  const unmodelled = [...removing].filter((name) => !removable(name)).sort()
  if (unmodelled.length > 0) return { ok: false, unmodelled }
  const items: RemovalItem[] = removalOrder(server, removing).map((name) => ({
    name,
    version: server.state.packages[name]?.version ?? '',
    purge: options.purge,
    configOnly: false,
  }))
  for (const name of purgeOnly) items.push({ name, version: server.state.packages[name]?.version ?? '', purge: true, configOnly: true })
  return { ok: true, plan: { items, notInstalled, unused, notUpgraded: upgradable(server).length } }
}

/**
 * The order apt hands removals to dpkg, as the lab shows it: names in alphabetical order, each
 * after the packages of the plan that depend on it (those in reverse alphabetical order, each
 * again after its own dependants): iptables, libip6tc2, nftables, libnftables1, libjansson4, …
 */
function removalOrder(server: Server, removing: ReadonlySet<string>): string[] {
  const order: string[] = []
  const seen = new Set<string>()
  const dependants = (name: string): string[] =>
    [...removing]
      .filter((other) => other !== name && (catalogue.get(other)?.depends ?? []).some((group) => group.some((alternative) => providersOf(alternative).includes(name))))
      .sort()
      .reverse()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    for (const other of dependants(name)) visit(other)
    order.push(name)
  }
  for (const name of [...removing].sort()) visit(name)
  return order
}

/** Bytes the plan frees (what the removed packages' Installed-Size adds up to). */
export function removalFrees(plan: RemovalPlan): number {
  return plan.items.filter((item) => !item.configOnly).reduce((sum, item) => sum + installedSizeOf(item.name, item.version) * 1024, 0)
}

export interface RemovalStep {
  item: RemovalItem
  /** what the prerm/postrm printed (stdout) */
  output: string[]
  /** what dpkg warned about (stderr) */
  warnings: string[]
}

export interface RemovalApplied {
  /** "(Reading database ... N files and directories currently installed.)" before the removals */
  databaseBefore: number
  /** "Removing X (V) ..." */
  removed: RemovalStep[]
  /** "Processing triggers for …" after the removals */
  triggers: string[]
  /** the database count dpkg reads again before purging */
  databaseBeforePurge: number
  /** "Purging configuration files for X (V) ..." */
  purged: RemovalStep[]
}

/** dpkg --remove / --purge on the plan, in the plan's order. */
export function applyRemoval(server: Server, plan: RemovalPlan): RemovalApplied {
  const databaseBefore = databaseCount(server)
  const removed: RemovalStep[] = []
  for (const item of plan.items) {
    if (item.configOnly) continue
    removed.push({ item, output: removePackageFiles(server, item.name), warnings: [] })
    const state = server.state.packages[item.name]
    if (state && catalogue.get(item.name)?.keepsConfig) state.status = 'config-files'
    else delete server.state.packages[item.name]
  }
  const triggers: string[] = []
  const libcBin = server.state.packages['libc-bin']
  if (libcBin && removed.some((step) => catalogue.get(step.item.name)?.multiArch === 'same')) triggers.push(`Processing triggers for libc-bin (${libcBin.version}) ...`)
  const databaseBeforePurge = databaseCount(server)
  const purged: RemovalStep[] = []
  for (const item of plan.items) {
    if (!item.purge || server.state.packages[item.name]?.status !== 'config-files') continue
    purged.push({ item, output: [], warnings: purgePackageFiles(server, item.name) })
    delete server.state.packages[item.name]
  }
  return { databaseBefore, removed, triggers, databaseBeforePurge, purged }
}

/** The prerm, dpkg deleting the package's files, the postrm remove. Returns what the scripts printed. */
function removePackageFiles(server: Server, name: string): string[] {
  switch (name) {
    case 'ufw': {
      const output = removeUfwFiles(server)
      removeUnitFile(server, 'ufw.service')
      return output
    }
    case 'iptables':
      removeIptablesFiles(server)
      return []
    case 'unattended-upgrades':
      removeUnattendedUpgradesFiles(server)
      removeUnitFile(server, 'unattended-upgrades.service')
      return []
    case 'nano':
      server.fs.remove('/usr/bin/nano', rootCred)
      return []
    default:
      return []
  }
}

/** The postrm purge and dpkg deleting the conffiles. Returns dpkg's warnings. */
function purgePackageFiles(server: Server, name: string): string[] {
  switch (name) {
    case 'ufw':
      purgeUfwFiles(server)
      purgeUnitLinks(server, 'ufw.service')
      return []
    case 'unattended-upgrades': {
      const warnings = purgeUnattendedUpgradesFiles(server)
      purgeUnitLinks(server, 'unattended-upgrades.service')
      return warnings
    }
    default:
      return []
  }
}
