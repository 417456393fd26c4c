/**
 * apt's side of the practice server: refreshing the lists (`aptUpdate`), planning an upgrade or
 * an install the way apt resolves it (`planUpgrade`, `planInstall`), and what dpkg does when the
 * plan is applied (`applyPlan`): dpkg's database, each package's files, its maintainer scripts
 * (units enabled and started, ucf's config files) and the lines those scripts print.
 * Orders, messages and sizes follow the lab's real Debian 12 (test/fixtures/transcripts/).
 */
import { rootCred, isFsError } from '../fs/types.ts'
import { catalogue, candidate, compareVersions, installedSizeOf, installedVersion, providersOf, suites, type CatalogueEntry, type MirrorVersion, type Suite } from './packages.ts'
import type { Server } from './server.ts'
import { installIptablesFiles, installUfwFiles } from './ufw-package.ts'
import { enableUnit, installUnitFile, isActive, restartUnit, startUnit, unitFileState } from './units.ts'

const hour = 60 * 60 * 1000
const day = 24 * hour
const listsDir = '/var/lib/apt/lists'

// ---------------------------------------------------------------------------------------------
// apt update

/** One index file apt fetches: its list file name and how `apt update` names it. */
export interface IndexFile {
  suite: Suite
  kind: 'InRelease' | 'Packages' | 'Translation-en'
  file: string
  /** bytes on the wire (the .xz for Packages and Translation-en), from the mirror's InRelease */
  size: number
}

const indexFiles: IndexFile[] = [
  { suite: 'bookworm', kind: 'InRelease', file: 'mirror.example_debian_dists_bookworm_InRelease', size: 151075 },
  { suite: 'bookworm-updates', kind: 'InRelease', file: 'mirror.example_debian_dists_bookworm-updates_InRelease', size: 55403 },
  { suite: 'bookworm-security', kind: 'InRelease', file: 'mirror.example_debian-security_dists_bookworm-security_InRelease', size: 34770 },
  { suite: 'bookworm-security', kind: 'Packages', file: 'mirror.example_debian-security_dists_bookworm-security_main_binary-amd64_Packages', size: 382652 },
  { suite: 'bookworm-security', kind: 'Translation-en', file: 'mirror.example_debian-security_dists_bookworm-security_main_i18n_Translation-en', size: 240024 },
  { suite: 'bookworm', kind: 'Packages', file: 'mirror.example_debian_dists_bookworm_main_binary-amd64_Packages', size: 8790396 },
  { suite: 'bookworm', kind: 'Translation-en', file: 'mirror.example_debian_dists_bookworm_main_i18n_Translation-en', size: 6107304 },
  { suite: 'bookworm-updates', kind: 'Packages', file: 'mirror.example_debian_dists_bookworm-updates_main_binary-amd64_Packages', size: 6924 },
  { suite: 'bookworm-updates', kind: 'Translation-en', file: 'mirror.example_debian_dists_bookworm-updates_main_i18n_Translation-en', size: 5448 },
]

/**
 * When the mirror last changed each suite (its Last-Modified). The security archive changes every
 * few hours, bookworm-updates twice a day and bookworm at point releases; derived from the clock
 * so the same moment always gives the same mirror.
 */
export function mirrorLastModified(suite: Suite, now: number): number {
  switch (suite) {
    case 'bookworm-security':
      return latestBoundary(now - hour, 6 * hour, 47 * 60 * 1000)
    case 'bookworm-updates':
      return latestBoundary(now - 2 * hour, 12 * hour, 2 * hour + 10 * 60 * 1000)
    case 'bookworm':
      return latestBoundary(now - 23 * day, day, 10 * hour + 16 * 60 * 1000 + 37 * 1000)
  }
}

/** The last moment at or before `time` that is `offset` past a multiple of `step`. */
function latestBoundary(time: number, step: number, offset: number): number {
  return Math.floor((time - offset) / step) * step + offset
}

/** One line of `apt update`: a Hit (unchanged) or a Get with its size. */
export interface UpdateLine {
  kind: 'Hit' | 'Get'
  index: IndexFile
}

export interface UpdateResult {
  lines: UpdateLine[]
  fetchedBytes: number
}

/**
 * `apt update` as root: every index whose mirror copy is newer than the local file is fetched and
 * takes the mirror's Last-Modified as its mtime (apt keeps the server's time, so the lists' age is
 * the mirror's, not the moment of the update). A manual update on Debian writes no periodic stamp.
 */
