/**
 * ufw: the boot-time switch (ENABLED in /etc/ufw/ufw.conf, readable by anyone), the defaults and
 * IPv6 switch (/etc/default/ufw), the rules (user.rules, root only) and whether the firewall is
 * running right now (`ufw status`, or the ufw-user-input chain; both root only). The config and the
 * runtime can disagree, so both are kept.
 */
import type { Facts } from '../facts.ts'
import { isYes, parseShellVars } from '../parsers/shell-vars.ts'
import { parseUfwRules } from '../parsers/ufw-rules.ts'
import { parseUfwStatus } from '../parsers/ufw-status.ts'
import { clip } from '../parsers/_clip.ts'
import type { Host } from './host.ts'
import { commandProblem, fileProblem, notCheckedReason, rootRequired, unknown } from './_unknown.ts'
import type { FactPart } from '../rules/needs.ts'
import { timeouts } from './timeouts.ts'

const quick = { timeoutMs: timeouts.quick }

const policies: Record<string, 'deny' | 'reject' | 'allow'> = { DROP: 'deny', REJECT: 'reject', ACCEPT: 'allow' }

/** `want`: the parts to observe (checker/rules/needs.ts); the others are 'not checked'. Default: all. */
export async function probeUfw(host: Host, want?: ReadonlySet<FactPart>): Promise<Facts['ufw']> {
  const wanted = (part: FactPart) => want === undefined || want.has(part)
  const skipped = unknown(notCheckedReason)
  const conf = host.readFile('/etc/ufw/ufw.conf')
  const defaults = host.readFile('/etc/default/ufw')
  const defaultVars = 'text' in defaults ? parseShellVars(defaults.text) : undefined
  const enabledInConfig = 'text' in conf ? isYes(parseShellVars(conf.text).ENABLED) : conf.error === 'missing' ? false : fileProblem('/etc/ufw/ufw.conf', conf.message)
  const ipv6 = defaultVars ? isYes(defaultVars.IPV6) : fileProblem('/etc/default/ufw', 'message' in defaults ? defaults.message : '/etc/default/ufw')
  const policyWord = defaultVars?.DEFAULT_INPUT_POLICY
  const defaultIncoming = policyWord && policies[policyWord] ? policies[policyWord] : defaultVars ? unknown(`DEFAULT_INPUT_POLICY=${clip(policyWord ?? '')} in /etc/default/ufw`, { ja: '/etc/default/ufw の DEFAULT_INPUT_POLICY が読み取れません', en: 'DEFAULT_INPUT_POLICY in /etc/default/ufw is not one ufw knows' }) : fileProblem('/etc/default/ufw', 'message' in defaults ? defaults.message : '/etc/default/ufw')
  // Without the ufw program and its config, ufw cannot be running, root or not.
  const absent = 'error' in conf && conf.error === 'missing' && !host.exists('/usr/sbin/ufw')
  const active = !wanted('ufw.active') ? skipped : absent ? false : await probeRuntime(host)
  return {
    enabledInConfig: wanted('ufw.enabledInConfig') ? enabledInConfig : skipped,
    active,
    defaultIncoming: wanted('ufw.defaultIncoming') ? defaultIncoming : skipped,
    ipv6: wanted('ufw.ipv6') ? ipv6 : skipped,
    rules: wanted('ufw.rules') ? readRules(host) : skipped,
  }
}

function readRules(host: Host): Facts['ufw']['rules'] {
  const rules: Extract<Facts['ufw']['rules'], unknown[]> = []
  for (const [path, v6] of [['/etc/ufw/user.rules', false], ['/etc/ufw/user6.rules', true]] as const) {
    const file = host.readFile(path)
    if ('error' in file) {
      if (file.error === 'denied') return rootRequired(`${path} is readable only by root`)
      // No user6.rules: ufw was never given IPv6 rules; no user.rules: ufw is not installed.
      if (file.error === 'missing' && v6) continue
      return fileProblem(path, file.message)
    }
    rules.push(...parseUfwRules(file.text, v6).rules)
  }
  return rules
}

async function probeRuntime(host: Host): Promise<Facts['ufw']['active']> {
  if (!host.root) return rootRequired('ufw status')
  const status = await host.run('ufw', ['status', 'verbose'], quick)
  if (status.ok && status.code === 0) {
    const parsed = parseUfwStatus(status.stdout)
    if (parsed) return parsed.active
  }
  // Fallback: ufw's chain exists in the running firewall exactly while ufw is enabled.
  const chain = await host.run('iptables', ['-n', '-L', 'ufw-user-input'], quick)
  if (chain.ok && chain.code === 0) return true
  if (chain.ok && /No chain\/target\/match by that name/.test(chain.stderr)) return false
  return commandProblem('ufw status', status)
}
