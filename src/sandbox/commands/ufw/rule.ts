/**
 * ufw 0.36.2's rule (common.py UFWRule) and the address/port helpers it uses (util.py), ported
 * line by line where the outputs depend on them: the tuple and iptables lines written to
 * user.rules, the matching that decides "Skipping adding existing rule", the normalised addresses.
 */

export class UfwError extends Error {}

export interface Rule {
  action: 'allow' | 'deny' | 'reject' | 'limit'
  logtype: '' | 'log' | 'log-all'
  protocol: string
  dport: string
  sport: string
  dst: string
  src: string
  dapp: string
  sapp: string
  v6: boolean
  direction: 'in' | 'out'
  forward: boolean
  interfaceIn: string
  interfaceOut: string
  /** hex, as ufw keeps it */
  comment: string
  multi: boolean
  position: number
  remove: boolean
}

export const supportedProtocols = ['tcp', 'udp', 'ipv6', 'esp', 'ah', 'igmp', 'gre', 'vrrp']
export const portlessProtocols = ['ipv6', 'esp', 'ah', 'igmp', 'gre', 'vrrp']
export const ipv4OnlyProtocols = ['ipv6', 'igmp']

/** /etc/services: service name or alias → port and protocols (socket.getservbyname). */
export type Services = Map<string, { port: number; protos: Set<string> }>

export function parseServices(text: string): Services {
  const services: Services = new Map()
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    if (!line) continue
    const [name, portProto, ...aliases] = line.split(/\s+/)
    const match = /^(\d+)\/(\w+)$/.exec(portProto ?? '')
    if (!name || !match) continue
    for (const key of [name, ...aliases]) {
      const entry = services.get(key)
      if (entry) entry.protos.add(match[2] as string)
      else services.set(key, { port: Number(match[1]), protos: new Set([match[2] as string]) })
    }
  }
  return services
}

export function newRule(action: string, protocol: string, options: Partial<Rule> = {}): Rule {
  const rule: Rule = {
    action: 'deny', logtype: '', protocol: 'any', dport: 'any', sport: 'any', dst: '0.0.0.0/0', src: '0.0.0.0/0',
    dapp: '', sapp: '', v6: false, direction: 'in', forward: false, interfaceIn: '', interfaceOut: '', comment: '',
    multi: false, position: 0, remove: false, ...options,
  }
  setAction(rule, action)
  setProtocol(rule, protocol)
  return rule
}

export function dupRule(rule: Rule): Rule {
  return { ...rule }
}

export function setAction(rule: Rule, action: string): void {
  const [word = '', logtype = ''] = action.toLowerCase().split('_')
  rule.action = word === 'allow' || word === 'reject' || word === 'limit' ? word : 'deny'
  setLogtype(rule, logtype)
}

export function setLogtype(rule: Rule, logtype: string): void {
  const lower = logtype.toLowerCase()
  if (lower === 'log' || lower === 'log-all' || lower === '') rule.logtype = lower
  else throw new UfwError(`Invalid log type '${logtype}'`)
}

export function setProtocol(rule: Rule, protocol: string): void {
  if ([...supportedProtocols, 'any'].includes(protocol)) rule.protocol = protocol
  else throw new UfwError(`Unsupported protocol '${protocol}'`)
}

export function setPort(rule: Rule, port: string, loc: 'dst' | 'src', services: Services): void {
  const error = new UfwError(`Bad port '${port}'`)
  let value = port
  if (port === 'any' || (loc === 'dst' && rule.dapp) || (loc === 'src' && rule.sapp)) {
    // kept as given
  } else if (/^[,:]/.test(port) || /[,:]$/.test(port)) {
    throw error
  } else if ((port.match(/[,:]/g) ?? []).length > 14) {
    throw error
  } else {
    const ports = port.split(',')
    if (ports.length > 1) rule.multi = true
    const out: string[] = []
    for (const p of ports) {
      if (/^\d+:\d+$/.test(p)) {
        rule.multi = true
        const [low, high] = p.split(':').map(Number) as [number, number]
        if (low < 1 || low > 65535 || high < 1 || high > 65535 || low >= high) throw error
        out.push(p)
      } else if (/^\d+/.test(p) && /^\d+$/.test(p)) {
        if (Number(p) < 1 || Number(p) > 65535) throw error
        out.push(p)
      } else if (/^\w[\w-]+/.test(p)) {
        const service = services.get(p)
        if (!service) throw error
        out.push(String(service.port))
      } else {
        throw error
      }
    }
    value = out.join(',')
  }
  if (loc === 'src') rule.sport = value
  else rule.dport = value
}

