/**
 * `npm run lab [-- command]`: the real Debian lab by hand.
 *   (none) | up   build the cache if needed and boot a machine that keeps running
 *   shell [NAME]  root shell in a running machine (`--learner` for the learner's)
 *   stop          stop every lab machine and remove what it made
 *   status        list the machines
 *   build         only build the cache
 *   record        re-record the golden transcripts (test/fixtures/transcripts/)
 */
import { spawnSync } from 'node:child_process'
import { ensureBase } from './base.ts'
import { attach, cleanupAll, LabMachine, listMachines } from './machine.ts'
import { labSkipReason } from './support.ts'
import { recordTranscripts } from './transcripts.ts'

const log = (line: string): void => console.log(`lab: ${line}`)

async function main(argv: string[]): Promise<number> {
  const [command = 'up', ...rest] = argv
  const reason = labSkipReason()
  if (reason && command !== 'help') {
    console.error(`lab: ${reason}`)
    return 2
  }
  switch (command) {
    case 'build':
      await ensureBase(log)
      return 0
    case 'up': {
      const started = Date.now()
      const machine = await LabMachine.boot(await ensureBase(log))
      log(`${machine.name} booted in ${Date.now() - started} ms at ${machine.guestAddress} (host side ${machine.hostAddress})`)
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
      for (const m of await listMachines()) console.log(`${m.name}\t${m.guestAddress}\tleader ${m.leaderPid}`)
      return 0
    }
    case 'record':
      await recordTranscripts(log)
      return 0
    default:
      console.error('usage: npm run lab -- [up|shell [NAME] [--learner]|stop|status|build|record]')
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