export function aptUpdate(server: Server): UpdateResult {
  const now = server.now()
  const lines: UpdateLine[] = []
  let fetchedBytes = 0
  const changed = new Set<Suite>()
  for (const index of indexFiles) {
    if (index.kind !== 'InRelease') continue
    const path = `${listsDir}/${index.file}`
    const stat = server.fs.stat(path, rootCred)
    const lastModified = mirrorLastModified(index.suite, now)
    if (!isFsError(stat) && stat.mtime >= lastModified && server.state.aptLists === 'current') {
      lines.push({ kind: 'Hit', index })
      continue
    }
    changed.add(index.suite)
    lines.push({ kind: 'Get', index })
    fetchedBytes += index.size
  }
  for (const index of indexFiles) {
    if (index.kind === 'InRelease' || !changed.has(index.suite)) continue
    lines.push({ kind: 'Get', index })
    fetchedBytes += index.size
  }
  server.fs.mkdir(`${listsDir}/partial`, rootCred, { parents: true })
  for (const index of indexFiles) {
    if (!changed.has(index.suite)) continue
    const path = `${listsDir}/${index.file}`
    server.fs.writeFile(path, index.kind === 'InRelease' ? releaseText(index.suite, mirrorLastModified(index.suite, now)) : '', rootCred)
    server.fs.utime(path, mirrorLastModified(index.suite, now), rootCred)
  }
  // apt touches partial/ on every run, also when every download failed.
  server.fs.utime(`${listsDir}/partial`, now, rootCred)
  server.state.aptLists = 'current'
  return { lines, fetchedBytes }
}

const releaseHeaders: Record<Suite, string> = {
  bookworm: 'Origin: Debian\nLabel: Debian\nSuite: oldstable\nVersion: 12.15\nCodename: bookworm\n',
  'bookworm-updates': 'Origin: Debian\nLabel: Debian\nSuite: oldstable-updates\nVersion: 12-updates\nCodename: bookworm-updates\n',
  'bookworm-security': 'Origin: Debian\nLabel: Debian-Security\nSuite: oldstable-security\nVersion: 12\nCodename: bookworm-security\n',
}

function releaseText(suite: Suite, date: number): string {
  return `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${releaseHeaders[suite]}Date: ${new Date(date).toUTCString().replace('GMT', 'UTC')}\nArchitectures: all amd64 arm64 armel armhf i386 mips64el mipsel ppc64el s390x\nComponents: main contrib non-free-firmware non-free\n`
}

// ---------------------------------------------------------------------------------------------
// Planning

export interface PlanItem {
  name: string
  /** the version dpkg has now (upgrades) */
  from?: string
  to: MirrorVersion
  /** the learner named it (apt marks it manually installed) */
  manual: boolean
}

export interface Plan {
  /** in the order apt downloads and dpkg unpacks them */
  items: PlanItem[]
  /** packages the learner did not name (apt: "The following additional packages will be installed:") */
  additional: string[]
  suggested: string[]
  /** named packages already at their candidate: "X is already the newest version (V)." */
  alreadyNewest: Array<{ name: string; version: string }>
  /** upgradable packages the plan leaves alone */
  notUpgraded: number
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; missing: string[] }

/** Packages with a newer candidate than dpkg has, alphabetically (what `apt list --upgradable` shows). */
export function upgradable(server: Server): Array<{ name: string; from: string; to: MirrorVersion }> {
  const found: Array<{ name: string; from: string; to: MirrorVersion }> = []
  for (const name of Object.keys(server.state.packages).sort()) {
    const from = installedVersion(server, name)
    const to = candidate(server, name)
    if (from !== undefined && to && compareVersions(to.version, from) > 0) found.push({ name, from, to })
  }
  return found
}

/** `apt upgrade` / `apt full-upgrade`: every pending upgrade (none needs a new package here). */
export function planUpgrade(server: Server): Plan {
  const items = upgradable(server).map(({ name, from, to }) => ({ name, from, to, manual: server.state.packages[name]?.manual ?? false }))
  return { items: sortByUnpackOrder(items), additional: [], suggested: [], alreadyNewest: [], notUpgraded: 0 }
}

/** `apt install NAME…`: the named packages, their Depends and Recommends (APT::Install-Recommends is on). */
export function planInstall(server: Server, names: readonly string[], options: { recommends?: boolean } = {}): PlanResult {
  const missing = names.filter((name) => !catalogue.has(name))
  if (missing.length > 0) return { ok: false, missing }
  const recommends = options.recommends ?? true
  const chosen = new Map<string, PlanItem>()
  const alreadyNewest: Array<{ name: string; version: string }> = []
  const present = (name: string): boolean => installedVersion(server, name) !== undefined || chosen.has(name)
  const satisfied = (alternatives: string[]): boolean => alternatives.some((alternative) => providersOf(alternative).some(present))
  const pull = (name: string, manual: boolean): void => {
    const entry = catalogue.get(name)
    const to = candidate(server, name)
    if (!entry || !to || chosen.has(name)) return
    const from = installedVersion(server, name)
    if (from !== undefined && compareVersions(to.version, from) <= 0) return
    chosen.set(name, { name, ...(from !== undefined && { from }), to, manual })
    const wanted = recommends ? [...entry.depends, ...entry.recommends] : entry.depends
    for (const alternatives of wanted) {
      if (satisfied(alternatives)) continue
      const first = alternatives.map((alternative) => providersOf(alternative)[0]).find((found) => found !== undefined)
      if (first) pull(first, false)
    }
  }
  for (const name of names) {
    const from = installedVersion(server, name)
    const to = candidate(server, name)
    if (from !== undefined && to && compareVersions(to.version, from) <= 0) {
      if (!alreadyNewest.some((found) => found.name === name)) alreadyNewest.push({ name, version: from })
      continue
    }
    pull(name, true)
  }
  const items = sortByUnpackOrder([...chosen.values()])
  const additional = items.filter((item) => !names.includes(item.name)).map((item) => item.name).sort()
  const suggested: string[] = []
  for (const item of [...items].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const suggestion of catalogue.get(item.name)?.suggests ?? []) {
      const alternatives = suggestion.split(' | ')
      if (alternatives.some((alternative) => providersOf(alternative).some(present))) continue
      if (!suggested.includes(suggestion)) suggested.push(suggestion)
    }
  }
  const upgrading = new Set(items.filter((item) => item.from !== undefined).map((item) => item.name))
  const notUpgraded = upgradable(server).filter((found) => !upgrading.has(found.name)).length
  return { ok: true, plan: { items, additional, suggested, alreadyNewest, notUpgraded } }
}

