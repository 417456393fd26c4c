/** Facts of a server where every step is done, for rule tests to take apart one piece at a time. */
import type { Facts } from '../../checker/facts.ts'
import type { ListeningSocket, UfwRule } from '../../checker/facts.ts'

export function rule(overrides: Partial<UfwRule> & Pick<UfwRule, 'ports'>): UfwRule {
  return { action: 'allow', direction: 'in', proto: 'tcp', source: '0.0.0.0/0', destination: '0.0.0.0/0', v6: false, ...overrides }
}

export function tcpAllow(port: number): UfwRule[] {
  return [rule({ ports: [{ from: port, to: port }] }), rule({ ports: [{ from: port, to: port }], v6: true, source: '::/0', destination: '::/0' })]
}

export function doneFacts(): Facts {
  return {
    root: true,
    host: { hostname: 'web01', os: 'Debian GNU/Linux 12 (bookworm)' },
    observedAt: '2026-11-20T10:00:00.000Z',
    listening: [
      { proto: 'tcp', address: '0.0.0.0', port: 54723 },
      { proto: 'tcp6', address: '::', port: 54723 },
      { proto: 'tcp', address: '0.0.0.0', port: 80 },
    ],
    sshd: { configTest: { valid: true }, configured: { ports: [54723], source: 'sshd -T' }, socketPorts: [22] },
    ufw: { enabledInConfig: true, active: true, defaultIncoming: 'deny', ipv6: true, rules: [...tcpAllow(54723), ...tcpAllow(80)] },
    packages: { 'unattended-upgrades': 'installed', ufw: 'installed', 'openssh-server': 'installed' },
    units: {
      'unattended-upgrades.service': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'apt-daily.timer': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'apt-daily-upgrade.timer': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'ssh.service': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'ssh.socket': { load: 'loaded', active: 'inactive', enabled: 'disabled' },
      'ufw.service': { load: 'loaded', active: 'active', enabled: 'enabled' },
    },
    apt: {
      periodic: { 'update-package-lists': '1', 'unattended-upgrade': '1' },
      listsUpdatedAt: '2026-11-18T06:30:00.000Z',
      pending: { upgradable: [], keptBack: [], phased: [] },
    },
    rebootRequired: { required: false, packages: [] },
  }
}

function knownArray<T>(value: T[] | { unknown: string }): T[] {
  if (!Array.isArray(value)) throw new Error('test helper used on an unknown fact')
  return value
}

export function addRules(facts: Facts, ...rules: UfwRule[]): void {
  facts.ufw.rules = [...knownArray(facts.ufw.rules), ...rules]
}

export function prependRule(facts: Facts, first: UfwRule): void {
  facts.ufw.rules = [first, ...knownArray(facts.ufw.rules)]
}

export function addListener(facts: Facts, socket: ListeningSocket): void {
  facts.listening = [...knownArray(facts.listening), socket]
}
