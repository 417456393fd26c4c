/** systemd unit states (`systemctl show`, no root needed). */
import { observedUnits, type Facts } from '../facts.ts'
import { unitStatesFromShow } from '../parsers/systemctl-show.ts'
import type { Host } from './host.ts'
import { commandProblem, unknown } from './_unknown.ts'
import { timeouts } from './timeouts.ts'

export async function probeUnits(host: Host): Promise<Facts['units']> {
  const result = await host.run('systemctl', ['show', '-p', 'Id,LoadState,ActiveState,UnitFileState', ...observedUnits], { timeoutMs: timeouts.quick })
  const states = result.ok && result.code === 0 ? unitStatesFromShow(result.stdout, observedUnits) : undefined
  if (states) return states
  const problem = result.ok && result.code === 0 ? unknown('systemctl show: unexpected output') : commandProblem('systemctl show', result)
  return Object.fromEntries(observedUnits.map((unit) => [unit, problem]))
}
