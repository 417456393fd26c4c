/**
 * `unattended-upgrade` of unattended-upgrades 2.9.1+nmu3 (Debian 12): what it would upgrade from
 * the allowed origins of 50unattended-upgrades. --dry-run changes nothing but the log; -v prints
 * INFO lines, -d/--debug also DEBUG lines; every run appends both to its log, as the real one.
 * The messages are the lab's (nothing pending); the lines for pending packages follow the
 * program's own wording.
 */
import { applyPlan, planUpgrade, upgradable } from '../../machine/apt.ts'
import { isFsError, rootCred } from '../../fs/types.ts'
import type { Server } from '../../machine/server.ts'
import type { Suite } from '../../machine/packages.ts'
import type { Command, CommandContext } from '../types.ts'
import { serverOf } from './_common.ts'

const logDir = '/var/log/unattended-upgrades'
const kernelPatterns = ['^linux-.*-', '^kfreebsd-.*-', '^gnumach-.*-', '^.*-modules-', '^.*-kernel-']

function kernelRegexp(version: string): string {
  return `(${[...kernelPatterns, ...kernelPatterns].map((pattern) => `${pattern}${version}$`).join('|')})`
}

const versionPattern = '[1-9][0-9]*\\.[0-9]+\\.[0-9]+-[0-9]+(-.+)?'

const origins: Record<Suite, string> = {
  bookworm: "archive:'oldstable' origin:'Debian' label:'Debian'",
  'bookworm-updates': "archive:'oldstable-updates' origin:'Debian' label:'Debian'",
  'bookworm-security': "archive:'oldstable-security' origin:'Debian' label:'Debian-Security'",
}

/** Python's re.escape: every character outside [A-Za-z0-9_] that is special gets a backslash. */
function reEscape(text: string): string {
  return text.replace(/[.\-^$*+?{}[\]\\|()#&~ ]/g, '\\$&')
}

function timestamp(time: number): string {
  const date = new Date(time)
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0')
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())},${pad(date.getUTCMilliseconds(), 3)}`
}

export const unattendedUpgrade: Command = async (ctx) => {
  const server = serverOf(ctx)
  if (!server) return 1
  if (ctx.cred.uid !== 0) {
    ctx.stdout.write('You need to be root to run this application\n')
    return 1
  }
  const args = ctx.argv.slice(1)
  const dryRun = args.includes('--dry-run')
  const debug = args.includes('-d') || args.includes('--debug')
  const verbose = debug || args.includes('-v') || args.includes('--verbose')
  const log: string[] = []
  const say = (level: 'INFO' | 'DEBUG', text: string): void => {
    log.push(`${timestamp(server.now())} ${level} ${text}\n`)
    server.advance(3)
    if (level === 'INFO' ? verbose : debug) ctx.stdout.write(`${text}\n`)
  }
  run(ctx, server, say, dryRun, debug)
  server.fs.mkdir(logDir, rootCred, { parents: true, mode: 0o750 })
  const logFile = `${logDir}/unattended-upgrades.log`
  server.fs.writeFile(logFile, log.join(''), rootCred, { append: true })
  if (isFsError(server.fs.stat(`${logDir}/unattended-upgrades-dpkg.log`, rootCred))) server.fs.writeFile(`${logDir}/unattended-upgrades-dpkg.log`, '', rootCred)
  await ctx.tty?.pause(400)
  return 0
}

function run(ctx: CommandContext, server: Server, say: (level: 'INFO' | 'DEBUG', text: string) => void, dryRun: boolean, debug: boolean): void {
  const release = server.fs.readFile('/proc/sys/kernel/osrelease', rootCred)
  const kernel = isFsError(release) ? '6.1.0-28-amd64' : release.trim()
  say('INFO', 'Checking if system is running on battery is skipped. Please install powermgmt-base package to check power status and skip installing updates when the system is running on battery.')
  say('INFO', 'Starting unattended upgrades script')
  say('INFO', 'Allowed origins are: origin=Debian,codename=bookworm,label=Debian, origin=Debian,codename=bookworm,label=Debian-Security, origin=Debian,codename=bookworm-security,label=Debian-Security')
  say('INFO', 'Initial blacklist: ')
  say('INFO', 'Initial whitelist (not strict): ')
  // Debian 12's 50unattended-upgrades leaves the -updates suite out of the allowed origins, so its
  // index is pinned away (a real server prints exactly this for it).
  const updatesIndex = `<apt_pkg.PackageFile object: filename:'/var/lib/apt/lists/mirror.example_debian_dists_bookworm-updates_main_binary-amd64_Packages'  a=oldstable-updates,c=main,v=12,o=Debian,l=Debian arch='amd64' site='mirror.example' IndexType='Debian Package Index' Size=6924 ID:2>`
  say('DEBUG', `Marking not allowed ${updatesIndex} with -32768 pin`)
  say('DEBUG', 'Applying pinning: PkgFilePin(id=2, priority=-32768)')
  say('DEBUG', `Applying pin -32768 to package_file: ${updatesIndex}`)
  say('DEBUG', `Using ${kernelRegexp(versionPattern)} regexp to find kernel packages`)
  say('DEBUG', `Using ${kernelRegexp(reEscape(kernel))} regexp to find running kernel packages`)
  const pending = upgradable(server)
  for (const found of pending) say('DEBUG', `Checking: ${found.name} ([<Origin component:'main' ${origins[found.to.suite]} site:'mirror.example' isTrusted:True>])`)
  say('DEBUG', `pkgs that look like they should be upgraded: ${pending.map((found) => found.name).join('\n')}`)
  if (debug) {
    // apt's download progress goes straight to the terminal, over the whole line.
    const fetched = 'Fetched 0 B in 0s (0 B/s)'
    ctx.stdout.write(`\r${fetched.padEnd(80)}\n`)
  }
  say('DEBUG', 'fetch.run() result: 0')
  say('DEBUG', 'Packages blacklist due to conffile prompts: []')
  if (pending.length === 0) {
    say('INFO', 'No packages found that can be upgraded unattended and no pending auto-removals')
  } else {
    say('INFO', `Packages that will be upgraded: ${pending.map((found) => found.name).join(' ')}`)
    say('INFO', 'Writing dpkg log to /var/log/unattended-upgrades/unattended-upgrades-dpkg.log')
    if (!dryRun) applyPlan(server, planUpgrade(server))
    say('INFO', 'All upgrades installed')
  }
  if (dryRun) say('INFO', "The list of kept packages can't be calculated in dry-run mode.")
}