/**
 * The order apt hands packages to dpkg (and downloads them), as recorded in the lab: libraries
 * before what needs them, ufw's and unattended-upgrades' sets exactly as real apt ordered them.
 */
const unpackOrder = [
  'libssl3', 'openssh-sftp-server', 'openssh-server', 'openssh-client', 'openssl',
  'xz-utils', 'distro-info-data', 'libglib2.0-0', 'libgirepository-1.0-1', 'gir1.2-glib-2.0', 'iso-codes', 'libglib2.0-data', 'libxml2', 'lsb-release', 'python-apt-common', 'python3-apt', 'python3-dbus', 'python3-distro-info', 'python3-gi', 'shared-mime-info', 'unattended-upgrades', 'xdg-user-dirs',
  'libjansson4', 'libnftnl11', 'libnftables1', 'nftables', 'libip6tc2', 'libnfnetlink0', 'libnetfilter-conntrack3', 'iptables', 'ufw',
]

/** The order dpkg configures them (a dependency is set up before what depends on it). */
const setupOrder = [
  'libssl3', 'openssh-client', 'openssh-sftp-server', 'openssh-server', 'openssl',
  'xdg-user-dirs', 'libglib2.0-0', 'distro-info-data', 'libglib2.0-data', 'xz-utils', 'python-apt-common', 'libgirepository-1.0-1', 'lsb-release', 'python3-distro-info', 'libxml2', 'iso-codes', 'python3-dbus', 'python3-apt', 'unattended-upgrades', 'shared-mime-info', 'gir1.2-glib-2.0', 'python3-gi',
  'libip6tc2', 'libnftnl11', 'libjansson4', 'libnfnetlink0', 'libnftables1', 'nftables', 'libnetfilter-conntrack3', 'iptables', 'ufw',
]

function rank(order: readonly string[], name: string): number {
  const found = order.indexOf(name)
  return found < 0 ? order.length : found
}

function sortByUnpackOrder(items: PlanItem[]): PlanItem[] {
  return [...items].sort((a, b) => rank(unpackOrder, a.name) - rank(unpackOrder, b.name) || (a.name < b.name ? -1 : 1))
}

export function setupSequence(items: readonly PlanItem[]): PlanItem[] {
  return [...items].sort((a, b) => rank(setupOrder, a.name) - rank(setupOrder, b.name) || (a.name < b.name ? -1 : 1))
}

/** Bytes to download and the change in disk use (bytes; negative frees space). */
export function planSizes(plan: Plan): { download: number; diskChange: number } {
  let download = 0
  let diskChange = 0
  for (const item of plan.items) {
    download += item.to.size
    diskChange += (item.to.installedSize - (item.from !== undefined ? installedSizeOf(item.name, item.from) : 0)) * 1024
  }
  return { download, diskChange }
}

// ---------------------------------------------------------------------------------------------
// dpkg

/** What dpkg and the maintainer scripts printed for one package while configuring it. */
export interface SetupStep {
  item: PlanItem
  /** lines the postinst printed after "Setting up …" */
  output: string[]
}

export interface ApplyResult {
  /** files and directories dpkg knew before unpacking ("(Reading database ... N files") */
  databaseBefore: number
  setup: SetupStep[]
  /** "Processing triggers for …" lines, in order */
  triggers: string[]
  /** debconf templates were loaded ("Preconfiguring packages ...") */
  preconfigured: boolean
}

/** The lab's base system: files and directories in dpkg's database before the course installs anything. */
const baseDatabaseCount = 10256

export function databaseCount(server: Server): number {
  let count = baseDatabaseCount
  for (const entry of catalogue.values()) {
    const present = server.state.packages[entry.name]?.status === 'installed'
    // A package the course added counts while installed; a base one (nano) stops counting once removed.
    if (entry.baseVersion === undefined && present) count += entry.fileCount ?? 0
    else if (entry.baseVersion !== undefined && !present) count -= entry.fileCount ?? 0
  }
  return count
}

