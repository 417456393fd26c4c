/**
 * ufw 0.36.2 (Debian 12) on the practice server: the ufw script and frontend.py, worded and
 * laid out byte for byte as recorded in the lab (test/fixtures/sandbox/ufw/). Errors go to stderr as
 * `ERROR: …` with exit status 1; a syntax error prints the error and then the usage on stdout.
 */
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'
import { Backend } from './backend.ts'
import { InvalidSyntax, parseCommand, validProfileName, type Parsed } from './parser.ts'
import { appTuple, dupRule, hexDecode, matchRules, parseServices, ruleCommand, setV6, UfwError, type Rule, type Services } from './rule.ts'

export const ufwUsage = `
Usage: ufw COMMAND

Commands:
 enable                          enables the firewall
 disable                         disables the firewall
 default ARG                     set default policy
 logging LEVEL                   set logging to LEVEL
 allow ARGS                      add allow rule
 deny ARGS                       add deny rule
 reject ARGS                     add reject rule
 limit ARGS                      add limit rule
 delete RULE|NUM                 delete RULE
 insert NUM RULE                 insert RULE at NUM
 prepend RULE                    prepend RULE
 route RULE                      add route RULE
 route delete RULE|NUM           delete route RULE
 route insert NUM RULE           insert route RULE at NUM
 reload                          reload firewall
 reset                           reset firewall
 status                          show firewall status
 status numbered                 show firewall status as numbered list of RULES
 status verbose                  show verbose firewall status
 show ARG                        show firewall report
 version                         display version information

Application profile commands:
 app list                        list application profiles
 app info PROFILE                show information on PROFILE
 app update PROFILE              update PROFILE
 app default ARG                 set default application policy
`

export async function ufw(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1).filter((arg) => !arg.startsWith('--rootdir=') && !arg.startsWith('--datadir='))
  const error = (text: string): number => {
    ctx.stderr.write(`ERROR: ${text}\n`)
    return 1
  }
  let parsed: Parsed
  try {
    parsed = parseCommand(args, servicesOf(ctx))
  } catch (caught) {
    if (caught instanceof InvalidSyntax) {
      ctx.stderr.write('ERROR: Invalid syntax\n')
      ctx.stdout.write(`${ufwUsage}\n`)
      return 1
    }
    if (caught instanceof UfwError && caught.message === 'not enough args') {
      ctx.stderr.write('ERROR: not enough args\n')
      ctx.stdout.write(`${ufwUsage}\n`)
      return 1
    }
    if (caught instanceof UfwError) return error(caught.message)
    throw caught
  }
  if (['help', '--help', '-h'].includes(parsed.action)) {
    ctx.stdout.write(`${ufwUsage}\n`)
    return 0
  }
  if (parsed.action === 'version' || parsed.action === '--version') {
    ctx.stdout.write('ufw 0.36.2\nCopyright 2008-2023 Canonical Ltd.\n')
    return 0
  }
  if (ctx.cred.uid !== 0) return error('You need to be root to run this script')
  if (ctx.system.kind !== 'server') return error('problem running iptables')
  const server = ctx.system as Server

  try {
    const frontend = new Frontend(ctx, new Backend(server, parsed.dryrun))
    let result: string
    if (parsed.type === 'app' && args.some((arg) => arg.toLowerCase() === 'app')) {
      result = frontend.applicationAction(parsed.action, parsed.name ?? '')
    } else if (parsed.action === 'enable' && !parsed.force && !(await frontend.continueUnderSsh())) {
      result = 'Aborted'
    } else {
      result = await frontend.doAction(parsed, parsed.force)
    }
    if (result !== '') ctx.stdout.write(`${result}\n`)
    return 0
  } catch (caught) {
    if (caught instanceof UfwError) return error(caught.message)
    throw caught
  }
}

function servicesOf(ctx: CommandContext): Services {
  // The parser needs /etc/services before ufw knows whether it may run; anyone can read it.
  const text = ctx.system.fs.readFile('/etc/services', ctx.cred)
  return parseServices(typeof text === 'string' ? text : '')
}

class Frontend {
  constructor(readonly ctx: CommandContext, readonly backend: Backend) {}

