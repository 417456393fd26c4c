/**
 * `npm run lab [-- command] [--release bookworm|trixie]`: the real Debian lab by hand
 * (default release bookworm).
 *   (none) | up   build the cache if needed and boot a machine that keeps running
 *   shell [NAME]  root shell in a running machine (`--learner` for the learner's)
 *   stop          stop every lab machine and remove what it made
 *   status        list the machines
 *   build         only build the cache
 *   record        re-record the golden transcripts (test/fixtures/transcripts/, trixie/ for trixie)
 *   bench [--runs N]  bench:checker inside a fresh machine (figures only)
 */
import { spawnSync } from 'node:child_process'
import { ensureBase } from './base.ts'
import { benchInLab } from './bench.ts'
import { defaultRelease, isRelease, releases, type Release } from './config.ts'
import { attach, cleanupAll, LabMachine, listMachines } from './machine.ts'
import { labSkipReason } from './support.ts'
import { recordTranscripts } from './transcripts.ts'

const log = (line: string): void => console.log(`lab: ${line}`)

/** Takes `--release NAME` (or `--release=NAME`) out of argv. */
function takeRelease(argv: string[]): { release: Release; rest: string[] } {
  const rest: string[] = []
  let release: string = defaultRelease
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--release') release = argv[++i] ?? ''
    else if (arg.startsWith('--release=')) release = arg.slice('--release='.length)
    else rest.push(arg)
  }
  if (!isRelease(release)) throw new Error(`unknown release "${release}" (known: ${releases.join(', ')})`)
  return { release, rest }
}

async function main(argv: string[]): Promise<number> {
  const { release, rest: args } = takeRelease(argv)
  const [command = 'up', ...rest] = args
  const reason = labSkipReason()
  if (reason && command !== 'help') {
    console.error(`lab: ${reason}`)
    return 2
  }
  switch (command) {
    case 'build': {
      const started = Date.now()
      await ensureBase(log, release)
      log(`${release} cache ready after ${Math.round((Date.now() - started) / 1000)} s`)
      return 0
    }
    case 'up': {
      const started = Date.now()
      const machine = await LabMachine.boot(await ensureBase(log, release))
      log(`${machine.name} (${release}) booted in ${Date.now() - started} ms at ${machine.guestAddress} (host side ${machine.hostAddress})`)
      log(`  npm run lab -- shell ${machine.name}     root shell (--learner for the learner)`)
      log(`  curl http://${machine.guestAddress}/     nginx;  ssh -p 22 learner@${machine.guestAddress} (password learner)`)
      log('  npm run lab -- stop                 stop it and remove everything')
      return 0
    }
    case 'shell': {
      const name = rest.find((arg) => !arg.startsWith('-')) ?? (await listMachines())[0]?.name
      const machine = name ? await attach(name) : undefined
      if (!machine) {
        console.error('lab: no running machine: start one with `npm run lab`')
        return 1
      }
      const [file, ...args] = machine.shellArgv('', rest.includes('--learner') ? 'learner' : 'root', { login: true })
      return spawnSync(file!, args, { stdio: 'inherit' }).status ?? 1
    }
    case 'stop': {
      const removed = await cleanupAll()
      log(removed.length ? `stopped and removed ${removed.join(', ')}` : 'nothing to stop')
      return 0
    }
    case 'status': {
      for (const m of await listMachines()) console.log(`${m.name}\t${m.release ?? defaultRelease}\t${m.guestAddress}\tleader ${m.leaderPid}`)
      return 0
    }
    case 'bench': {
      const runs = rest.indexOf('--runs') >= 0 ? Number(rest[rest.indexOf('--runs') + 1]) : 7
      await benchInLab(release, { runs, log })
      return 0
    }
    case 'record':
      await recordTranscripts(log, { release })
      return 0
    default:
      console.error('usage: npm run lab -- [up|shell [NAME] [--learner]|stop|status|build|record|bench] [--release bookworm|trixie]')
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`lab: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  },
)
