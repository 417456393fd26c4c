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
import type { CheckResult, Rule, RuleSettings, Text } from './types.ts'
import { clip } from '../parsers/_clip.ts'
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
  return evaluationOrder.filter((id) => wanted.has(id)).map((id) => bounded({ id, ...rules[id]({ facts, settings }) }))
}

/** At most this many evidence lines (then "… and N more"), each this long. */
export const maxEvidenceLines = 20
const maxEvidenceChars = 200
const maxTextChars = 2000

/** A safety net under every rule: whatever the system holds, a result stays a few kilobytes. */
function bounded(result: CheckResult): CheckResult {
  const text = (value: Text): Text => ({ ja: clip(value.ja, maxTextChars), en: clip(value.en, maxTextChars) })
  const out: CheckResult = { ...result, detail: text(result.detail) }
  if (result.hint) out.hint = text(result.hint)
  if (result.fix) out.fix = result.fix.slice(0, maxEvidenceLines).map((line) => clip(line, maxEvidenceChars))
  if (result.evidence) {
    const lines = result.evidence.slice(0, maxEvidenceLines).map((line) => clip(line, maxEvidenceChars))
    if (result.evidence.length > maxEvidenceLines) lines.push(`… and ${result.evidence.length - maxEvidenceLines} more`)
    out.evidence = lines
  }
  return out
}