  /** The answer to a y|n question (sys.stdin.readline): the terminal when there is one, else stdin. */
  private async ask(prompt: string): Promise<boolean> {
    let answer: string | null
    if (this.ctx.tty && this.ctx.stdin.isTty) {
      answer = await this.ctx.tty.readLine(prompt)
    } else {
      this.ctx.stdout.write(prompt)
      answer = this.ctx.stdin.read().split('\n')[0] ?? ''
    }
    const word = (answer ?? '').toLowerCase().trim()
    return word === 'y' || word === 'yes'
  }

  /**
   * ufw asks only under SSH: it looks for sshd among its ancestors, so sudo (which drops
   * SSH_CONNECTION from the environment) does not hide it. The terminal tells: SSH logins get a
   * pts, the console is tty1.
   */
  private underSsh(): boolean {
    if (this.ctx.env.SSH_CONNECTION || this.ctx.env.SSH_CLIENT) return true
    return this.backend.server.terminal?.ttyName.startsWith('pts/') ?? false
  }

  async continueUnderSsh(): Promise<boolean> {
    if (!this.underSsh()) return true
    return this.ask('Command may disrupt existing ssh connections. Proceed with operation (y|n)? ')
  }

  setEnabled(enabled: boolean): string {
    const b = this.backend
    if (enabled !== b.isEnabled()) b.setDefault('/etc/ufw/ufw.conf', 'ENABLED', enabled ? 'yes' : 'no')
    if (enabled) {
      b.startFirewall()
      return 'Firewall is active and enabled on system startup'
    }
    b.stopFirewall()
    return 'Firewall stopped and disabled on system startup'
  }

  async doAction(parsed: Parsed, force: boolean): Promise<string> {
    const action = parsed.action
    const b = this.backend
    if (action.startsWith('logging-on')) return b.setLoglevel(action.split('_')[1] ?? 'on')
    if (action === 'logging-off') return b.setLoglevel('off')
    if (action.startsWith('default-')) {
      const [, policy = '', direction = ''] = action.split('-')
      const result = b.setDefaultPolicy(policy, direction)
      // A running firewall is restarted with the new policy.
      if (b.isEnabled() && !b.dryrun) {
        b.stopFirewall()
        b.startFirewall()
      }
      return result
    }
    if (action === 'reset') return this.reset(force)
    if (action === 'status') return this.status(false, false)
    if (action === 'status-verbose') return this.status(true, false)
    if (action === 'status-numbered') return this.status(false, true)
    if (action === 'show-added') return this.showAdded()
    if (action.startsWith('show-')) return this.showRaw(action.slice(5))
    if (action === 'enable') return this.setEnabled(true)
    if (action === 'disable') return this.setEnabled(false)
    if (action === 'reload') {
      if (!b.isEnabled()) return 'Firewall not enabled (skipping reload)'
      this.setEnabled(false)
      this.setEnabled(true)
      return 'Firewall reloaded'
    }
    if (action.startsWith('delete-')) return this.deleteRule(action.slice(7), force)
    if (['allow', 'deny', 'reject', 'limit'].includes(action) && parsed.rule) {
      const rule = parsed.rule
      if (rule.dapp !== '') {
        try {
          const name = b.findApplicationName(rule.dapp)
          if (name !== rule.dapp) {
            rule.dapp = name
            rule.dport = name
          }
        } catch (caught) {
          if (!rule.remove) throw caught
          if (!validProfileName(rule.dapp)) throw new UfwError('Invalid profile name')
        }
      }
      if (rule.sapp !== '') {
        try {
          const name = b.findApplicationName(rule.sapp)
          if (name !== rule.sapp) {
            rule.sapp = name
            rule.dport = name
          }
        } catch (caught) {
          if (!rule.remove) throw caught
          if (!validProfileName(rule.sapp)) throw new UfwError('Invalid profile name')
        }
      }
      return this.setRule(rule, parsed.iptype ?? 'both')
    }
    throw new UfwError(`Unsupported action '${action}'`)
  }

