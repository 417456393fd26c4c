/**
 * systemd unit states (`systemctl show`, no root needed). One `systemctl show` answers for every
 * unit the checker observes and for the ports ssh.socket holds (its Listen lines): the units probe
 * and the sshd probe ask the same command line, and collectFacts runs it once (shared-runs.ts).
 */
import { observedUnits, type Facts, type UnknownFact } from '../facts.ts'
import { blocksForUnits, unitStatesFromBlocks, type ShowBlock } from '../parsers/systemctl-show.ts'
import type { Host } from './host.ts'
import { commandProblem, unknown } from './_unknown.ts'
import { timeouts } from './timeouts.ts'

export const systemctlShowArgs = ['show', '-p', 'Id,LoadState,ActiveState,UnitFileState,Listen', ...observedUnits] as const

type ObservedUnit = (typeof observedUnits)[number]

/** The observed units' blocks by unit name, or why there are none. */
export async function showObservedUnits(host: Host): Promise<Record<ObservedUnit, ShowBlock> | UnknownFact> {
  const result = await host.run('systemctl', systemctlShowArgs, { timeoutMs: timeouts.quick })
  if (!result.ok || result.code !== 0) return commandProblem('systemctl show', result)
  return (blocksForUnits(result.stdout, observedUnits) as Record<ObservedUnit, ShowBlock> | undefined) ?? unknown('systemctl show: unexpected output')
}

export async function probeUnits(host: Host): Promise<Facts['units']> {
  const shown = await showObservedUnits(host)
  const states = 'unknown' in shown ? undefined : unitStatesFromBlocks(shown, observedUnits)
  if (states) return states as Facts['units']
  const problem = 'unknown' in shown ? shown : unknown('systemctl show: unexpected output')
  return Object.fromEntries(observedUnits.map((unit) => [unit, problem])) as Facts['units']
}