const withTemplates = new Set(['ufw', 'unattended-upgrades'])

/** Unpacks and configures the plan: dpkg's database, the packages' files, their maintainer scripts. */
export function applyPlan(server: Server, plan: Plan): ApplyResult {
  const databaseBefore = databaseCount(server)
  for (const item of plan.items) {
    const previous = server.state.packages[item.name]
    const entry = catalogue.get(item.name) as CatalogueEntry
    server.state.packages[item.name] = {
      version: item.to.version,
      arch: entry.arch,
      status: 'installed',
      manual: item.manual || (previous?.manual ?? false),
    }
  }
  const setup = setupSequence(plan.items).map((item) => ({ item, output: configure(server, item) }))
  const triggers: string[] = []
  const libcBin = installedVersion(server, 'libc-bin')
  if (libcBin && plan.items.some((item) => catalogue.get(item.name)?.multiArch === 'same')) triggers.push(`Processing triggers for libc-bin (${libcBin}) ...`)
  return { databaseBefore, setup, triggers, preconfigured: plan.items.some((item) => withTemplates.has(item.name) && item.from === undefined) }
}

/** The postinst of each package the course meets: what it changes and what it prints. */
function configure(server: Server, item: PlanItem): string[] {
  switch (item.name) {
    case 'libglib2.0-0':
      return item.from === undefined ? ['No schema files found: doing nothing.'] : []
    case 'xz-utils':
      return item.from === undefined ? ['update-alternatives: using /usr/bin/xz to provide /usr/bin/lzma (lzma) in auto mode'] : []
    case 'iptables':
      installIptablesFiles(server)
      return item.from === undefined
        ? [
            'update-alternatives: using /usr/sbin/iptables-legacy to provide /usr/sbin/iptables (iptables) in auto mode',
            'update-alternatives: using /usr/sbin/ip6tables-legacy to provide /usr/sbin/ip6tables (ip6tables) in auto mode',
            'update-alternatives: using /usr/sbin/iptables-nft to provide /usr/sbin/iptables (iptables) in auto mode',
            'update-alternatives: using /usr/sbin/ip6tables-nft to provide /usr/sbin/ip6tables (ip6tables) in auto mode',
            'update-alternatives: using /usr/sbin/arptables-nft to provide /usr/sbin/arptables (arptables) in auto mode',
            'update-alternatives: using /usr/sbin/ebtables-nft to provide /usr/sbin/ebtables (ebtables) in auto mode',
          ]
        : []
    case 'ufw':
      return configureUfw(server, item)
    case 'unattended-upgrades':
      return configureUnattendedUpgrades(server, item)
    case 'openssh-server':
      return configureOpensshServer(server)
    case 'nano':
      return configureNano(server, item)
    default:
      return []
  }
}

/** nano's files and its postinst: the editor and pico alternatives (seen in the lab after `apt remove nano`). */
function configureNano(server: Server, item: PlanItem): string[] {
  if (!server.fs.exists('/usr/bin/nano')) {
    server.fs.writeFile('/usr/bin/nano', '', rootCred, { mode: 0o755 })
    server.fs.chmod('/usr/bin/nano', 0o755, rootCred)
  }
  if (item.from !== undefined) return []
  return ['update-alternatives: using /bin/nano to provide /usr/bin/editor (editor) in auto mode', 'update-alternatives: using /bin/nano to provide /usr/bin/pico (pico) in auto mode']
}

function configureUfw(server: Server, item: PlanItem): string[] {
  const output: string[] = []
  const conffiles = ['/etc/ufw/before.rules', '/etc/ufw/before6.rules', '/etc/ufw/after.rules', '/etc/ufw/after6.rules']
  const fresh = conffiles.filter((path) => !server.fs.exists(path))
  installUfwFiles(server)
  if (item.from === undefined) for (const path of fresh) output.push('', `Creating config file ${path} with new version`)
  // deb-systemd-helper enables the unit; the postinst starts nothing (ufw.service stays inactive
  // until a reboot, so a reinstall with ENABLED=yes kept does not load the firewall; seen in the lab).
  const enabled = enableUnit(server, 'ufw.service')
  if (enabled.ok) output.push(...(enabled.changes ?? []))
  return output
}

/**
 * unattended-upgrades' postinst: ucf installs 50unattended-upgrades and, from the debconf answer
 * (true by default on Debian 12), 20auto-upgrades; then deb-systemd-helper enables the unit and
 * deb-systemd-invoke starts it.
 */