  /** frontend.py set_rule: one rule (or an application's rules) for IPv4, IPv6 or both. */
  setRule(rule: Rule, ipVersion: 'v4' | 'v6' | 'both'): string {
    const b = this.backend
    let rules: Rule[] = []
    if (rule.dapp === '' && rule.sapp === '') {
      rules.push(rule)
    } else if (rule.remove) {
      let found: Rule[] = []
      if (ipVersion === 'v4') found = b.appRulesFromSystem(rule, false)
      else if (ipVersion === 'v6') found = b.appRulesFromSystem(rule, true)
      else {
        found = b.appRulesFromSystem(rule, false)
        const found6 = b.appRulesFromSystem(rule, true)
        // frontend.py keeps a v6 rule only when it equals a v4 one with v6 switched off (without
        // converting ::/0), which for ordinary rules never happens: the v4 rules stand for both.
        for (const x of [...found]) {
          for (const y of found6) {
            const copy = dupRule(y)
            copy.v6 = false
            if (matchRules(x, copy) === 0) found.push(y)
          }
        }
      }
      if (found.length === 0 && !b.dryrun) {
        const text = 'Could not delete non-existent rule'
        return ipVersion === 'v4' ? text : ipVersion === 'v6' ? `${text} (v6)` : `${text}\n${text} (v6)`
      }
      rules = found.map((tmp) => ({ ...dupRule(tmp), remove: true, action: rule.action, logtype: rule.logtype }))
    } else {
      rules = b.appRulesFromTemplate(rule)
      if (rule.position !== 0) rules.reverse()
    }

    let out = ''
    let numV4 = b.rulesCount(false)
    const numV6 = b.rulesCount(true)
    rules.forEach((r, count) => {
      if (r.position > numV4 + numV6) throw new UfwError(`Invalid position '${r.position}'`)
      let tmp: string
      if (b.useIpv6()) {
        if (ipVersion === 'v4') {
          if (r.position === -1) r.position = count === 0 && numV4 === 0 ? 0 : 1
          else if (r.position > numV4) throw new UfwError(`Invalid position '${r.position}'`)
          setV6(r, false)
          tmp = b.setRule(r)
        } else if (ipVersion === 'v6') {
          if (r.position === -1) r.position = count === 0 && numV6 === 0 ? 0 : 1
          else if (r.position > numV4) r.position -= numV4
          else if (r.position !== 0 && r.position <= numV4) throw new UfwError(`Invalid position '${r.position}'`)
          setV6(r, true)
          tmp = b.setRule(r)
        } else {
          const userPos = r.position
          setV6(r, false)
          if (userPos === -1) r.position = count === 0 && numV4 === 0 ? 0 : 1
          else if (!r.remove && userPos > numV4) {
            const p = b.findOtherPosition(userPos - numV4 + count, true)
            r.position = p > 0 ? p : 0
          }
          tmp = b.setRule(r)
          if (!r.remove && userPos > 0) {
            numV4 = b.rulesCount(false)
            r.position = userPos + 1
          }
          setV6(r, true)
          if (userPos === -1) r.position = count === 0 && numV6 === 0 ? 0 : 1
          else if (!r.remove && r.position > 0 && r.position <= numV4) {
            const p = b.findOtherPosition(r.position, false)
            r.position = p > 0 ? p - count : 0
          }
          if (tmp !== '') tmp += '\n'
          if (!r.remove && r.position > numV4 && userPos !== -1) r.position -= numV4
          tmp += b.setRule(r)
        }
      } else {
        if (r.position === -1) r.position = count === 0 && numV4 === 0 ? 0 : 1
        if (ipVersion === 'v6') throw new UfwError('IPv6 support not enabled')
        setV6(r, false)
        tmp = b.setRule(r)
      }
      out = tmp
    })
    return out
  }

