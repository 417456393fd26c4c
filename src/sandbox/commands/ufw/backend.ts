/**
 * ufw's iptables backend (backend.py, backend_iptables.py) over the practice server's files:
 * /etc/default/ufw and /etc/ufw/ufw.conf for the switches, user.rules and user6.rules for the rules
 * (written exactly as ufw 0.36.2 writes them), applications.d for the profiles. "Is the firewall
 * running" is the kernel's state (server.state.firewall.loaded), as ufw asks iptables for it.
 */
import { isFsError, rootCred } from '../../fs/types.ts'
import { loadFirewall, unloadFirewall } from '../../machine/firewall.ts'
import type { Server } from '../../machine/server.ts'
import { pristineRules } from '../../machine/ufw-package.ts'
import {
  appTuple, dupRule, formatRule, matchRules, newRule, normalize, parsePortProto, parseServices, setInterface, setPort, setProtocol, setV6,
  UfwError, type Rule, type Services,
} from './rule.ts'

export const files = {
  defaults: '/etc/default/ufw',
  conf: '/etc/ufw/ufw.conf',
  apps: '/etc/ufw/applications.d',
  rules: '/etc/ufw/user.rules',
  rules6: '/etc/ufw/user6.rules',
}

const loglevels: Record<string, number> = { off: 0, low: 100, medium: 200, high: 300, full: 400 }

export type Profile = Record<string, string>

export class Backend {
  defaults: Record<string, string> = {}
  rules: Rule[] = []
  rules6: Rule[] = []
  profiles = new Map<string, Profile>()
  services: Services

  constructor(readonly server: Server, readonly dryrun: boolean) {
    this.services = parseServices(this.read('/etc/services') ?? '')
    this.readDefaults()
    this.readRules()
    this.readProfiles()
  }

  read(path: string): string | undefined {
    const text = this.server.fs.readFile(path, rootCred)
    return isFsError(text) ? undefined : text
  }

  private write(path: string, content: string): void {
    if (this.dryrun) return
    this.server.fs.writeFile(path, content, rootCred)
  }

