/**
 * Facts → results. Pure: no `node:` import, no I/O, no clock (the time is facts.observedAt), so
 * the same verdicts come out of the CLI, the browser practice machine and the grading server.
 */
import { checkIds, type CheckId } from '../catalog.ts'
import type { Facts } from '../facts.ts'
import { autoupdateEnabled, autoupdateInstalled, autoupdatePeriodic, autoupdateRunning } from './autoupdate.ts'
import { allowHttp, allowSsh, defaultDeny, extraPorts, firewallActive, firewallInstalled } from './firewall.ts'
import { lockout } from './guard.ts'
import { configValid, port22Closed, portApplied, portConfigured, portListening } from './ssh.ts'
import type { CheckResult, Rule, RuleSettings } from './types.ts'
import { listsFresh, rebootRequired, updatesApplied } from './updates.ts'

export type { CheckResult, Rule, RuleSettings, Status, Text } from './types.ts'
export { statuses } from './types.ts'

export const rules: Record<CheckId, Rule> = {
  'updates.lists-fresh': listsFresh,
  'updates.applied': updatesApplied,
  'updates.reboot': rebootRequired,
  'autoupdate.installed': autoupdateInstalled,
  'autoupdate.running': autoupdateRunning,
  'autoupdate.enabled': autoupdateEnabled,
  'autoupdate.periodic': autoupdatePeriodic,
  'ssh.config-valid': configValid,
  'ssh.port-configured': portConfigured,
  'ssh.port-listening': portListening,
  'ssh.port-applied': portApplied,
  'ssh.port22-closed': port22Closed,
  'firewall.installed': firewallInstalled,
  'firewall.active': firewallActive,
  'firewall.default-deny': defaultDeny,
  'firewall.allow-ssh': allowSsh,
  'firewall.allow-http': allowHttp,
  'firewall.extra-ports': extraPorts,
  'guard.lockout': lockout,
}

/** guard.lockout comes first: it is the one result a learner must not scroll past. */
export const evaluationOrder: readonly CheckId[] = ['guard.lockout', ...checkIds.filter((id) => id !== 'guard.lockout')]

export function evaluate(facts: Facts, settings: RuleSettings, selected: readonly CheckId[] = checkIds): CheckResult[] {
  const wanted = new Set(selected)
  return evaluationOrder.filter((id) => wanted.has(id)).map((id) => ({ id, ...rules[id]({ facts, settings }) }))
}