  async deleteRule(number: string, force: boolean): Promise<string> {
    const b = this.backend
    const n = Number.parseInt(number, 10)
    if (!Number.isFinite(n)) throw new UfwError(`Could not find rule '${number}'`)
    const rules = b.getRules()
    if (n <= 0 || n > rules.length) throw new UfwError(`Could not find rule '${n}'`)
    const found = b.ruleByNumber(n)
    if (!found) throw new UfwError(`Could not find rule '${n}'`)
    const rule = dupRule(found)
    rule.remove = true
    const ipVersion = rule.v6 ? 'v6' : 'v4'
    if (!force) {
      const text = rule.forward ? `route ${ruleCommand(rule)}` : ruleCommand(rule)
      if (!(await this.ask(`Deleting:\n ${text}\nProceed with operation (y|n)? `))) return 'Aborted'
    }
    return this.setRule(rule, ipVersion)
  }

  async reset(force: boolean): Promise<string> {
    const b = this.backend
    let prompt = 'Resetting all rules to installed defaults. Proceed with operation (y|n)? '
    if (this.underSsh()) prompt = 'Resetting all rules to installed defaults. This may disrupt existing ssh\nconnections. Proceed with operation (y|n)? '
    if (!force && !(await this.ask(prompt))) return 'Aborted'
    if (b.isEnabled()) this.setEnabled(false)
    return b.reset()
  }

  showAdded(): string {
    const rules = this.backend.getRules()
    let out = "Added user rules (see 'ufw status' for running firewall):"
    if (rules.length === 0) return `${out}\n(None)`
    const added: string[] = []
    for (const r of rules) {
      const text = r.forward ? `route ${ruleCommand(r)}` : ruleCommand(r)
      if (added.includes(text)) continue
      added.push(text)
      out += `\nufw ${text}`
    }
    return out
  }

  /** `ufw show raw` and friends read the kernel; only the user rules are modelled. */
  showRaw(kind: string): string {
    if (kind === 'user') return this.backend.rulesFileText(false).trimEnd()
    return ''
  }

  /** backend_iptables.py get_status */
  status(verbose: boolean, showCount: boolean): string {
    const b = this.backend
    if (b.dryrun) return `> Checking iptables${b.useIpv6() ? '\n> Checking ip6tables' : ''}\n`.replace(/\n$/, '')
    if (!b.isLoaded()) return 'Status: inactive'
    let s = ''
    let strOut = ''
    let strRte = ''
    let count = 1
    const seen = new Set<string>()
    for (const r of [...b.rules, ...b.rules6]) {
      let showProto = true
      if (!verbose && (r.dapp !== '' || r.sapp !== '')) {
        showProto = false
        const tuple = appTuple(r)
        if (seen.has(tuple)) continue
        seen.add(tuple)
      }
      const location: Record<'dst' | 'src', string> = { dst: '', src: '' }
      for (const loc of ['dst', 'src'] as const) {
        const addr = loc === 'dst' ? r.dst : r.src
        const app = loc === 'dst' ? r.dapp : r.sapp
        let port: string
        if (!verbose && app !== '') {
          port = app
          if (r.v6 && addr === '::/0') port += ' (v6)'
        } else {
          port = loc === 'dst' ? r.dport : r.sport
        }
        if (addr !== '0.0.0.0/0' && addr !== '::/0') location[loc] = addr
        if (port !== 'any') {
          location[loc] = location[loc] === '' ? port : `${location[loc]} ${port}`
          if (showProto && r.protocol !== 'any') location[loc] += `/${r.protocol}`
          if (verbose && app !== '') {
            location[loc] += ` (${app}`
            if (r.v6 && addr === '::/0') location[loc] += ' (v6)'
            location[loc] += ')'
          }
        }
        if (port === 'any') {
          if (addr === '0.0.0.0/0' || addr === '::/0') {
            location[loc] = 'Anywhere'
            if (showProto && r.protocol !== 'any' && r.dst === r.src && r.dport === r.sport) location[loc] += `/${r.protocol}`
            if (addr === '::/0') location[loc] += ' (v6)'
          } else if (showProto && r.protocol !== 'any' && r.dport === r.sport) {
            location[loc] += `/${r.protocol}`
          }
        } else if (r.v6 && r.src === '::/0' && r.dst === '::/0' && !location[loc].includes(' (v6)')) {
          location[loc] += ' (v6)'
        }
        if (r.forward) {
          if (loc === 'src' && r.interfaceIn) location[loc] += ` on ${r.interfaceIn}`
          if (loc === 'dst' && r.interfaceOut) location[loc] += ` on ${r.interfaceOut}`
        } else {
          if (loc === 'dst' && r.interfaceIn) location[loc] += ` on ${r.interfaceIn}`
          if (loc === 'src' && r.interfaceOut) location[loc] += ` on ${r.interfaceOut}`
        }
      }
      const attribs: string[] = []
      if (r.logtype) attribs.push(r.logtype)
      if (showCount && r.direction === 'out') attribs.push(r.direction)
      const attribText = attribs.length > 0 && (r.logtype || r.direction === 'out') ? ` (${attribs.join(', ')})` : ''
      let dir = r.forward ? 'FWD' : r.direction.toUpperCase()
      if (r.direction === 'in' && !r.forward && !verbose && !showCount) dir = ''
      const comment = r.comment ? ` # ${hexDecode(r.comment)}` : ''
      const line = `${showCount ? `[${String(count).padStart(2)}] ` : ''}${location.dst.padEnd(26)} ${`${r.action.toUpperCase()} ${dir}`.padEnd(12)}${location.src.padEnd(26)}${attribText}${comment}\n`
      if (showCount) s += line
      else if (r.forward) strRte += line
      else if (r.direction === 'out') strOut += line
      else s += line
      count++
    }
    if (s !== '' || strOut !== '' || strRte !== '') {
      const header = (a: string, b2: string, c: string): string => `${a.padEnd(26)} ${b2.padEnd(12)}${c}\n`
      let full = '\n\n'
      if (showCount) full += '     '
      full += header('To', 'Action', 'From')
      if (showCount) full += '     '
      full += header('--', '------', '----')
      full += s
      if (s !== '' && strOut !== '') full += '\n'
      full += strOut
      if (s !== '' && strRte !== '') full += '\n'
      full += strRte
      s = full
    }
    if (verbose) {
      const app = b.defaults.default_application_policy
      const appText = app === 'accept' ? 'allow' : app === 'drop' ? 'deny' : app === 'reject' ? 'reject' : 'skip'
      // Routed shows "disabled" while IP forwarding is off, as on the practice server.
      const policy = `Default: ${b.defaultPolicy('input')} (incoming), ${b.defaultPolicy('output')} (outgoing), disabled (routed)`
      return `Status: active\n${b.loglevelText()}\n${policy}\nNew profiles: ${appText}${s}`
    }
    return `Status: active${s}`
  }

