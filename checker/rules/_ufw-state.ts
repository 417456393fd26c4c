/**
 * How ufw treats one port, from its rule list. ufw (iptables) takes the first matching rule, so the
 * first inbound rule covering the port from anywhere decides; rules limited to some source
 * addresses only help those addresses.
 */
import type { UfwRule } from '../facts.ts'
import { clip } from '../parsers/_clip.ts'

export type PortDecision =
  | { kind: 'allowed'; rule: UfwRule }
  /** only some source addresses may connect */
  | { kind: 'restricted'; rule: UfwRule }
  | { kind: 'blocked'; rule: UfwRule }
  /** no rule mentions the port: the default incoming policy decides */
  | { kind: 'no-rule' }

export const anywhere: ReadonlySet<string> = new Set(['0.0.0.0/0', '::/0', 'any'])

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

/**
 * An inbound allow from anywhere for every port (`ufw allow from 0.0.0.0/0`, `allow from any to
 * any`, `1:65535`): the default incoming policy then decides nothing.
 */
export function opensEverything(rule: UfwRule): boolean {
  if (rule.direction !== 'in' || (rule.action !== 'allow' && rule.action !== 'limit') || !anywhere.has(rule.source)) return false
  if (rule.ports.length === 0) return true
  let next = 1
  for (const range of [...rule.ports].sort((a, b) => a.from - b.from)) {
    if (range.from > next) return false
    next = Math.max(next, range.to + 1)
  }
  return next > 65535
}

export function describeRule(rule: UfwRule): string {
  const ports = rule.ports.length === 0 ? 'any' : rule.ports.slice(0, 5).map((range) => (range.from === range.to ? `${range.from}` : `${range.from}:${range.to}`)).join(',') + (rule.ports.length > 5 ? ',…' : '')
  const app = rule.app ? ` (${clip(rule.app, 40)})` : ''
  return `${rule.action} ${rule.direction} ${ports}/${rule.proto} from ${clip(rule.source, 60)}${rule.v6 ? ' (v6)' : ''}${app}`
}