function configureUnattendedUpgrades(server: Server, item: PlanItem): string[] {
  const fs = server.fs
  const output: string[] = []
  for (const dir of ['/usr/share/unattended-upgrades', '/var/lib/unattended-upgrades', '/etc/apt/apt.conf.d', '/var/lib/ucf']) fs.mkdir(dir, rootCred, { parents: true })
  fs.writeFile('/usr/bin/unattended-upgrade', '#!/usr/bin/python3\n', rootCred, { mode: 0o755 })
  fs.chmod('/usr/bin/unattended-upgrade', 0o755, rootCred)
  fs.writeFile('/usr/share/unattended-upgrades/20auto-upgrades', autoUpgradesFile(true), rootCred)
  fs.writeFile('/usr/share/unattended-upgrades/20auto-upgrades-disabled', autoUpgradesFile(false), rootCred)
  fs.writeFile('/usr/share/unattended-upgrades/50unattended-upgrades', unattendedUpgradesConf, rootCred)
  fs.writeFile('/usr/share/unattended-upgrades/unattended-upgrade-shutdown', '#!/usr/bin/python3\n', rootCred, { mode: 0o755 })
  fs.chmod('/usr/share/unattended-upgrades/unattended-upgrade-shutdown', 0o755, rootCred)
  if (isFsError(fs.stat('/var/log/unattended-upgrades', rootCred))) {
    fs.mkdir('/var/log/unattended-upgrades', rootCred, { parents: true, mode: 0o750 })
    fs.chmod('/var/log/unattended-upgrades', 0o750, rootCred)
    fs.chown('/var/log/unattended-upgrades', 0, 4, rootCred)
  }
  if (item.from === undefined) {
    // ucf's config files, in the order the postinst hands them over.
    const autoUpgrades = ucfInstall(server, autoUpgradesPath, autoUpgradesFile(autoUpgradesAnswer(server)))
    if (autoUpgrades) output.push('', autoUpgrades)
    const conf = ucfInstall(server, unattendedUpgradesPath, unattendedUpgradesConf)
    if (conf) output.push('', conf)
  }
  installUnitFile(server, 'unattended-upgrades.service')
  output.push(...enableAndStart(server, 'unattended-upgrades.service', true))
  // unattended-upgrade-shutdown opens its log when the service starts (empty until a shutdown).
  const shutdownLog = '/var/log/unattended-upgrades/unattended-upgrades-shutdown.log'
  if (!fs.exists(shutdownLog)) fs.writeFile(shutdownLog, '', rootCred)
  return output
}

/** dpkg removing unattended-upgrades: the program and its share files go; ucf's config files stay. */
export function removeUnattendedUpgradesFiles(server: Server): void {
  server.fs.remove('/usr/bin/unattended-upgrade', rootCred)
  server.fs.remove('/usr/share/unattended-upgrades', rootCred, { recursive: true })
}

/**
 * unattended-upgrades' postrm purge: ucf forgets and deletes 20auto-upgrades and
 * 50unattended-upgrades, debconf forgets the answer; dpkg then removes the package's directories,
 * warning about one that is not empty (the shutdown log). Returns dpkg's warnings.
 */
export function purgeUnattendedUpgradesFiles(server: Server): string[] {
  const hashes = readHashes(server)
  for (const path of [autoUpgradesPath, unattendedUpgradesPath]) {
    hashes.delete(path)
    server.fs.remove(path, rootCred)
  }
  writeHashes(server, hashes)
  const debconf = server.fs.readFile(debconfDb, rootCred)
  if (!isFsError(debconf)) {
    const blocks = debconf.split('\n\n').filter((block) => block.trim() && !block.startsWith(`Name: ${autoUpdatesQuestion}\n`))
    server.fs.writeFile(debconfDb, blocks.map((block) => block.replace(/\n*$/, '\n')).join('\n'), rootCred)
  }
  const warnings: string[] = []
  for (const dir of ['/var/lib/unattended-upgrades', '/var/log/unattended-upgrades']) {
    const names = server.fs.readdir(dir, rootCred)
    if (isFsError(names)) continue
    if (names.length === 0) server.fs.remove(dir, rootCred, { dir: true })
    else warnings.push(`dpkg: warning: while removing unattended-upgrades, directory '${dir}' not empty so not removed`)
  }
  return warnings
}

/** What deb-systemd-helper (enable, with its SysV sync for units that have an init script) and deb-systemd-invoke print. */
function enableAndStart(server: Server, unit: string, sysv: boolean): string[] {
  const output: string[] = []
  const wasEnabled = unitFileState(server, unit) === 'enabled'
  const enabled = enableUnit(server, unit)
  if (enabled.ok) output.push(...(enabled.changes ?? []))
  if (sysv && !wasEnabled) {
    const name = unit.replace(/\.service$/, '')
    output.push(`Synchronizing state of ${unit} with SysV service script with /lib/systemd/systemd-sysv-install.`, `Executing: /lib/systemd/systemd-sysv-install enable ${name}`)
  }
  const started = startUnit(server, unit)
  if (!started.ok) output.push(started.message)
  return output
}

/**
 * openssh-server's postinst on an upgrade: deb-systemd-invoke restarts ssh.service when it runs
 * and says so for the units it leaves alone.
 */
function configureOpensshServer(server: Server): string[] {
  const output = ['rescue-ssh.target is a disabled or a static unit not running, not starting it.']
  if (!isActive(server, 'ssh.socket')) output.push('ssh.socket is a disabled or a static unit not running, not starting it.')
  if (isActive(server, 'ssh.service')) {
    const restarted = restartUnit(server, 'ssh.service')
    if (!restarted.ok) output.push(restarted.message)
  }
  return output
}