  applicationAction(action: string, name: string): string {
    const b = this.backend
    if (action === 'list') {
      return `Available applications:${[...b.profiles.keys()].sort(compareNames).map((n) => `\n  ${n}`).join('')}`
    }
    if (action === 'info') {
      const names = name === 'all' ? [...b.profiles.keys()].sort(compareNames) : [name]
      if (name !== 'all' && !validProfileName(name)) throw new UfwError('Invalid profile name')
      let out = ''
      names.forEach((profileName, index) => {
        const profile = b.profiles.get(profileName)
        if (!profile) throw new UfwError(`Could not find profile '${profileName}'`)
        out += `Profile: ${profileName}\nTitle: ${profile.title ?? ''}\nDescription: ${profile.description ?? ''}\n\n`
        const ports = (profile.ports ?? '').split('|')
        out += ports.length > 1 || (ports[0] ?? '').includes(',') ? 'Ports:' : 'Port:'
        for (const port of ports) out += `\n  ${port}`
        if (index !== names.length - 1) out += '\n\n--\n\n'
      })
      return out
    }
    if (action.startsWith('default-')) {
      const policy = action.slice(8)
      const value = { allow: 'ACCEPT', deny: 'DROP', reject: 'REJECT', skip: 'SKIP' }[policy] ?? 'SKIP'
      b.setDefault('/etc/default/ufw', 'DEFAULT_APPLICATION_POLICY', `"${value}"`)
      return `Default application policy changed to '${policy}'`
    }
    if (action === 'update' || action === 'update-with-new') return ''
    throw new UfwError(`Unsupported action '${action}'`)
  }
}

/** Python's sort of str: by code point (upper case before lower case). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
