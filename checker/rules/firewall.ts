/** Lesson step 4: ufw installed, running, deny by default, SSH and HTTP allowed. */
import { isUnknown, type Facts } from '../facts.ts'
import type { Rule, RuleContext } from './types.ts'
import { fail, fromUnknown, pass, warn } from './_verdict.ts'
import { decidePort, describeRule, opensEverything } from './_ufw-state.ts'
import type { UfwRule } from '../facts.ts'

/** Rules that open every port from anywhere, in the address families ufw applies. */
function openAll(facts: Facts, rules: readonly UfwRule[]): UfwRule[] {
  return rules.filter((rule) => opensEverything(rule) && !(rule.v6 && facts.ufw.ipv6 === false))
}

const deleteRuleFix = ['sudo ufw status numbered', 'sudo ufw delete <番号>']

function listed(items: readonly string[], separator: string, more: (count: number) => string): string {
  const shown = items.slice(0, 5).join(separator)
  return items.length > 5 ? `${shown}${separator}${more(items.length - 5)}` : shown
}

const notInstalled = fail(
  { ja: 'ufw がインストールされていません', en: 'ufw is not installed' },
  {
    hint: { ja: 'まず ufw をインストールしてください。この項目はそのあとで確かめられます。', en: 'Install ufw first; this check follows from there.' },
    fix: ['sudo apt install -y ufw'],
  },
)

/** undefined when installed; otherwise the verdict every firewall rule returns. */
function unlessInstalled(facts: Facts) {
  const state = facts.packages.ufw ?? { unknown: 'package not observed' }
  if (isUnknown(state)) return fromUnknown(state, { ja: 'ufw のインストール状態', en: 'whether ufw is installed' })
  return state === 'installed' ? undefined : notInstalled
}

export const firewallInstalled: Rule = ({ facts }) => unlessInstalled(facts) ?? pass({ ja: 'インストール済みです', en: 'Installed' })

export const firewallActive: Rule = ({ facts }) => {
  const missing = unlessInstalled(facts)
  if (missing) return missing
  const { active, enabledInConfig } = facts.ufw
  const evidence = [
    `runtime: ${isUnknown(active) ? `unknown (${active.unknown})` : active ? 'active' : 'inactive'}`,
    `ENABLED in /etc/ufw/ufw.conf: ${isUnknown(enabledInConfig) ? 'unknown' : enabledInConfig ? 'yes' : 'no'}`,
  ]
  if (isUnknown(active)) return { ...fromUnknown(active, { ja: 'ufw の動作状態', en: 'whether ufw is running' }), evidence }
  if (!active) {
    const configOnly = enabledInConfig === true
    return fail(
      configOnly
        ? { ja: '設定 (ENABLED=yes) では有効ですが、ファイアウォールは動いていません', en: 'Enabled in ufw.conf, but the firewall is not running' }
        : { ja: 'ufw は無効 (inactive) です', en: 'ufw is inactive' },
      { evidence },
    )
  }
  if (enabledInConfig === false) {
    return warn({ ja: '動いていますが、ufw.conf が ENABLED=no なので再起動後は無効になります', en: 'Running, but ENABLED=no in ufw.conf: it will be off after a reboot' }, { evidence, fix: ['sudo ufw enable'] })
  }
  return pass({ ja: 'ufw は有効 (active) です', en: 'ufw is active' }, evidence)
}

export const defaultDeny: Rule = ({ facts }) => {
  const missing = unlessInstalled(facts)
  if (missing) return missing
  const policy = facts.ufw.defaultIncoming
  if (isUnknown(policy)) return fromUnknown(policy, { ja: '受信の既定ポリシー', en: 'the default incoming policy' })
  const evidence = [`default incoming: ${policy}`]
  if (policy === 'allow') return fail({ ja: '受信の既定ポリシーが allow(すべて許可)です', en: 'The default incoming policy is allow' }, { evidence })
  // A rule that opens every port makes the policy meaningless; without the rules (root) we cannot tell.
  const rules = facts.ufw.rules
  if (isUnknown(rules)) return { ...fromUnknown(rules, { ja: 'ufw のルール', en: 'the ufw rules' }), evidence: [...evidence, rules.unknown] }
  const open = openAll(facts, rules)
  if (open.length > 0) {
    const described = open.map(describeRule)
    return fail(
      {
        ja: `既定ポリシーは ${policy} ですが、すべてのポートを開けるルール「${described[0]}」があるので意味がありません`,
        en: `The default policy is ${policy}, but the rule "${described[0]}" opens every port, so it decides nothing`,
      },
      { evidence: [...evidence, ...described], fix: deleteRuleFix },
    )
  }
  return pass({ ja: `受信の既定ポリシーは ${policy} です`, en: `Default incoming policy: ${policy}` }, evidence)
}