// ---------------------------------------------------------------------------------------------
// ucf: config files the maintainer scripts generate (20auto-upgrades, 50unattended-upgrades)

export const autoUpgradesPath = '/etc/apt/apt.conf.d/20auto-upgrades'
const unattendedUpgradesPath = '/etc/apt/apt.conf.d/50unattended-upgrades'
const ucfHashFile = '/var/lib/ucf/hashfile'
/** ucf's files keep the package's time (Debian's build of 2.9.1+nmu3). */
const packagedAt = Date.UTC(2022, 11, 31, 12, 0, 0)

export function autoUpgradesFile(enabled: boolean): string {
  const value = enabled ? '1' : '0'
  return `APT::Periodic::Update-Package-Lists "${value}";\nAPT::Periodic::Unattended-Upgrade "${value}";\n`
}

function readHashes(server: Server): Map<string, string> {
  const text = server.fs.readFile(ucfHashFile, rootCred)
  const hashes = new Map<string, string>()
  if (isFsError(text)) return hashes
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]{32}) {2}(\S+)$/.exec(line)
    if (match) hashes.set(match[2] as string, match[1] as string)
  }
  return hashes
}

function writeHashes(server: Server, hashes: Map<string, string>): void {
  server.fs.mkdir('/var/lib/ucf', rootCred, { parents: true })
  const text = [...hashes].map(([path, hash]) => `${hash}  ${path}\n`).join('')
  server.fs.writeFile(ucfHashFile, text, rootCred)
}

/**
 * ucf's decision for one generated config file, as seen in the lab on Debian 12: a file ucf never
 * registered is created ("Creating config file … with new version"); one still as ucf last wrote
 * it is replaced when the new content differs ("Replacing config file …"); one the admin edited is
 * kept silently, and one the admin deleted stays deleted ("Not replacing deleted config file …").
 * Returns the line ucf prints, or undefined.
 */
export function ucfInstall(server: Server, path: string, content: string): string | undefined {
  const hashes = readHashes(server)
  const registered = hashes.get(path)
  const current = server.fs.readFile(path, rootCred)
  const fresh = (): void => {
    server.fs.writeFile(path, content, rootCred)
    if (registered === undefined) server.fs.utime(path, packagedAt, rootCred)
    hashes.set(path, md5(content))
    writeHashes(server, hashes)
  }
  if (registered === undefined) {
    if (!isFsError(current)) {
      // A file the admin wrote before installing: ucf keeps it and registers the package's version.
      hashes.set(path, md5(content))
      writeHashes(server, hashes)
      return undefined
    }
    fresh()
    return `Creating config file ${path} with new version`
  }
  if (isFsError(current)) return `Not replacing deleted config file ${path}`
  if (md5(current) !== registered) return undefined
  if (current === content) return undefined
  fresh()
  return `Replacing config file ${path} with new version`
}

/**
 * `dpkg-reconfigure unattended-upgrades`: the debconf answer becomes 20auto-upgrades through ucf
 * (which keeps an edited or deleted file: PITFALLS #2). Returns ucf's line, if any.
 */
export function reconfigureUnattendedUpgrades(server: Server, enable: boolean): string | undefined {
  return ucfInstall(server, autoUpgradesPath, autoUpgradesFile(enable))
}

const debconfDb = '/var/cache/debconf/config.dat'
const autoUpdatesQuestion = 'unattended-upgrades/enable_auto_updates'

/** The debconf answer to "Automatically download and install stable updates?" (true unless answered no). */
export function autoUpgradesAnswer(server: Server): boolean {
  const text = server.fs.readFile(debconfDb, rootCred)
  if (isFsError(text)) return true
  const stanza = text.split('\n\n').find((block) => block.startsWith(`Name: ${autoUpdatesQuestion}\n`))
  return !stanza?.includes('\nValue: false\n')
}

/** Stores the answer in debconf's database as debconf does (one stanza per question). */
export function setAutoUpgradesAnswer(server: Server, enable: boolean): void {
  const current = server.fs.readFile(debconfDb, rootCred)
  const blocks = isFsError(current) ? [] : current.split('\n\n').filter((block) => block.trim() && !block.startsWith(`Name: ${autoUpdatesQuestion}\n`))
  blocks.push(`Name: ${autoUpdatesQuestion}\nTemplate: ${autoUpdatesQuestion}\nValue: ${enable}\nOwners: unattended-upgrades\nFlags: seen\n`)
  server.fs.mkdir('/var/cache/debconf', rootCred, { parents: true })
  server.fs.writeFile(debconfDb, blocks.map((block) => block.replace(/\n*$/, '\n')).join('\n'), rootCred)
}

// ---------------------------------------------------------------------------------------------
// MD5 (ucf compares files by their md5sum)

