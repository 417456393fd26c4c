/**
 * ufw's runtime: the rules as the kernel holds them after `ufw enable` / `ufw reload` / boot with
 * ENABLED=yes. Real ufw-init feeds user.rules and user6.rules to iptables-restore; we read the same
 * files with the checker's own parser (only their `### tuple ###` lines matter, as for ufw), so
 * what the checker reads from the files and what the simulated network does cannot disagree.
 */
import { parseShellVars } from '../../../checker/parsers/shell-vars.ts'
import { parseUfwRules } from '../../../checker/parsers/ufw-rules.ts'
import { isFsError, rootCred } from '../fs/types.ts'
import type { Server } from './server.ts'
import type { FirewallRule, FirewallRuntime } from './state.ts'

const policies: Record<string, FirewallRuntime['defaultIncoming']> = { DROP: 'deny', REJECT: 'reject', ACCEPT: 'allow' }

function read(server: Server, path: string): string {
  const text = server.fs.readFile(path, rootCred)
  return isFsError(text) ? '' : text
}

/** Loads /etc/default/ufw and the user rules into the kernel (ufw-init start). */
export function loadFirewall(server: Server): void {
  const defaults = parseShellVars(read(server, '/etc/default/ufw'))
  const ipv6 = (defaults.IPV6 ?? '').toLowerCase() === 'yes'
  const rules: FirewallRule[] = []
  const files: Array<[string, boolean]> = [['/etc/ufw/user.rules', false]]
  // With IPV6=no ufw loads no user6 rules (only loopback IPv6 is accepted).
  if (ipv6) files.push(['/etc/ufw/user6.rules', true])
  for (const [path, v6] of files) {
    for (const rule of parseUfwRules(read(server, path), v6).rules) {
      // Outgoing and routed rules never decide about a connection into the server.
      if (rule.direction !== 'in') continue
      rules.push({ action: rule.action, proto: rule.proto, ports: rule.ports.map((range) => ({ ...range })), source: rule.source, v6 })
    }
  }
  server.state.firewall = {
    loaded: true,
    defaultIncoming: policies[(defaults.DEFAULT_INPUT_POLICY ?? 'DROP').toUpperCase()] ?? 'deny',
    rules,
  }
}

/** Flushes ufw's chains (ufw disable, ufw-init stop, apt remove ufw). */
export function unloadFirewall(server: Server): void {
  server.state.firewall = { ...server.state.firewall, loaded: false }
}

function anywhere(source: string): boolean {
  return source === '0.0.0.0/0' || source === '::/0' || source === 'any'
}

/** An IPv4 address in a CIDR network (ufw writes single hosts without a prefix length). */
function sourceMatches(source: string, from: string | undefined): boolean {
  if (anywhere(source)) return true
  if (from === undefined) return false
  const [network = '', bitsText] = source.split('/')
  if (bitsText === undefined) return network === from
  const toNumber = (address: string): number | undefined => {
    const parts = address.split('.').map(Number)
    if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined
    return parts.reduce((sum, part) => sum * 256 + part, 0)
  }
  const a = toNumber(network)
  const b = toNumber(from)
  const bits = Number(bitsText)
  if (a === undefined || b === undefined || !Number.isInteger(bits)) return false
  const size = 2 ** (32 - bits)
  return Math.floor(a / size) === Math.floor(b / size)
}

/**
 * What the firewall does with a new incoming connection to `port`: ufw's rules in order, first
 * match wins, then the default incoming policy. Loopback and established connections never get
 * here (the caller lets them through). `limit` accepts: rate limiting needs 6 connections in 30 s.
 * `from` is the client's address, for rules written with `from ADDR`.
 */
export function filterIncoming(server: Server, port: number, proto: 'tcp' | 'udp', v6 = false, from?: string): 'accept' | 'drop' | 'reject' {
  const firewall = server.state.firewall
  if (!firewall.loaded) return 'accept'
  for (const rule of firewall.rules) {
    if (rule.v6 !== v6) continue
    if (rule.proto !== 'any' && rule.proto !== proto) continue
    if (rule.ports.length > 0 && !rule.ports.some((range) => port >= range.from && port <= range.to)) continue
    if (!sourceMatches(rule.source, from)) continue
    if (rule.action === 'allow' || rule.action === 'limit') return 'accept'
    return rule.action === 'reject' ? 'reject' : 'drop'
  }
  if (firewall.defaultIncoming === 'allow') return 'accept'
  return firewall.defaultIncoming === 'reject' ? 'reject' : 'drop'
}