/** socket.getservbyname with and without a protocol: 'tcp', 'udp', 'any', or throws. */
export function servicesProto(name: string, services: Services): string {
  const service = services.get(name)
  if (!service) throw new UfwError('Could not find protocol')
  const tcp = service.protos.has('tcp')
  const udp = service.protos.has('udp')
  if (tcp && udp) return 'any'
  if (tcp) return 'tcp'
  if (udp) return 'udp'
  return ''
}

export function parsePortProto(text: string): [string, string] {
  const parts = text.split('/')
  if (parts.length === 1) return [parts[0] as string, 'any']
  if (parts.length === 2) {
    if (portlessProtocols.includes(parts[1] as string)) throw new UfwError(`Invalid port with protocol '${parts[1]}'`)
    return [parts[0] as string, parts[1] as string]
  }
  throw new UfwError('Bad port')
}

// ---- addresses (util.py valid_address / normalize_address) ----

function parseV4(text: string): number[] | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : NaN))
  return bytes.every((byte) => byte >= 0 && byte <= 255) ? bytes : undefined
}

function parseV6(text: string): number[] | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  let head = text
  let tail: number[] = []
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const bytes = parseV4(v4[2] as string)
    if (!bytes) return undefined
    head = (v4[1] as string).endsWith('::') ? (v4[1] as string) : (v4[1] as string).slice(0, -1)
    tail = [(bytes[0] as number) * 256 + (bytes[1] as number), (bytes[2] as number) * 256 + (bytes[3] as number)]
  }
  const halves = head.split('::')
  if (halves.length > 2) return undefined
  const group = (part: string): number[] | undefined => {
    if (part === '') return []
    const groups = part.split(':')
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined
    return groups.map((g) => parseInt(g, 16))
  }
  const left = group(halves[0] as string)
  const right = halves.length === 2 ? group(halves[1] as string) : []
  if (!left || !right) return undefined
  const total = left.length + right.length + tail.length
  if (halves.length === 1) return total === 8 ? [...left, ...tail] : undefined
  if (total > 7) return undefined
  return [...left, ...new Array<number>(8 - total).fill(0), ...right, ...tail]
}

