/**
 * Probes stay independent, yet two of them may ask the same question (`systemctl show` for the
 * units and for ssh.socket). Within one collection the same command line runs once and every
 * asker gets its answer: each program started holds the event loop for a few milliseconds and
 * takes a share of the CPUs.
 */
import type { Host, RunResult } from './host.ts'

export function sharingRuns(host: Host): Host {
  const running = new Map<string, Promise<RunResult>>()
  return {
    ...host,
    run(command, args, options) {
      const key = JSON.stringify([command, args])
      const answer = running.get(key) ?? host.run(command, args, options)
      running.set(key, answer)
      return answer
    },
  }
}
