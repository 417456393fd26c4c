/**
 * apt and apt-get (apt 2.6.1 of Debian 12): update, upgrade, full-upgrade/dist-upgrade, install,
 * remove, purge, autoremove (_remove.ts), list. The two differ as the real ones do: `apt` warns
 * about its unstable CLI when stdout is not a terminal, colours its messages, says how many
 * packages can be upgraded after an update and leaves a blank line where its progress bar starts;
 * apt-get does none of that.
 */
import { aptUpdate, applyPlan, planInstall, planSizes, planUpgrade, setupSequence, upgradable, type Plan, type PlanItem } from '../../machine/apt.ts'
import { catalogue, candidate, dpkgName, installedVersion, suites } from '../../machine/packages.ts'
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'
import { confirm, message, pause, readyToChange, serverOf, sizeToStr, status, wrapList, type Flavour } from './_common.ts'
import { removal } from './_remove.ts'

export type { Flavour } from './_common.ts'

export interface Options {
  yes: boolean
  simulate: boolean
  recommends: boolean
  upgradable: boolean
  installed: boolean
  /** --purge: remove also takes the config files */
  purge: boolean
  /** --autoremove / --auto-remove: remove also takes what is then unused */
  autoRemove: boolean
  words: string[]
}

const simulateFlags = new Set(['-s', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act'])
const yesFlags = new Set(['-y', '--yes', '--assume-yes'])
/** Options apt accepts that change nothing the practice machine shows. */
const quietFlags = new Set(['-q', '-qq', '--quiet', '-f', '--fix-broken', '-V', '--verbose-versions', '--allow-downgrades', '--allow-remove-essential', '--allow-change-held-packages', '--no-upgrade', '--only-upgrade', '-m', '--fix-missing', '--with-new-pkgs', '-u', '--show-upgraded', '--force-yes', '--no-download', '--reinstall'])

function parse(args: readonly string[]): Options | { error: string } {
  const options: Options = { yes: false, simulate: false, recommends: true, upgradable: false, installed: false, purge: false, autoRemove: false, words: [] }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-o' || arg === '-c' || arg === '-t' || arg === '--option' || arg === '--target-release' || arg === '--config-file') {
      i++
      continue
    }
    if (/^-[oct]./.test(arg) || /^--(option|target-release|config-file)=/.test(arg)) continue
    if (yesFlags.has(arg)) options.yes = true
    else if (simulateFlags.has(arg)) options.simulate = true
    else if (arg === '--no-install-recommends') options.recommends = false
    else if (arg === '--install-recommends') options.recommends = true
    else if (arg === '--upgradable' || arg === '--upgradeable') options.upgradable = true
    else if (arg === '--installed') options.installed = true
    else if (arg === '--purge') options.purge = true
    else if (arg === '--autoremove' || arg === '--auto-remove') options.autoRemove = true
    else if (quietFlags.has(arg)) continue
    else if (/^-[a-zA-Z]{2,}$/.test(arg)) {
      // Bundled short options (-qy, -sy).
      for (const letter of arg.slice(1)) {
        if (letter === 'y') options.yes = true
        else if (letter === 's') options.simulate = true
        else if (!'qfVmu'.includes(letter)) return { error: `Command line option '${letter}' [from ${arg}] is not understood in combination with the other options.` }
      }
    } else if (arg.startsWith('--')) return { error: `Command line option --${arg.slice(2)} is not understood in combination with the other options` }
    else if (arg.startsWith('-') && arg.length > 1) return { error: `Command line option '${arg.slice(1, 2)}' [from ${arg}] is not understood in combination with the other options.` }
    else options.words.push(arg)
  }
  return options
}

export async function runApt(ctx: CommandContext, flavour: Flavour): Promise<number> {
  const server = serverOf(ctx)
  const colour = flavour === 'apt'
  const parsed = parse(ctx.argv.slice(1))
  if ('error' in parsed) {
    message(ctx, 'E', parsed.error, colour)
    return 100
  }
  const [operation, ...names] = parsed.words
  if (operation === undefined) {
    ctx.stdout.write(flavour === 'apt' ? aptUsage : aptGetUsage)
    return 1
  }
  if (!server) return 1
  const known = flavour === 'apt' ? aptOperations : aptGetOperations
  if (!known.has(operation)) {
    message(ctx, 'E', `Invalid operation ${operation}`, colour)
    return 100
  }
  if (flavour === 'apt' && !ctx.stdout.isTty) ctx.stderr.write('\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n')
  const root = ctx.cred.uid === 0
  switch (operation) {
    case 'update':
      return update(ctx, server, flavour, root)
    case 'upgrade':
    case 'full-upgrade':
    case 'dist-upgrade':
      return change(ctx, server, flavour, parsed, root, () => ({ ok: true, plan: planUpgrade(server) }), true)
    case 'install':
      if (names.length === 0) {
        // apt-get install with nothing to do still reads the state and says so.
        return change(ctx, server, flavour, parsed, root, () => planInstall(server, []), false)
      }
      return change(ctx, server, flavour, parsed, root, () => planInstall(server, names, { recommends: parsed.recommends }), false, new Set(names).size)
    case 'remove':
    case 'purge':
    case 'autoremove':
    case 'auto-remove':
    case 'autopurge':
      return removal(ctx, server, flavour, parsed, operation, names, root)
    case 'list':
      return list(ctx, server, parsed)
    default:
      message(ctx, 'E', `Invalid operation ${operation}`, colour)
      return 100
  }
}