  private readDefaults(): void {
    this.defaults = {}
    for (const path of [files.defaults, files.conf]) {
      const text = this.read(path)
      if (text === undefined) throw new UfwError(`Couldn't open '${path}' for reading`)
      for (const line of text.split('\n')) {
        if (!/^\w+="?\w+"?/.test(line)) continue
        const [key = '', value = ''] = line.trim().split('=')
        this.defaults[key.toLowerCase()] = value.toLowerCase().replace(/^["']+|["']+$/g, '')
      }
    }
  }

  isEnabled(): boolean {
    return this.defaults.enabled === 'yes'
  }

  useIpv6(): boolean {
    return this.defaults.ipv6 === 'yes'
  }

  /** The firewall's chains are in the kernel (what `iptables -L ufw-user-input` answers). */
  isLoaded(): boolean {
    return this.server.state.firewall.loaded
  }

  setDefault(path: string, option: string, value: string): void {
    const text = this.read(path) ?? ''
    const lines = text.split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    let found = false
    const out = lines.map((line) => {
      if (!line.startsWith(`${option}=`)) return line
      found = true
      return `${option}=${value}`
    })
    if (!found) out.push(`${option}=${value}`)
    this.write(path, `${out.join('\n')}\n`)
    this.defaults[option.toLowerCase()] = value.toLowerCase().replace(/^["']+|["']+$/g, '')
  }

  defaultPolicy(primary: 'input' | 'output' | 'forward'): string {
    const value = this.defaults[`default_${primary}_policy`]
    if (value === 'accept') return 'allow'
    if (value === 'reject') return 'reject'
    return 'deny'
  }

  // ---- rules files ----

  private readRules(): void {
    this.rules = []
    this.rules6 = []
    const sources: Array<[string, boolean]> = [[files.rules, false]]
    if (this.useIpv6()) sources.push([files.rules6, true])
    for (const [path, v6] of sources) {
      const text = this.read(path)
      if (text === undefined) throw new UfwError(`Couldn't open '${path}' for reading`)
      for (const origLine of text.split('\n')) {
        let line = origLine
        let comment = ''
        if (origLine.includes(' comment=')) {
          const [head = '', hex = ''] = origLine.split(' comment=')
          line = head
          comment = hex.trim()
        }
        if (!/^### tuple ###\s*/.test(line)) continue
        const tmp = line.replace(/^### tuple ###\s*/, '').trim().split(/\s+/)
        if (tmp.length < 6 || tmp.length > 9) continue
        let direction = 'in'
        let interfaceIn = ''
        let interfaceOut = ''
        if (tmp.length === 7 || tmp.length === 9) {
          const last = tmp[tmp.length - 1] as string
          direction = last.split('_')[0] as string
          if (last.includes('_')) {
            if (last.includes('!') && /in_\w+/.test(last) && /out_\w+/.test(last)) {
              interfaceIn = (last.split('!')[0] as string).replace(/^[^_]*_/, '')
              interfaceOut = (last.split('!')[1] as string).replace(/^[^_]*_/, '')
            } else if (last.startsWith('in_')) interfaceIn = last.slice(3)
            else if (last.startsWith('out_')) interfaceOut = last.slice(4)
            else continue
          }
        }
        try {
          let action = tmp[0] as string
          let forward = false
          if (action.includes(':')) {
            forward = true
            action = action.split(':')[1] as string
          }
          if (direction !== 'in' && direction !== 'out') continue
          const rule = newRule(action, tmp[1] as string, { direction, forward, comment })
          setPort(rule, tmp[2] as string, 'dst', this.services)
          rule.dst = tmp[3] as string
          setPort(rule, tmp[4] as string, 'src', this.services)
          rule.src = tmp[5] as string
          if (tmp.length >= 8) {
            if (tmp[6] !== '-') rule.dapp = (tmp[6] as string).replace(/%20/g, ' ')
            if (tmp[7] !== '-') rule.sapp = (tmp[7] as string).replace(/%20/g, ' ')
          }
          if (interfaceIn) setInterface(rule, 'in', interfaceIn)
          if (interfaceOut) setInterface(rule, 'out', interfaceOut)
          setV6(rule, v6)
          ;(v6 ? this.rules6 : this.rules).push(rule)
        } catch (error) {
          if (!(error instanceof UfwError)) throw error
        }
      }
    }
  }

  /** Logging rules for the level (backend_iptables.py _get_logging_rules), as written to the file. */
  private loggingLines(prefix: string): string[] {
    const level = this.defaults.loglevel ?? 'low'
    const value = loglevels[level]
    if (value === undefined || value === 0) return []
    const lines: string[] = []
    const limit = '-m limit --limit 3/min --limit-burst 10'
    const largs = value < 300 ? ` ${limit}` : ''
    for (const target of ['input', 'output', 'forward'] as const) {
      const chain = `${prefix}-after-logging-${target}`
      const policy = this.defaultPolicy(target)
      if (policy === 'reject' || policy === 'deny') lines.push(`-A ${chain} -j LOG --log-prefix "[UFW BLOCK] "${largs}`)
      else if (value >= 200) lines.push(`-A ${chain} -j LOG --log-prefix "[UFW ALLOW] "${largs}`)
    }
    if (value < 200) lines.push(`-I ${prefix}-logging-deny -m conntrack --ctstate INVALID -j RETURN${largs}`)
    else lines.push(`-A ${prefix}-logging-deny -m conntrack --ctstate INVALID -j LOG --log-prefix "[UFW AUDIT INVALID] "${largs}`)
    lines.push(`-A ${prefix}-logging-deny -j LOG --log-prefix "[UFW BLOCK] "${largs}`)
    lines.push(`-A ${prefix}-logging-allow -j LOG --log-prefix "[UFW ALLOW] "${largs}`)
    if (value >= 200) {
      let audit = value < 400 ? ` ${limit}` : ''
      if (value < 300) audit = ` -m conntrack --ctstate NEW ${limit}`
      for (const target of ['input', 'output', 'forward']) lines.push(`-I ${prefix}-before-logging-${target} -j LOG --log-prefix "[UFW AUDIT] "${audit}`)
    }
    return lines
  }

  /** The iptables lines of one rule (backend_iptables.py _get_rules_from_formatted). */
  static iptablesLines(line: string, prefix: string, suffix: string): string[] {
    let snippets: string[] = []
    if (/-p all /.test(line)) {
      if (/port /.test(line)) {
        if (/-j (REJECT(_log(-all)?)?)/.test(line)) snippets.push(line.replace(/-j (REJECT(_log(-all)?)?)/, '-j $1 --reject-with tcp-reset').replace('-p all ', '-p tcp '))
        else snippets.push(line.replace('-p all ', '-p tcp '))
        snippets.push(line.replace('-p all ', '-p udp '))
      } else {
        snippets.push(line.replace('-p all ', ''))
      }
    } else {
      snippets.push(line)
    }
    const patLog = /(.*)-j ([A-Z]+)_log(-all)?(.*)/
    const expanded: string[] = []
    for (const s of snippets) {
      const m = patLog.exec(s)
      if (!m) { expanded.push(s); continue }
      const policyWord = (m[2] as string).toLowerCase()
      const policy = policyWord === 'accept' ? 'ALLOW' : policyWord === 'limit' ? 'LIMIT' : 'BLOCK'
      let lstr = `-m limit --limit 3/min --limit-burst 10 -j LOG --log-prefix "[UFW ${policy}] "`
      if (!/-j [A-Z]+_log-all/.test(s)) lstr = `-m conntrack --ctstate NEW ${lstr}`
      const toLogging = (text: string): string => text.replace(/(-A|-D) ([a-zA-Z0-9-]+)/, `$1 ${prefix}-user-logging-${suffix}`)
      expanded.push(toLogging(s.replace(patLog, `$1${lstr}`)))
      expanded.push(toLogging(s.replace(patLog, '$1-j RETURN')))
      expanded.push(s.replace(patLog, `$1-j ${prefix}-user-logging-${suffix}`))
      expanded.push(s.replace(patLog, '$1-j $2$4'))
    }
    snippets = []
    for (const s of expanded) {
      if (!/ -j LIMIT/.test(s)) { snippets.push(s); continue }
      snippets.push(s.replace(' -j LIMIT', ' -m conntrack --ctstate NEW -m recent --set'))
      snippets.push(s.replace(' -j LIMIT', ` -m conntrack --ctstate NEW -m recent --update --seconds 30 --hitcount 6 -j ${prefix}-user-limit`))
      snippets.push(s.replace(' -j LIMIT', ` -j ${prefix}-user-limit-accept`))
    }
    return snippets
  }

  /** user.rules / user6.rules as _write_rules writes them. */
  rulesFileText(v6: boolean): string {
    const prefix = v6 ? 'ufw6' : 'ufw'
    const rules = v6 ? this.rules6 : this.rules
    let out = '*filter\n'
    for (const chain of ['user-input', 'user-output', 'user-forward', 'before-logging-input', 'before-logging-output', 'before-logging-forward',
      'user-logging-input', 'user-logging-output', 'user-logging-forward', 'after-logging-input', 'after-logging-output', 'after-logging-forward',
      'logging-deny', 'logging-allow', 'user-limit', 'user-limit-accept']) out += `:${prefix}-${chain} - [0:0]\n`
    out += '### RULES ###\n'
    for (const r of rules) {
      let action: string = r.forward ? `route:${r.action}` : r.action
      if (r.logtype) action += `_${r.logtype}`
      let ifaces: string = r.direction
      if (r.interfaceIn && r.interfaceOut) ifaces = `in_${r.interfaceIn}!out_${r.interfaceOut}`
      else if (r.interfaceIn) ifaces = `${r.direction}_${r.interfaceIn}`
      else if (r.interfaceOut) ifaces = `${r.direction}_${r.interfaceOut}`
      let tuple: string
      if (!r.dapp && !r.sapp) tuple = `\n### tuple ### ${action} ${r.protocol} ${r.dport} ${r.dst} ${r.sport} ${r.src} ${ifaces}`
      else {
        const dapp = r.dapp ? r.dapp.replace(/ /g, '%20') : '-'
        const sapp = r.sapp ? r.sapp.replace(/ /g, '%20') : '-'
        tuple = `\n### tuple ### ${action} ${r.protocol} ${r.dport} ${r.dst} ${r.sport} ${r.src} ${dapp} ${sapp} ${ifaces}`
      }
      if (r.comment) tuple += ` comment=${r.comment}`
      out += `${tuple}\n`
      const suffix = r.forward ? 'forward' : r.direction === 'out' ? 'output' : 'input'
      for (const line of Backend.iptablesLines(`-A ${prefix}-user-${suffix} ${formatRule(r)}\n`, prefix, suffix)) out += line
    }
    out += '\n### END RULES ###\n'
    out += '\n### LOGGING ###\n'
    for (const line of this.loggingLines(prefix)) if (!line.startsWith('-D')) out += `${line}\n`
    out += '### END LOGGING ###\n'
    out += '\n### RATE LIMITING ###\n'
    if (this.defaults.loglevel !== 'off') out += `-A ${prefix}-user-limit -m limit --limit 3/minute -j LOG --log-prefix "[UFW LIMIT BLOCK] "\n`
    out += `-A ${prefix}-user-limit -j REJECT\n`
    out += `-A ${prefix}-user-limit-accept -j ACCEPT\n`
    out += '### END RATE LIMITING ###\n'
    out += 'COMMIT\n'
    return out
  }

  writeRules(v6: boolean): void {
    this.write(v6 ? files.rules6 : files.rules, this.rulesFileText(v6))
  }

  // ---- rules ----

  getRules(): Rule[] {
    return [...this.rules, ...this.rules6]
  }

  rulesCount(v6: boolean): number {
    const seen = new Set<string>()
    let count = 0
    for (const r of v6 ? this.rules6 : this.rules) {
      const tuple = appTuple(r)
      if (tuple) {
        if (seen.has(tuple)) continue
        seen.add(tuple)
      }
      count++
    }
    return count
  }

  ruleByNumber(n: number): Rule | undefined {
    const seen = new Set<string>()
    let count = 1
    for (const r of this.getRules()) {
      const tuple = appTuple(r)
      if (tuple) {
        if (seen.has(tuple)) continue
        seen.add(tuple)
      }
      if (count === n) return r
      count++
    }
    return undefined
  }

  findOtherPosition(position: number, v6: boolean): number {
    if (v6 && position > this.rules6.length) throw new UfwError(`Invalid position '${position}'`)
    if (!v6 && position > this.rules.length) throw new UfwError(`Invalid position '${position}'`)
    if (position < 1) throw new UfwError(`Invalid position '${position}'`)
    const own = v6 ? this.rules6 : this.rules
    const seen = new Set<string>()
    let offset = 0
    own.forEach((r, i) => {
      if (i >= position) return
      const tuple = appTuple(r)
      if (tuple) {
        if (seen.has(tuple)) offset++
        else seen.add(tuple)
      }
    })
    const target = own[position - 1 + offset]
    if (!target) return 0
    const match = dupRule(target)
    setV6(match, !v6)
    const other = v6 ? this.rules : this.rules6
    for (let i = 0; i < other.length; i++) if (matchRules(other[i] as Rule, match) === 0) return i + 1
    return 0
  }

  /** backend_iptables.py set_rule: the new list, the file, and the running firewall. */
  setRule(rule: Rule): string {
    if (rule.v6 && !this.useIpv6()) throw new UfwError('Adding IPv6 rule failed: IPv6 not enabled')
    if (rule.multi && rule.protocol !== 'udp' && rule.protocol !== 'tcp') throw new UfwError("Must specify 'tcp' or 'udp' with multiple ports")
    const rules = rule.v6 ? this.rules6 : this.rules
    let position = rule.position
    if (position < 0 || position > rules.length) throw new UfwError(`Invalid position '${position}'`)
    if (position > 0 && rule.remove) throw new UfwError('Cannot specify insert and delete')
    normalize(rule)
    const newRules: Rule[] = []
    let found = false
    let modified = false
    let inserted = false
    let matches = 0
    let count = 1
    let last: [string, string, string, string] = ['', '', '', '']
    for (const r of rules) {
      normalize(r)
      const current: [string, string, string, string] = [r.dst, r.src, r.dapp, r.sapp]
      if (count === position) {
        if ((last[2] === '' && last[3] === '' && count > 1) || (current[2] === '' && current[3] === '') || last.join('\0') !== current.join('\0')) {
          inserted = true
          newRules.push(dupRule(rule))
          last = ['', '', '', '']
        } else {
          position++
        }
      }
      last = current
      count++
      const ret = matchRules(r, rule)
      if (ret < 1) matches++
      if (ret === 0 && !found && !inserted) {
        found = true
        if (!rule.remove) newRules.push(dupRule(rule))
      } else if (ret === -2 && rule.remove && rule.comment === '') {
        found = true
      } else if (ret < 0 && !rule.remove && !inserted) {
        found = true
        modified = true
        newRules.push(dupRule(rule))
      } else {
        newRules.push(r)
      }
    }
    const v6Suffix = rule.v6 ? ' (v6)' : ''
    if (inserted) {
      if (matches > 0) return `Skipping inserting existing rule${v6Suffix}`
    } else {
      if (!found && !rule.remove) newRules.push(dupRule(rule))
      if (!found && rule.remove && !this.dryrun) return `Could not delete non-existent rule${v6Suffix}`
      if (found && !rule.remove && !modified) return `Skipping adding existing rule${v6Suffix}`
    }
    if (this.dryrun) return rule.v6 ? 'Rules updated (v6)' : 'Rules updated'
    if (rule.v6) this.rules6 = newRules
    else this.rules = newRules
    this.writeRules(rule.v6)
    let result = rule.v6 ? 'Rules updated (v6)' : 'Rules updated'
    if (this.isEnabled()) {
      if (modified || !this.isLoaded() || inserted) result = `${inserted ? 'Rule inserted' : 'Rule updated'}${v6Suffix}`
      else if (found && rule.remove) result = `Rule deleted${v6Suffix}`
      else if (!found && !modified && !rule.remove) result = `Rule added${v6Suffix}`
      // Real ufw changes the chains at once (iptables -A/-D or a reload of user.rules).
      this.reloadRuntime()
    }
    return result
  }

  /** The kernel follows the files while ufw is enabled and loaded. */
  reloadRuntime(): void {
    if (!this.dryrun && this.isEnabled() && this.isLoaded()) loadFirewall(this.server)
  }

  startFirewall(): void {
    if (this.dryrun) return
    loadFirewall(this.server)
    if (this.defaults.loglevel === undefined || loglevels[this.defaults.loglevel] === undefined) this.setDefault(files.conf, 'LOGLEVEL', 'low')
  }

  stopFirewall(): void {
    if (!this.dryrun) unloadFirewall(this.server)
  }

  setDefaultPolicy(policy: string, direction: string): string {
    if (!this.dryrun) {
      if (policy !== 'allow' && policy !== 'deny' && policy !== 'reject') throw new UfwError(`Unsupported policy '${policy}'`)
      const chain = direction === 'outgoing' ? 'OUTPUT' : direction === 'routed' ? 'FORWARD' : 'INPUT'
      const value = policy === 'allow' ? '"ACCEPT"' : policy === 'reject' ? '"REJECT"' : '"DROP"'
      this.setDefault(files.defaults, `DEFAULT_${chain}_POLICY`, value)
      // after.rules carry no "UFW BLOCK/ALLOW" strings on Debian 12, so ufw's rewrite of them changes nothing.
    }
    return `Default ${direction} policy changed to '${policy}'\n(be sure to update your rules accordingly)`
  }

  setLoglevel(level: string): string {
    if (![...Object.keys(loglevels), 'on'].includes(level)) throw new UfwError(`Invalid log level '${level}'`)
    let newLevel = level
    if (level === 'on') newLevel = !this.defaults.loglevel || this.defaults.loglevel === 'off' ? 'low' : this.defaults.loglevel
    this.setDefault(files.conf, 'LOGLEVEL', newLevel)
    // The logging section of the rules files follows the level.
    if (this.rules.length > 0 || this.read(files.rules)?.includes('### LOGGING ###')) this.writeRules(false)
    if (this.useIpv6() && (this.rules6.length > 0 || this.read(files.rules6)?.includes('### LOGGING ###'))) this.writeRules(true)
    return newLevel === 'off' ? 'Logging disabled' : 'Logging enabled'
  }

  loglevelText(): string {
    const level = this.defaults.loglevel
    if (level === undefined || loglevels[level] === undefined) return 'Logging: unknown'
    return loglevels[level] === 0 ? 'Logging: off' : `Logging: on (${level})`
  }

  // ---- application profiles ----

  private readProfiles(): void {
    const names = this.server.fs.readdir(files.apps, rootCred)
    if (isFsError(names)) return
    for (const file of [...names].sort()) {
      const text = this.read(`${files.apps}/${file}`)
      if (text === undefined) continue
      let current: Profile | undefined
      for (const raw of text.split('\n')) {
        const line = raw.trim()
        const section = /^\[(.+)\]$/.exec(line)
        if (section) {
          current = {}
          this.profiles.set(section[1] as string, current)
          continue
        }
        const field = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line)
        if (current && field && !line.startsWith('#') && !line.startsWith(';')) current[(field[1] as string).toLowerCase()] = field[2] as string
      }
    }
  }

  findApplicationName(name: string): string {
    if (this.profiles.has(name)) return name
    const matches = [...this.profiles.keys()].filter((key) => key.toLowerCase() === name.toLowerCase())
    if (matches.length === 1) return matches[0] as string
    if (matches.length > 1) throw new UfwError(`Found multiple matches for '${name}'. Please use exact profile name`)
    throw new UfwError(`Could not find a profile matching '${name}'`)
  }

  appRulesFromTemplate(template: Rule): Rule[] {
    const rules: Rule[] = []
    const profile = this.profiles.get(template.dport)
    if (profile) {
      for (const spec of (profile.ports ?? '').split('|').filter(Boolean)) {
        const rule = dupRule(template)
        rule.dapp = ''
        const [port, proto] = parsePortProto(spec)
        setProtocol(rule, proto)
        setPort(rule, port, 'dst', this.services)
        rule.dapp = template.dapp
        rules.push(rule)
      }
    }
    if (rules.length < 1) throw new UfwError('No rules found for application profile')
    return rules
  }

  appRulesFromSystem(template: Rule, v6: boolean): Rule[] {
    const norm = dupRule(template)
    setV6(norm, v6)
    normalize(norm)
    const tuple = appTuple(norm)
    return (v6 ? this.rules6 : this.rules).filter((r) => {
      const copy = dupRule(r)
      normalize(copy)
      return appTuple(copy) === tuple
    }).map(dupRule)
  }

  // ---- reset ----

  /** Moves the six rules files aside with the server clock's timestamp and copies the templates back. */
  reset(): string {
    const date = new Date(this.server.now())
    const pad = (n: number): string => String(n).padStart(2, '0')
    const ext = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}_${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}`
    const names = ['user.rules', 'before.rules', 'after.rules', 'user6.rules', 'before6.rules', 'after6.rules']
    for (const name of names) {
      const backup = `/etc/ufw/${name}.${ext}`
      if (this.server.fs.exists(backup)) throw new UfwError(`'${backup}' already exists. Aborting`)
    }
    let out = ''
    for (const name of names) {
      const path = `/etc/ufw/${name}`
      const backup = `${path}.${ext}`
      out += `Backing up '${name}' to '${backup}'\n`
      const stat = this.server.fs.stat(path, rootCred)
      const mode = isFsError(stat) ? 0o640 : stat.mode
      if (!isFsError(stat)) this.server.fs.rename(path, backup, rootCred)
      this.server.fs.writeFile(path, pristineRules[name] ?? '', rootCred)
      this.server.fs.chmod(path, mode, rootCred)
    }
    return out
  }
}