function allowsPort(context: RuleContext, port: number) {
  const { facts } = context
  const missing = unlessInstalled(facts)
  if (missing) return missing
  const { rules, ipv6 } = facts.ufw
  if (isUnknown(rules)) return fromUnknown(rules, { ja: 'ufw のルール', en: 'the ufw rules' })
  const families = [false, ...(ipv6 === true ? [true] : [])]
  const evidence = rules.filter((rule) => rule.direction === 'in').map(describeRule)
  const problems: { ja: string; en: string }[] = []
  let restricted = false
  for (const v6 of families) {
    const family = v6 ? 'IPv6' : 'IPv4'
    const decision = decidePort(rules, port, v6)
    if (decision.kind === 'allowed') continue
    if (decision.kind === 'restricted') {
      restricted = true
      continue
    }
    if (decision.kind === 'blocked') {
      problems.push({ ja: `${family} では「${describeRule(decision.rule)}」が先に当たり拒否されます`, en: `${family}: "${describeRule(decision.rule)}" matches first and blocks it` })
      continue
    }
    const udpOnly = rules.some((rule) => rule.v6 === v6 && rule.direction === 'in' && rule.proto === 'udp' && rule.ports.some((range) => range.from <= port && port <= range.to))
    problems.push(
      udpOnly
        ? { ja: `${family} では udp だけが許可されています(tcp が必要です)`, en: `${family}: only udp is allowed (tcp is needed)` }
        : { ja: `${family} で ${port}/tcp を許可するルールがありません`, en: `${family}: no rule allows ${port}/tcp` },
    )
  }
  if (ipv6 !== true && isUnknown(ipv6) && problems.length === 0) return fromUnknown(ipv6, { ja: 'ufw の IPv6 設定', en: 'the ufw IPv6 setting' })
  if (problems.length > 0) {
    return fail({ ja: problems.map((problem) => problem.ja).join('。'), en: problems.map((problem) => problem.en).join('; ') }, { evidence })
  }
  if (restricted) {
    return warn({ ja: `${port}/tcp は一部の接続元からだけ許可されています`, en: `${port}/tcp is allowed only from some addresses` }, { evidence })
  }
  return pass({ ja: `${port}/tcp は許可されています`, en: `${port}/tcp is allowed` }, evidence)
}

export const allowSsh: Rule = (context) => allowsPort(context, context.settings.sshPort)
export const allowHttp: Rule = (context) => allowsPort(context, context.settings.httpPort)

export const extraPorts: Rule = ({ facts, settings }) => {
  const missing = unlessInstalled(facts)
  if (missing) return missing
  const rules = facts.ufw.rules
  if (isUnknown(rules)) return fromUnknown(rules, { ja: 'ufw のルール', en: 'the ufw rules' })
  const coursePorts = [settings.sshPort, settings.httpPort]
  // The lesson's own `ufw allow 54723` opens udp too; only ports outside the course count as extra.
  const extra = rules.filter(
    (rule) =>
      rule.direction === 'in' &&
      (rule.action === 'allow' || rule.action === 'limit') &&
      !(rule.ports.length > 0 && rule.ports.every((range) => range.from === range.to && coursePorts.includes(range.from))),
  )
  if (extra.length === 0) return pass({ ja: '講座で使うポート以外は開いていません', en: 'Only the course ports are open' })
  const described = [...new Set(extra.map(describeRule))]
  const open = openAll(facts, rules)
  if (open.length > 0) {
    const all = [...new Set(open.map(describeRule))]
    return fail(
      { ja: `すべてのポートを開けるルールがあります: ${listed(all, '、', (count) => `ほか ${count} 件`)}`, en: `A rule opens every port: ${listed(all, ', ', (count) => `${count} more`)}` },
      { evidence: described, fix: deleteRuleFix },
    )
  }
  return warn(
    { ja: `ほかにも許可されているポートがあります: ${listed(described, '、', (count) => `ほか ${count} 件`)}`, en: `Other open ports: ${listed(described, ', ', (count) => `${count} more`)}` },
    { evidence: described },
  )
}