export function md5(text: string): string {
  const bytes = new TextEncoder().encode(text)
  const length = bytes.length
  const padded = new Uint8Array((((length + 8) >> 6) + 1) * 64)
  padded.set(bytes)
  padded[length] = 0x80
  const bits = length * 8
  const view = new DataView(padded.buffer)
  view.setUint32(padded.length - 8, bits >>> 0, true)
  view.setUint32(padded.length - 4, Math.floor(bits / 0x100000000), true)
  const shifts = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21]
  const constants = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0)
  let a0 = 0x67452301
  let b0 = 0xefcdab89
  let c0 = 0x98badcfe
  let d0 = 0x10325476
  for (let offset = 0; offset < padded.length; offset += 64) {
    const words = Array.from({ length: 16 }, (_, i) => view.getUint32(offset + i * 4, true))
    let a = a0
    let b = b0
    let c = c0
    let d = d0
    for (let i = 0; i < 64; i++) {
      let f: number
      let g: number
      if (i < 16) {
        f = (b & c) | (~b & d)
        g = i
      } else if (i < 32) {
        f = (d & b) | (~d & c)
        g = (5 * i + 1) % 16
      } else if (i < 48) {
        f = b ^ c ^ d
        g = (3 * i + 5) % 16
      } else {
        f = c ^ (b | ~d)
        g = (7 * i) % 16
      }
      const sum = (a + f + (constants[i] as number) + (words[g] as number)) >>> 0
      const shift = shifts[i] as number
      a = d
      d = c
      c = b
      b = (b + ((sum << shift) | (sum >>> (32 - shift)))) >>> 0
    }
    a0 = (a0 + a) >>> 0
    b0 = (b0 + b) >>> 0
    c0 = (c0 + c) >>> 0
    d0 = (d0 + d) >>> 0
  }
  return [a0, b0, c0, d0].map((word) => Array.from({ length: 4 }, (_, i) => ((word >>> (i * 8)) & 0xff).toString(16).padStart(2, '0')).join('')).join('')
}

// ---------------------------------------------------------------------------------------------
// Package files