/** inet_ntop(AF_INET6): the longest run (2 or more) of zero groups becomes '::'. */
function formatV6(groups: number[]): string {
  let bestStart = -1
  let bestLength = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLength) { bestStart = i; bestLength = j - i }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestLength < 2) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`
}

function validNetmask(mask: string, v6: boolean): boolean {
  if (/^\d+$/.test(mask)) return Number(mask) >= 0 && Number(mask) <= (v6 ? 128 : 32)
  return !v6 && parseV4(mask) !== undefined
}

export function validAddress(addr: string, version: '4' | '6' | 'any'): boolean {
  const v4 = (): boolean => {
    if (addr.length > 31 || !/^[0-9./]+$/.test(addr)) return false
    const net = addr.split('/')
    if (!parseV4(net[0] as string) || net.length > 2) return false
    return net.length === 1 || validNetmask(net[1] as string, false)
  }
  const v6 = (): boolean => {
    if (addr.length > 43 || !/^[a-fA-F0-9:./]+$/.test(addr)) return false
    const net = addr.split('/')
    if (!parseV6(net[0] as string) || net.length > 2) return false
    return net.length === 1 || validNetmask(net[1] as string, true)
  }
  if (version === '4') return v4()
  if (version === '6') return v6()
  return v4() || v6()
}

export function normalizeAddress(orig: string, v6: boolean): string {
  const net = orig.split('/')
  if (net.length === 2 && ((v6 && net[1] === '128') || (!v6 && (net[1] === '32' || net[1] === '255.255.255.255')))) net.pop()
  if (!v6 && net.length === 2 && parseV4(net[1] as string)) {
    const bytes = parseV4(net[1] as string) as number[]
    const bits = bytes.map((b) => b.toString(2).padStart(8, '0')).join('')
    if (/^1*0*$/.test(bits)) net[1] = String(bits.indexOf('0') === -1 ? 32 : bits.indexOf('0'))
  }
  let addr: string
  if (v6) {
    const groups = parseV6(net[0] as string)
    if (!groups) throw new UfwError('Invalid address')
    addr = formatV6(groups)
  } else {
    const bytes = parseV4(net[0] as string)
    if (!bytes) throw new UfwError('Invalid address')
    addr = bytes.join('.')
  }
  if (net.length === 2) {
    if (!v6 && /^\d+$/.test(net[1] as string)) {
      // _address4_to_network: the host bits are cleared (203.0.113.5/24 → 203.0.113.0/24).
      const bits = Number(net[1])
      const value = addr.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
      const size = 2 ** (32 - bits)
      const network = Math.floor(value / size) * size
      addr = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')
    }
    addr += `/${net[1]}`
  }
  if (!validAddress(addr, v6 ? '6' : '4')) throw new UfwError('Invalid address')
  return addr
}

function fixAnywhere(rule: Rule): void {
  if (rule.v6) {
    if (rule.dst === 'any' || rule.dst === '0.0.0.0/0') rule.dst = '::/0'
    if (rule.src === 'any' || rule.src === '0.0.0.0/0') rule.src = '::/0'
  } else {
    if (rule.dst === 'any' || rule.dst === '::/0') rule.dst = '0.0.0.0/0'
    if (rule.src === 'any' || rule.src === '::/0') rule.src = '0.0.0.0/0'
  }
}

export function setV6(rule: Rule, v6: boolean): void {
  rule.v6 = v6
  fixAnywhere(rule)
}

export function setAddress(rule: Rule, addr: string, loc: 'src' | 'dst'): void {
  const lower = addr.toLowerCase()
  if (lower !== 'any' && !validAddress(lower, 'any')) throw new UfwError(loc === 'src' ? 'Bad source address' : 'Bad destination address')
  rule[loc] = lower
  fixAnywhere(rule)
}

export function setInterface(rule: Rule, type: 'in' | 'out', name: string): void {
  if (name.includes('!')) throw new UfwError("Bad interface name: reserved character: '!'")
  if (name.includes(':')) throw new UfwError("Bad interface name: can't use interface aliases")
  if (name === '.' || name === '..') throw new UfwError("Bad interface name: can't use '.' or '..'")
  if (name.length === 0) throw new UfwError('Bad interface name: interface name is empty')
  if (name.length > 15) throw new UfwError('Bad interface name: interface name too long')
  if (!/^[a-zA-Z0-9_\-.+,=%@]+$/.test(name)) throw new UfwError('Bad interface name')
  if (type === 'in') rule.interfaceIn = name
  else rule.interfaceOut = name
}

/** human_sort: numbers in numeric order, words case-insensitively. */
function humanSort(list: string[]): string[] {
  const key = (value: string): Array<string | number> => value.split(/(\d+)/).map((part) => (/^\d+$/.test(part) ? Number(part) : part.toLowerCase()))
  return [...list].sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const x = ka[i]
      const y = kb[i]
      if (x === y) continue
      if (x === undefined) return -1
      if (y === undefined) return 1
      if (typeof x === 'number' && typeof y === 'number') return x - y
      return String(x) < String(y) ? -1 : 1
    }
    return 0
  })
}

export function normalize(rule: Rule): void {
  if (rule.src) rule.src = normalizeAddress(rule.src, rule.v6)
  if (rule.dst) rule.dst = normalizeAddress(rule.dst, rule.v6)
  if (rule.dport) rule.dport = humanSort(rule.dport.split(',')).join(',')
  if (rule.sport) rule.sport = humanSort(rule.sport.split(',')).join(',')
}

/** 0 match, 1 no match, -1 all but action/logtype/comment, -2 all but comment. */
export function matchRules(x: Rule, y: Rule): number {
  if (x.dport !== y.dport || x.sport !== y.sport || x.protocol !== y.protocol || x.src !== y.src || x.dst !== y.dst) return 1
  if (x.v6 !== y.v6 || x.dapp !== y.dapp || x.sapp !== y.sapp || x.interfaceIn !== y.interfaceIn || x.interfaceOut !== y.interfaceOut) return 1
  if (x.direction !== y.direction || x.forward !== y.forward) return 1
  if (x.action === y.action && x.logtype === y.logtype) return x.comment === y.comment ? 0 : -2
  return -1
}

/** The iptables arguments of a rule, as ufw writes them after "-A <chain>". */
export function formatRule(rule: Rule): string {
  let out = ''
  if (rule.interfaceIn) out += ` -i ${rule.interfaceIn}`
  if (rule.interfaceOut) out += ` -o ${rule.interfaceOut}`
  if (rule.protocol === 'any') {
    out += ' -p all'
  } else {
    out += ` -p ${rule.protocol}`
    if (rule.multi) {
      out += ' -m multiport'
      if (rule.dport !== 'any' && rule.sport !== 'any') out += ` --dports ${rule.dport} -m multiport --sports ${rule.sport}`
      else if (rule.dport !== 'any') out += ` --dports ${rule.dport}`
      else if (rule.sport !== 'any') out += ` --sports ${rule.sport}`
    }
  }
  if (rule.dst !== '0.0.0.0/0' && rule.dst !== '::/0') out += ` -d ${rule.dst}`
  if (!rule.multi && rule.dport !== 'any') out += ` --dport ${rule.dport}`
  if (rule.src !== '0.0.0.0/0' && rule.src !== '::/0') out += ` -s ${rule.src}`
  if (!rule.multi && rule.sport !== 'any') out += ` --sport ${rule.sport}`
  const log = rule.logtype ? `_${rule.logtype}` : ''
  if (rule.action === 'allow') out += ` -j ACCEPT${log}`
  else if (rule.action === 'reject') out += ` -j REJECT${log}${rule.protocol === 'tcp' ? ' --reject-with tcp-reset' : ''}`
  else if (rule.action === 'limit') out += ` -j LIMIT${log}`
  else out += ` -j DROP${log}`
  if (rule.dapp || rule.sapp) {
    const apps: string[] = []
    if (rule.dapp) apps.push(`dapp_${rule.dapp.replace(/ /g, '%20')}`)
    if (rule.sapp) apps.push(`sapp_${rule.sapp.replace(/ /g, '%20')}`)
    out += ` -m comment --comment '${apps.join(',')}'`
  }
  return out.trim()
}

export function appTuple(rule: Rule): string {
  if (!rule.dapp && !rule.sapp) return ''
  let tuple = `${rule.dapp} ${rule.dst} ${rule.sapp} ${rule.src}`
  if (!rule.dapp) tuple = `${rule.dport} ${rule.dst} ${rule.sapp} ${rule.src}`
  if (!rule.sapp) tuple = `${rule.dapp} ${rule.dst} ${rule.sport} ${rule.src}`
  if (!rule.interfaceIn && !rule.interfaceOut) tuple += ` ${rule.direction}`
  else {
    if (rule.interfaceIn) tuple += ` in_${rule.interfaceIn}`
    if (rule.interfaceOut) tuple += ` out_${rule.interfaceOut}`
  }
  return tuple
}

export function hexEncode(text: string): string {
  return [...new TextEncoder().encode(text)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

export function hexDecode(hex: string): string {
  const bytes = new Uint8Array((hex.match(/../g) ?? []).map((pair) => parseInt(pair, 16)))
  return new TextDecoder().decode(bytes)
}

/** The command that would add the rule (parser.py get_command): `show added`, delete's question. */
export function ruleCommand(rule: Rule): string {
  let out: string = rule.action
  const anyDst = rule.dst === '0.0.0.0/0' || rule.dst === '::/0'
  const anySrc = rule.src === '0.0.0.0/0' || rule.src === '::/0'
  if (anyDst && anySrc && rule.sport === 'any' && !rule.sapp && !rule.interfaceIn && !rule.interfaceOut && rule.dport !== 'any') {
    if (rule.direction === 'out') out += ` ${rule.direction}`
    if (rule.logtype) out += ` ${rule.logtype}`
    if (rule.dapp) out += rule.dapp.includes(' ') ? ` '${rule.dapp}'` : ` ${rule.dapp}`
    else {
      out += ` ${rule.dport}`
      if (rule.protocol !== 'any') out += `/${rule.protocol}`
    }
    if (rule.comment) out += ` comment '${hexDecode(rule.comment)}'`
    return out
  }
  if (rule.interfaceIn) out += ` in on ${rule.interfaceIn}`
  if (rule.interfaceOut) out += ` out on ${rule.interfaceOut}`
  else if (rule.direction === 'out') out += ` ${rule.direction}`
  if (rule.logtype) out += ` ${rule.logtype}`
  for (const [word, rawLoc, port, app] of [['from', rule.src, rule.sport, rule.sapp], ['to', rule.dst, rule.dport, rule.dapp]] as const) {
    const loc = rawLoc === '0.0.0.0/0' || rawLoc === '::/0' ? 'any' : rawLoc
    if (loc !== 'any' || port !== 'any' || app !== '') {
      out += ` ${word} ${loc}`
      if (app) out += app.includes(' ') ? ` app '${app}'` : ` app ${app}`
      else if (port !== 'any') out += ` port ${port}`
    }
  }
  if (!out.includes(' to ') && !out.includes(' from ') && !rule.interfaceIn && !rule.interfaceOut) out += ' to any'
  if (rule.protocol !== 'any' && !rule.dapp && !rule.sapp) out += ` proto ${rule.protocol}`
  if (rule.comment) out += ` comment '${hexDecode(rule.comment)}'`
  return out
}