const removals = ['remove', 'purge', 'autoremove', 'auto-remove', 'autopurge']
const aptOperations = new Set(['update', 'upgrade', 'full-upgrade', 'dist-upgrade', 'install', 'list', ...removals])
const aptGetOperations = new Set(['update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'install', ...removals])

// ---------------------------------------------------------------------------------------------
// update

async function update(ctx: CommandContext, server: Server, flavour: Flavour, root: boolean): Promise<number> {
  if (!root) {
    status(ctx, 'Reading package lists')
    message(ctx, 'E', 'Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)', flavour === 'apt')
    message(ctx, 'E', 'Unable to lock directory /var/lib/apt/lists/', flavour === 'apt')
    message(ctx, 'W', 'Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)', flavour === 'apt')
    message(ctx, 'W', 'Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)', flavour === 'apt')
    return 100
  }
  const result = aptUpdate(server)
  let number = 0
  for (const line of result.lines) {
    number++
    const { index } = line
    const suite = suites[index.suite]
    const what =
      index.kind === 'InRelease'
        ? `${suite.uri} ${suite.dist} InRelease`
        : index.kind === 'Packages'
          ? `${suite.uri} ${suite.dist}/main amd64 Packages`
          : `${suite.uri} ${suite.dist}/main Translation-en`
    ctx.stdout.write(line.kind === 'Hit' ? `Hit:${number} ${what}\n` : `Get:${number} ${what} [${sizeToStr(index.size)}]\n`)
    await pause(ctx, line.kind === 'Get' && index.size > 1e6 ? 250 : 60)
  }
  // A simulated 8 MB/s link: the seconds apt reports are whole, the rate is the real quotient.
  const seconds = result.fetchedBytes / 8e6 + 0.35
  server.advance(seconds * 1000 + 1200)
  if (result.fetchedBytes > 0) ctx.stdout.write(`Fetched ${sizeToStr(result.fetchedBytes)} in ${Math.floor(seconds)}s (${sizeToStr(result.fetchedBytes / seconds)}/s)\n`)
  status(ctx, 'Reading package lists')
  if (flavour === 'apt-get') return 0
  await pause(ctx, 200)
  status(ctx, 'Building dependency tree')
  status(ctx, 'Reading state information')
  const count = upgradable(server).length
  if (count === 0) ctx.stdout.write('All packages are up to date.\n')
  else if (count === 1) ctx.stdout.write("1 package can be upgraded. Run 'apt list --upgradable' to see it.\n")
  else ctx.stdout.write(`${count} packages can be upgraded. Run 'apt list --upgradable' to see them.\n`)
  return 0
}

// ---------------------------------------------------------------------------------------------
// upgrade, install

type Planner = () => { ok: true; plan: Plan } | { ok: false; missing: string[] }

/**
 * `named`: how many packages an install named. apt asks before an upgrade, and before an install
 * only when it installs more (or other) packages than were named (apt-get's DoInstall:
 * InstCount() == the named ones and DelCount() == 0 goes ahead; the lab's `apt install nano`).
 */
async function change(ctx: CommandContext, server: Server, flavour: Flavour, options: Options, root: boolean, planner: Planner, upgrade: boolean, named?: number): Promise<number> {
  const colour = flavour === 'apt'
  if (!readyToChange(ctx, flavour, options.simulate, root)) return 100
  const planned = planner()
  if (!planned.ok) {
    for (const name of planned.missing) message(ctx, 'E', `Unable to locate package ${name}`, colour)
    return 100
  }
  const { plan } = planned
  if (upgrade) status(ctx, 'Calculating upgrade')
  for (const found of plan.alreadyNewest) ctx.stdout.write(`${found.name} is already the newest version (${found.version}).\n`)
  const fresh = plan.items.filter((item) => item.from === undefined)
  const upgrades = plan.items.filter((item) => item.from !== undefined)
  if (plan.additional.length > 0) ctx.stdout.write(`The following additional packages will be installed:\n${wrapList(plan.additional)}`)
  if (plan.suggested.length > 0) ctx.stdout.write(`Suggested packages:\n${wrapList(plan.suggested)}`)
  if (fresh.length > 0) ctx.stdout.write(`The following NEW packages will be installed:\n${wrapList(fresh.map((item) => item.name).sort())}`)
  if (upgrades.length > 0) ctx.stdout.write(`The following packages will be upgraded:\n${wrapList(upgrades.map((item) => item.name).sort())}`)
  ctx.stdout.write(`${upgrades.length} upgraded, ${fresh.length} newly installed, 0 to remove and ${plan.notUpgraded} not upgraded.\n`)
  if (plan.items.length === 0) return 0
  if (options.simulate) {
    for (const item of plan.items) ctx.stdout.write(`Inst ${item.name}${item.from !== undefined ? ` [${item.from}]` : ''} (${versionOrigin(item)})${catalogue.get(item.name)?.multiArch === 'same' ? ' []' : ''}\n`)
    for (const item of setupSequence(plan.items)) ctx.stdout.write(`Conf ${item.name} (${versionOrigin(item)})\n`)
    return 0
  }
  const sizes = planSizes(plan)
  ctx.stdout.write(`Need to get ${sizeToStr(sizes.download)} of archives.\n`)
  ctx.stdout.write(
    sizes.diskChange >= 0
      ? `After this operation, ${sizeToStr(sizes.diskChange)} of additional disk space will be used.\n`
      : `After this operation, ${sizeToStr(-sizes.diskChange)} disk space will be freed.\n`,
  )
  const ask = upgrade || named === undefined || plan.items.length !== named
  if (ask && !options.yes && !(await confirm(ctx))) {
    ctx.stdout.write('Abort.\n')
    return 1
  }
  let number = 0
  for (const item of plan.items) {
    number++
    const suite = suites[item.to.suite]
    const entry = catalogue.get(item.name)
    ctx.stdout.write(`Get:${number} ${suite.uri} ${suite.dist}/main amd64 ${item.name} ${entry?.arch ?? 'amd64'} ${item.to.version} [${sizeToStr(item.to.size)}]\n`)
    await pause(ctx, 25)
  }
  const seconds = sizes.download / 8e6 + 0.2
  ctx.stdout.write(`Fetched ${sizeToStr(sizes.download)} in ${Math.floor(seconds)}s (${sizeToStr(sizes.download / seconds)}/s)\n`)
  server.advance(seconds * 1000)
  const result = applyPlan(server, plan)
  const fancy = flavour === 'apt' && ctx.stdout.isTty
  if (result.preconfigured) ctx.stdout.write('Preconfiguring packages ...\n')
  if (fancy) ctx.stdout.write('\n')
  const prefixWidth = plan.items.length > 1 ? String(plan.items.length - 1).length : 0
  let databaseShown = false
  const showDatabase = (): void => {
    if (databaseShown) return
    databaseShown = true
    ctx.stdout.write(`(Reading database ... ${result.databaseBefore} files and directories currently installed.)\n`)
  }
  plan.items.forEach((item, index) => {
    const entry = catalogue.get(item.name)
    const shown = dpkgName(item.name)
    if (item.from === undefined) ctx.stdout.write(`Selecting previously unselected package ${shown}.\n`)
    showDatabase()
    const file = `${item.name}_${item.to.version.replace(':', '%3a')}_${entry?.arch ?? 'amd64'}.deb`
    // apt hands dpkg one archive from its cache, several as numbered links in a temporary folder.
    const path = prefixWidth > 0 ? `/tmp/apt-dpkg-install-nQ3bTz/${String(index).padStart(prefixWidth, '0')}-${file}` : `/var/cache/apt/archives/${file}`
    ctx.stdout.write(`Preparing to unpack ${summarizeFilename(path)} ...\n`)
    ctx.stdout.write(item.from === undefined ? `Unpacking ${shown} (${item.to.version}) ...\n` : `Unpacking ${shown} (${item.to.version}) over (${item.from}) ...\n`)
  })
  await pause(ctx, 300)
  for (const step of result.setup) {
    ctx.stdout.write(`Setting up ${dpkgName(step.item.name)} (${step.item.to.version}) ...\n`)
    for (const line of step.output) ctx.stdout.write(`${line}\n`)
    await pause(ctx, 25)
  }
  for (const line of result.triggers) ctx.stdout.write(`${line}\n`)
  server.advance(2000 + plan.items.length * 700)
  return 0
}

/**
 * dpkg's summarize_filename: leading folders dropped while what is left is longer than 30
 * characters and still has one (".../archives/ufw_0.36.2-1_all.deb", ".../nano_7.2-1+deb12u1_amd64.deb").
 */
function summarizeFilename(path: string): string {
  let rest = path
  while (rest.length > 30 && rest.includes('/')) rest = rest.slice(rest.indexOf('/') + 1)
  return rest === path ? path : `.../${rest}`
}

/** "1:9.2p1-2+deb12u10 Debian:12.15/oldstable [amd64]" as apt-get -s prints it. */
function versionOrigin(item: PlanItem): string {
  const entry = catalogue.get(item.name)
  return `${item.to.version} ${suites[item.to.suite].release} [${entry?.arch ?? 'amd64'}]`
}

// ---------------------------------------------------------------------------------------------
// apt list

async function list(ctx: CommandContext, server: Server, options: Options): Promise<number> {
  status(ctx, 'Listing')
  const tty = ctx.stdout.isTty
  const green = (name: string): string => (tty ? `\x1b[32m${name}\x1b[0m` : name)
  if (options.upgradable) {
    let additional = 0
    for (const found of upgradable(server)) {
      const entry = catalogue.get(found.name)
      ctx.stdout.write(`${green(found.name)}/${archiveOf(found.to.suite)} ${found.to.version} ${entry?.arch ?? 'amd64'} [upgradable from: ${found.from}]\n`)
      additional += (entry?.mirror.length ?? 1) - 1
    }
    if (tty && additional > 0) {
      message(ctx, 'N', additional === 1 ? "There is 1 additional version. Please use the '-a' switch to see it" : `There are ${additional} additional versions. Please use the '-a' switch to see them.`, true)
    }
    return 0
  }
  if (options.installed) {
    for (const name of Object.keys(server.state.packages).sort()) {
      const version = installedVersion(server, name)
      if (version === undefined) continue
      const entry = catalogue.get(name)
      const current = server.state.aptLists === 'current' ? candidate(server, name) : undefined
      const archives = current && current.version === version ? `${archiveOf(current.suite)},now` : 'now'
      const flags = server.state.packages[name]?.manual ? 'installed' : 'installed,automatic'
      const upgradableFrom = current && current.version !== version ? `,upgradable to: ${current.version}` : ''
      ctx.stdout.write(`${green(name)}/${archives} ${version} ${entry?.arch ?? 'amd64'} [${flags}${upgradableFrom}]\n`)
    }
  }
  return 0
}

function archiveOf(suite: keyof typeof suites): string {
  return suite === 'bookworm' ? 'oldstable' : suite === 'bookworm-updates' ? 'oldstable-updates' : 'oldstable-security'
}

const aptUsage = `apt 2.6.1 (amd64)
Usage: apt [options] command

apt is a commandline package manager and provides commands for
searching and managing as well as querying information about packages.
It provides the same functionality as the specialized APT tools,
like apt-get and apt-cache, but enables options more suitable for
interactive use by default.

Most used commands:
  list - list packages based on package names
  search - search in package descriptions
  show - show package details
  install - install packages
  reinstall - reinstall packages
  remove - remove packages
  autoremove - automatically remove all unused packages
  update - update list of available packages
  upgrade - upgrade the system by installing/upgrading packages
  full-upgrade - upgrade the system by removing/installing/upgrading packages
  edit-sources - edit the source information file
  satisfy - satisfy dependency strings

See apt(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`

const aptGetUsage = `apt 2.6.1 (amd64)
Usage: apt-get [options] command
       apt-get [options] install|remove pkg1 [pkg2 ...]
       apt-get [options] source pkg1 [pkg2 ...]

apt-get is a command line interface for retrieval of packages
and information about them from authenticated sources and
for installation, upgrade and removal of packages together
with their dependencies.

Most used commands:
  update - Retrieve new lists of packages
  upgrade - Perform an upgrade
  install - Install new packages (pkg is libc6 not libc6.deb)
  reinstall - Reinstall packages (pkg is libc6 not libc6.deb)
  remove - Remove packages
  purge - Remove packages and config files
  autoremove - Remove automatically all unused packages
  dist-upgrade - Distribution upgrade, see apt-get(8)
  dselect-upgrade - Follow dselect selections
  build-dep - Configure build-dependencies for source packages
  satisfy - Satisfy dependency strings
  clean - Erase downloaded archive files
  autoclean - Erase old downloaded archive files
  check - Verify that there are no broken dependencies
  source - Download source archives
  download - Download the binary package into the current directory
  changelog - Download and display the changelog for the given package

See apt-get(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
                                        This APT has Super Cow Powers.
`