/** /etc/apt/apt.conf.d/50unattended-upgrades of unattended-upgrades 2.9.1+nmu3 (from the lab). */
export const unattendedUpgradesConf: string = "// Unattended-Upgrade::Origins-Pattern controls which packages are\n// upgraded.\n//\n// Lines below have the format \"keyword=value,...\".  A\n// package will be upgraded only if the values in its metadata match\n// all the supplied keywords in a line.  (In other words, omitted\n// keywords are wild cards.) The keywords originate from the Release\n// file, but several aliases are accepted.  The accepted keywords are:\n//   a,archive,suite (eg, \"stable\")\n//   c,component     (eg, \"main\", \"contrib\", \"non-free\")\n//   l,label         (eg, \"Debian\", \"Debian-Security\")\n//   o,origin        (eg, \"Debian\", \"Unofficial Multimedia Packages\")\n//   n,codename      (eg, \"jessie\", \"jessie-updates\")\n//     site          (eg, \"http.debian.net\")\n// The available values on the system are printed by the command\n// \"apt-cache policy\", and can be debugged by running\n// \"unattended-upgrades -d\" and looking at the log file.\n//\n// Within lines unattended-upgrades allows 2 macros whose values are\n// derived from /etc/debian_version:\n//   ${distro_id}            Installed origin.\n//   ${distro_codename}      Installed codename (eg, \"buster\")\nUnattended-Upgrade::Origins-Pattern {\n        // Codename based matching:\n        // This will follow the migration of a release through different\n        // archives (e.g. from testing to stable and later oldstable).\n        // Software will be the latest available for the named release,\n        // but the Debian release itself will not be automatically upgraded.\n//      \"origin=Debian,codename=${distro_codename}-updates\";\n//      \"origin=Debian,codename=${distro_codename}-proposed-updates\";\n        \"origin=Debian,codename=${distro_codename},label=Debian\";\n        \"origin=Debian,codename=${distro_codename},label=Debian-Security\";\n        \"origin=Debian,codename=${distro_codename}-security,label=Debian-Security\";\n\n        // Archive or Suite based matching:\n        // Note that this will silently match a different release after\n        // migration to the specified archive (e.g. testing becomes the\n        // new stable).\n//      \"o=Debian,a=stable\";\n//      \"o=Debian,a=stable-updates\";\n//      \"o=Debian,a=proposed-updates\";\n//      \"o=Debian Backports,a=${distro_codename}-backports,l=Debian Backports\";\n};\n\n// Python regular expressions, matching packages to exclude from upgrading\nUnattended-Upgrade::Package-Blacklist {\n    // The following matches all packages starting with linux-\n//  \"linux-\";\n\n    // Use $ to explicitely define the end of a package name. Without\n    // the $, \"libc6\" would match all of them.\n//  \"libc6$\";\n//  \"libc6-dev$\";\n//  \"libc6-i686$\";\n\n    // Special characters need escaping\n//  \"libstdc\\+\\+6$\";\n\n    // The following matches packages like xen-system-amd64, xen-utils-4.1,\n    // xenstore-utils and libxenstore3.0\n//  \"(lib)?xen(store)?\";\n\n    // For more information about Python regular expressions, see\n    // https://docs.python.org/3/howto/regex.html\n};\n\n// This option allows you to control if on a unclean dpkg exit\n// unattended-upgrades will automatically run \n//   dpkg --force-confold --configure -a\n// The default is true, to ensure updates keep getting installed\n//Unattended-Upgrade::AutoFixInterruptedDpkg \"true\";\n\n// Split the upgrade into the smallest possible chunks so that\n// they can be interrupted with SIGTERM. This makes the upgrade\n// a bit slower but it has the benefit that shutdown while a upgrade\n// is running is possible (with a small delay)\n//Unattended-Upgrade::MinimalSteps \"true\";\n\n// Install all updates when the machine is shutting down\n// instead of doing it in the background while the machine is running.\n// This will (obviously) make shutdown slower.\n// Unattended-upgrades increases logind's InhibitDelayMaxSec to 30s.\n// This allows more time for unattended-upgrades to shut down gracefully\n// or even install a few packages in InstallOnShutdown mode, but is still a\n// big step back from the 30 minutes allowed for InstallOnShutdown previously.\n// Users enabling InstallOnShutdown mode are advised to increase\n// InhibitDelayMaxSec even further, possibly to 30 minutes.\n//Unattended-Upgrade::InstallOnShutdown \"false\";\n\n// Send email to this address for problems or packages upgrades\n// If empty or unset then no email is sent, make sure that you\n// have a working mail setup on your system. A package that provides\n// 'mailx' must be installed. E.g. \"user@example.com\"\n//Unattended-Upgrade::Mail \"\";\n\n// Set this value to one of:\n//    \"always\", \"only-on-error\" or \"on-change\"\n// If this is not set, then any legacy MailOnlyOnError (boolean) value\n// is used to chose between \"only-on-error\" and \"on-change\"\n//Unattended-Upgrade::MailReport \"on-change\";\n\n// Remove unused automatically installed kernel-related packages\n// (kernel images, kernel headers and kernel version locked tools).\n//Unattended-Upgrade::Remove-Unused-Kernel-Packages \"true\";\n\n// Do automatic removal of newly unused dependencies after the upgrade\n//Unattended-Upgrade::Remove-New-Unused-Dependencies \"true\";\n\n// Do automatic removal of unused packages after the upgrade\n// (equivalent to apt-get autoremove)\n//Unattended-Upgrade::Remove-Unused-Dependencies \"false\";\n\n// Automatically reboot *WITHOUT CONFIRMATION* if\n//  the file /var/run/reboot-required is found after the upgrade\n//Unattended-Upgrade::Automatic-Reboot \"false\";\n\n// Automatically reboot even if there are users currently logged in\n// when Unattended-Upgrade::Automatic-Reboot is set to true\n//Unattended-Upgrade::Automatic-Reboot-WithUsers \"true\";\n\n// If automatic reboot is enabled and needed, reboot at the specific\n// time instead of immediately\n//  Default: \"now\"\n//Unattended-Upgrade::Automatic-Reboot-Time \"02:00\";\n\n// Use apt bandwidth limit feature, this example limits the download\n// speed to 70kb/sec\n//Acquire::http::Dl-Limit \"70\";\n\n// Enable logging to syslog. Default is False\n// Unattended-Upgrade::SyslogEnable \"false\";\n\n// Specify syslog facility. Default is daemon\n// Unattended-Upgrade::SyslogFacility \"daemon\";\n\n// Download and install upgrades only on AC power\n// (i.e. skip or gracefully stop updates on battery)\n// Unattended-Upgrade::OnlyOnACPower \"true\";\n\n// Download and install upgrades only on non-metered connection\n// (i.e. skip or gracefully stop updates on a metered connection)\n// Unattended-Upgrade::Skip-Updates-On-Metered-Connections \"true\";\n\n// Verbose logging\n// Unattended-Upgrade::Verbose \"false\";\n\n// Print debugging information both in unattended-upgrades and\n// in unattended-upgrade-shutdown\n// Unattended-Upgrade::Debug \"false\";\n\n// Allow package downgrade if Pin-Priority exceeds 1000\n// Unattended-Upgrade::Allow-downgrade \"false\";\n\n// When APT fails to mark a package to be upgraded or installed try adjusting\n// candidates of related packages to help APT's resolver in finding a solution\n// where the package can be upgraded or installed.\n// This is a workaround until APT's resolver is fixed to always find a\n// solution if it exists. (See Debian bug #711128.)\n// The fallback is enabled by default, except on Debian's sid release because\n// uninstallable packages are frequent there.\n// Disabling the fallback speeds up unattended-upgrades when there are\n// uninstallable packages at the expense of rarely keeping back packages which\n// could be upgraded or installed.\n// Unattended-Upgrade::Allow-APT-Mark-Fallback \"true\";\n"
