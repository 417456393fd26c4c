/**
 * How ufw treats one port, from its rule list. ufw (iptables) takes the first matching rule, so the
 * first inbound rule covering the port from anywhere decides; rules limited to some source
 * addresses only help those addresses.
 */
import type { UfwRule } from '../facts.ts'

export type PortDecision =
  | { kind: 'allowed'; rule: UfwRule }
  /** only some source addresses may connect */
  | { kind: 'restricted'; rule: UfwRule }
  | { kind: 'blocked'; rule: UfwRule }
  /** no rule mentions the port: the default incoming policy decides */
  | { kind: 'no-rule' }

const anywhere = new Set(['0.0.0.0/0', '::/0', 'any'])

export function coversPort(rule: UfwRule, port: number, proto: 'tcp' | 'udp'): boolean {
  if (rule.direction !== 'in') return false
  if (rule.proto !== 'any' && rule.proto !== proto) return false
  return rule.ports.length === 0 || rule.ports.some((range) => range.from <= port && port <= range.to)
}

export function decidePort(rules: readonly UfwRule[], port: number, v6: boolean, proto: 'tcp' | 'udp' = 'tcp'): PortDecision {
  let restricted: UfwRule | undefined
  for (const rule of rules) {
    if (rule.v6 !== v6 || !coversPort(rule, port, proto)) continue
    const lets = rule.action === 'allow' || rule.action === 'limit'
    if (anywhere.has(rule.source)) return lets ? { kind: 'allowed', rule } : { kind: 'blocked', rule }
    if (lets) restricted ??= rule
  }
  return restricted ? { kind: 'restricted', rule: restricted } : { kind: 'no-rule' }
}

export function describeRule(rule: UfwRule): string {
  const ports = rule.ports.length === 0 ? 'any' : rule.ports.map((range) => (range.from === range.to ? `${range.from}` : `${range.from}:${range.to}`)).join(',')
  const app = rule.app ? ` (${rule.app})` : ''
  return `${rule.action} ${rule.direction} ${ports}/${rule.proto} from ${rule.source}${rule.v6 ? ' (v6)' : ''}${app}`
}
