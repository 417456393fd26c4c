/**
 * /etc/ufw/user.rules and user6.rules → rules. ufw itself reads back only its `### tuple ###`
 * comment lines (the iptables lines below them are derived), so we read the same lines, with the
 * same field layout as ufw 0.36 (backend_iptables.py):
 *   ### tuple ### <action>[_log|_log-all] <proto> <dport> <dst> <sport> <src> [<dapp> <sapp>] <dir>[_iface] [comment=<hex>]
 * `route:<action>` marks a forwarding rule. Malformed tuples are skipped, as ufw skips them.
 */
import type { UfwRule } from '../facts.ts'
import { parsePortNumber } from './_ports.ts'

const tuplePrefix = /^### tuple ###\s*/
const actions = new Set(['allow', 'limit', 'deny', 'reject'])
const protos: Record<string, UfwRule['proto']> = { tcp: 'tcp', udp: 'udp', any: 'any' }

export interface UfwRulesResult {
  rules: UfwRule[]
  skipped: string[]
}

export function parseUfwRules(text: string, v6: boolean): UfwRulesResult {
  const rules: UfwRule[] = []
  const skipped: string[] = []
  for (const line of text.split(/\r?\n/)) {
    if (!tuplePrefix.test(line)) continue
    const tuple = line.replace(tuplePrefix, '').split(' comment=')[0]?.trim() ?? ''
    const rule = parseTuple(tuple, v6)
    if (rule) rules.push(rule)
    else skipped.push(tuple)
  }
  return { rules, skipped }
}

function parseTuple(tuple: string, v6: boolean): UfwRule | undefined {
  const fields = tuple.split(/\s+/)
  if (fields.length < 6 || fields.length > 9) return undefined
  const [rawAction, rawProto, dport, destination, , source] = fields as [string, string, string, string, string, string]
  const routed = rawAction.includes(':')
  const action = (routed ? rawAction.split(':')[1] ?? '' : rawAction).split('_')[0] ?? ''
  if (!actions.has(action)) return undefined
  const proto = protos[rawProto]
  if (!proto) return undefined
  const ports = parsePorts(dport)
  if (!ports) return undefined
  // 6 or 8 fields: the old format without a direction, which ufw reads as "in".
  const last = fields.length === 7 || fields.length === 9 ? (fields[fields.length - 1] as string) : 'in'
  const directionWord = last.split('_')[0]
  if (directionWord !== 'in' && directionWord !== 'out') return undefined
  const rule: UfwRule = {
    action: action as UfwRule['action'],
    direction: routed ? 'routed' : directionWord,
    proto,
    ports,
    source,
    destination,
    v6,
  }
  const app = fields.length >= 8 ? fields[6] : undefined
  if (app !== undefined && app !== '-') rule.app = app.replace(/%20/g, ' ')
  return rule
}

/** `any`, `22`, `80,443`, `60000:61000`, or a mix of them. */
function parsePorts(value: string): UfwRule['ports'] | undefined {
  if (value === 'any') return []
  const ranges: UfwRule['ports'] = []
  for (const part of value.split(',')) {
    const [fromText, toText, extra] = part.split(':')
    if (extra !== undefined || fromText === undefined) return undefined
    const from = parsePortNumber(fromText)
    const to = toText === undefined ? from : parsePortNumber(toText)
    if (from === undefined || to === undefined || to < from) return undefined
    ranges.push({ from, to })
  }
  return ranges
}
