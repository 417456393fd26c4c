/**
 * guard.lockout: the one check that protects the learner's access. It fails when the firewall is
 * on (running, or enabled for the next boot) and none of the ports sshd listens on — or will
 * listen on after a reload — gets through. Anything it cannot read makes it unknown, never pass.
 */
import { isUnknown, type Facts, type UnknownFact } from '../facts.ts'
import type { Rule, RuleSettings } from './types.ts'
import { fail, fromUnknown, pass, portList } from './_verdict.ts'
import { listeningPorts, mayBeSshd, reachable } from './_ssh-state.ts'
import { decidePort } from './_ufw-state.ts'

function firewallOn(facts: Facts): boolean | 'unknown' {
  const { active, enabledInConfig } = facts.ufw
  if (active === true || enabledInConfig === true) return true
  if (active === false && enabledInConfig === false) return false
  return 'unknown'
}

/** Ports sshd uses now (listening) and after its next reload (configured); undefined where unreadable. */
function sshdPorts(facts: Facts, settings: RuleSettings): { now?: number[]; next?: number[] } {
  const configured = isUnknown(facts.sshd.configured) ? undefined : facts.sshd.configured.ports
  const socketPorts = isUnknown(facts.sshd.socketPorts) ? [] : facts.sshd.socketPorts
  const candidates = new Set([...(configured ?? []), ...socketPorts, settings.defaultSshPort, settings.sshPort])
  const now = isUnknown(facts.listening) ? undefined : [...listeningPorts(facts.listening.filter((socket) => reachable(socket) && mayBeSshd(socket)))].filter((port) => candidates.has(port)).sort((a, b) => a - b)
  return { now, next: configured }
}

export const lockout: Rule = ({ facts, settings }) => {
  const on = firewallOn(facts)
  if (on === false) return pass({ ja: 'ファイアウォールは無効なので、締め出されることはありません', en: 'The firewall is off: no lockout possible' })
  if (on === 'unknown') {
    const fact = isUnknown(facts.ufw.active) ? facts.ufw.active : isUnknown(facts.ufw.enabledInConfig) ? facts.ufw.enabledInConfig : { unknown: 'firewall state' }
    return fromUnknown(fact, { ja: 'ファイアウォールの状態', en: 'the firewall state' })
  }
  const rules = facts.ufw.rules
  if (isUnknown(rules)) return fromUnknown(rules, { ja: 'ufw のルール', en: 'the ufw rules' })
  const ports = sshdPorts(facts, settings)
  const policy = facts.ufw.defaultIncoming
  const usable = (port: number): boolean | 'unknown' => {
    const decision = decidePort(rules, port, false)
    if (decision.kind === 'allowed' || decision.kind === 'restricted') return true
    if (decision.kind === 'blocked') return false
    return isUnknown(policy) ? 'unknown' : policy === 'allow'
  }
  const evidence = [`sshd listening: ${ports.now ? portList(ports.now) : 'unknown'}`, `sshd configured: ${ports.next ? portList(ports.next) : 'unknown'}`]
  // A lockout seen in either list is reported even if the other list could not be read.
  let undetermined: UnknownFact | undefined
  for (const [when, list] of [['now', ports.now], ['next', ports.next]] as const) {
    if (list === undefined) {
      undetermined ??= when === 'now' ? (facts.listening as UnknownFact) : (facts.sshd.configured as UnknownFact)
      continue
    }
    if (list.length === 0) continue
    const verdicts = list.map(usable)
    if (verdicts.includes(true)) continue
    if (isUnknown(policy) && verdicts.includes('unknown')) {
      undetermined ??= policy
      continue
    }
    const port = list.includes(settings.sshPort) ? settings.sshPort : (list[0] as number)
    const detail =
      when === 'now'
        ? { ja: `sshd は ${portList(list)} で待ち受けていますが、ファイアウォールはどれも通しません`, en: `sshd listens on ${portList(list)} but the firewall lets none of them through` }
        : { ja: `sshd の設定は ${portList(list)} ですが、ファイアウォールはどれも通しません。sshd を再読み込みすると入れなくなります`, en: `sshd is configured for ${portList(list)} but the firewall lets none through; reloading sshd will lock you out` }
    return fail(detail, { evidence, fix: [`sudo ufw allow ${port}/tcp`] })
  }
  if (undetermined) return { ...fromUnknown(undetermined, { ja: 'sshd のポートとファイアウォールの関係', en: 'whether the firewall lets sshd through' }), evidence }
  return pass({ ja: 'sshd のポートはファイアウォールを通ります', en: 'The firewall lets the sshd port through' }, evidence)
}
