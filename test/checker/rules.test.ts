import { describe, expect, it } from 'vitest'
import { catalogFor, checkIds, type CheckId } from '../../checker/catalog.ts'
import type { Facts, UnknownFact } from '../../checker/facts.ts'
import { evaluate, type RuleSettings, type Status } from '../../checker/rules/index.ts'
import { course } from '../../src/shared/course.ts'
import { addListener, addRules, doneFacts, prependRule, rule, tcpAllow } from './_facts.ts'

const settings: RuleSettings = course
const notRoot: UnknownFact = { unknown: 'needs root', needsRoot: true }
const missing: UnknownFact = { unknown: 'command not found' }

function statuses(facts: Facts, custom: RuleSettings = settings): Record<CheckId, Status> {
  return Object.fromEntries(evaluate(facts, custom).map((result) => [result.id, result.status])) as Record<CheckId, Status>
}

function withFacts(change: (facts: Facts) => void): Facts {
  const facts = doneFacts()
  change(facts)
  return facts
}

describe('rules over Facts', () => {
  it('passes every check on a finished server', () => {
    expect(Object.values(statuses(doneFacts())).every((status) => status === 'pass')).toBe(true)
  })

  it('evaluates guard.lockout first and only the selected checks', () => {
    expect(evaluate(doneFacts(), settings).map((result) => result.id)[0]).toBe('guard.lockout')
    expect(evaluate(doneFacts(), settings, ['ssh.port-listening', 'updates.applied']).map((result) => result.id)).toEqual(['updates.applied', 'ssh.port-listening'])
  })

  // Each case changes the finished server and names the statuses that must follow; others stay pass.
  const cases: { name: string; change: (facts: Facts) => void; expect: Partial<Record<CheckId, Status>>; settings?: Partial<RuleSettings> }[] = [
    { name: 'lists 8 days old', change: (f) => void (f.apt.listsUpdatedAt = '2026-11-12T09:00:00.000Z'), expect: { 'updates.lists-fresh': 'fail', 'updates.applied': 'warn' } },
    { name: 'lists exactly 7 days old', change: (f) => void (f.apt.listsUpdatedAt = '2026-11-13T10:00:00.000Z'), expect: {} },
    { name: '--max-age 1 makes 2-day-old lists stale', change: () => {}, settings: { listsMaxAgeDays: 1 }, expect: { 'updates.lists-fresh': 'fail', 'updates.applied': 'warn' } },
    { name: 'no lists at all', change: (f) => void (f.apt.listsUpdatedAt = null), expect: { 'updates.lists-fresh': 'fail', 'updates.applied': 'warn' } },
    { name: 'stale lists make "nothing pending" doubtful', change: (f) => void (f.apt.listsUpdatedAt = '2026-01-01T00:00:00.000Z'), expect: { 'updates.lists-fresh': 'fail', 'updates.applied': 'warn' } },
    { name: 'upgradable packages', change: (f) => void (f.apt.pending = { upgradable: ['libssl3'], keptBack: [], phased: [] }), expect: { 'updates.applied': 'fail' } },
    { name: 'kept back only', change: (f) => void (f.apt.pending = { upgradable: [], keptBack: ['linux-image-amd64'], phased: [] }), expect: { 'updates.applied': 'warn' } },
    { name: 'phased only is not pending', change: (f) => void (f.apt.pending = { upgradable: [], keptBack: [], phased: ['python3-distupgrade'] }), expect: {} },
    { name: 'reboot required', change: (f) => void (f.rebootRequired = { required: true, packages: ['linux-image-6.1.0-41-amd64'] }), expect: { 'updates.reboot': 'warn' } },
    {
      name: 'unattended-upgrades removed but config kept',
      change: (f) => void (f.packages['unattended-upgrades'] = 'config-files'),
      expect: { 'autoupdate.installed': 'fail', 'autoupdate.running': 'fail', 'autoupdate.enabled': 'fail', 'autoupdate.periodic': 'fail' },
    },
    { name: 'service stopped', change: (f) => void (f.units['unattended-upgrades.service'] = { load: 'loaded', active: 'inactive', enabled: 'enabled' }), expect: { 'autoupdate.running': 'fail' } },
    { name: 'service disabled', change: (f) => void (f.units['unattended-upgrades.service'] = { load: 'loaded', active: 'active', enabled: 'disabled' }), expect: { 'autoupdate.enabled': 'fail' } },
    { name: '20auto-upgrades missing', change: (f) => void (f.apt.periodic = {}), expect: { 'autoupdate.periodic': 'fail' } },
    { name: 'Unattended-Upgrade "0"', change: (f) => void (f.apt.periodic = { 'update-package-lists': '1', 'unattended-upgrade': '0' }), expect: { 'autoupdate.periodic': 'fail' } },
    { name: 'APT::Periodic::Enable "0"', change: (f) => void (f.apt.periodic = { enable: '0', 'update-package-lists': '1', 'unattended-upgrade': '1' }), expect: { 'autoupdate.periodic': 'fail' } },
    { name: 'apt-daily-upgrade.timer disabled', change: (f) => void (f.units['apt-daily-upgrade.timer'] = { load: 'loaded', active: 'inactive', enabled: 'disabled' }), expect: { 'autoupdate.periodic': 'fail' } },
    { name: 'sshd -t rejects the config', change: (f) => void (f.sshd.configTest = { valid: false, error: '/etc/ssh/sshd_config line 14: Badly formatted port number.' }), expect: { 'ssh.config-valid': 'fail' } },
    {
      name: 'config still on 22 (commented #Port)',
      change: (f) => {
        f.sshd.configured = { ports: [22], source: 'parser' }
        f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }, { proto: 'tcp', address: '0.0.0.0', port: 80 }]
        f.ufw.rules = [...tcpAllow(22), ...tcpAllow(80)]
      },
      expect: { 'ssh.port-configured': 'fail', 'ssh.port-listening': 'fail', 'ssh.port22-closed': 'warn', 'firewall.allow-ssh': 'fail', 'firewall.extra-ports': 'warn' },
    },
    {
      name: 'config changed but not reloaded',
      change: (f) => void (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }]),
      expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail', 'ssh.port22-closed': 'warn', 'guard.lockout': 'fail' },
    },
    {
      name: 'sshd stopped',
      change: (f) => void (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 80 }]),
      expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail' },
    },
    {
      name: 'migration: both ports configured and listening, both allowed',
      change: (f) => {
        f.sshd.configured = { ports: [22, 54723], source: 'sshd -T' }
        addListener(f, { proto: 'tcp6', address: '::', port: 22 })
        addRules(f, ...tcpAllow(22))
      },
      expect: { 'ssh.port22-closed': 'warn', 'firewall.extra-ports': 'warn' },
    },
    { name: 'IPv6-only listener counts', change: (f) => void (f.listening = [{ proto: 'tcp6', address: '::', port: 54723 }]), expect: {} },
    { name: 'root sees sshd on the port', change: (f) => void (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 54723, programs: ['sshd'] }]), expect: {} },
    { name: 'root sees systemd holding ssh.socket', change: (f) => void (f.listening = [{ proto: 'tcp6', address: '::', port: 54723, programs: ['systemd'] }]), expect: {} },
    { name: 'root sees another program on the port', change: (f) => void (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 54723, programs: ['nc'] }]), expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail' } },
    {
      name: 'a non-sshd listener on 22 is no lockout risk',
      change: (f) => void ((f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 54723, programs: ['sshd'] }, { proto: 'tcp', address: '0.0.0.0', port: 22, programs: ['python3'] }]), (f.ufw.rules = [...tcpAllow(54723), ...tcpAllow(80)])),
      expect: {},
    },
    { name: 'ufw inactive, ENABLED=no', change: (f) => void ((f.ufw.active = false), (f.ufw.enabledInConfig = false)), expect: { 'firewall.active': 'fail' } },
    { name: 'ENABLED=yes but not running', change: (f) => void (f.ufw.active = false), expect: { 'firewall.active': 'fail' } },
    { name: 'running but ENABLED=no', change: (f) => void (f.ufw.enabledInConfig = false), expect: { 'firewall.active': 'warn' } },
    { name: 'default allow', change: (f) => void (f.ufw.defaultIncoming = 'allow'), expect: { 'firewall.default-deny': 'fail' } },
    { name: 'default reject counts as deny', change: (f) => void (f.ufw.defaultIncoming = 'reject'), expect: {} },
    {
      name: '`ufw allow 54723` (tcp and udp) counts',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }], proto: 'any' }), rule({ ports: [{ from: 54723, to: 54723 }], proto: 'any', v6: true, source: '::/0' }), ...tcpAllow(80)]),
      expect: {},
    },
    {
      name: 'limit counts as allow',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }], action: 'limit' }), rule({ ports: [{ from: 54723, to: 54723 }], action: 'limit', v6: true, source: '::/0' }), ...tcpAllow(80)]),
      expect: {},
    },
    {
      name: 'udp-only SSH rule does not count',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }], proto: 'udp' }), rule({ ports: [{ from: 54723, to: 54723 }], proto: 'udp', v6: true, source: '::/0' }), ...tcpAllow(80)]),
      expect: { 'firewall.allow-ssh': 'fail', 'guard.lockout': 'fail' },
    },
    {
      name: 'IPv4 rule only while ufw manages IPv6',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }] }), ...tcpAllow(80)]),
      expect: { 'firewall.allow-ssh': 'fail' },
    },
    {
      name: 'IPv4 rule only with IPV6=no',
      change: (f) => {
        f.ufw.ipv6 = false
        f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }] }), rule({ ports: [{ from: 80, to: 80 }] })]
      },
      expect: {},
    },
    {
      name: 'a deny rule before the allow wins',
      change: (f) => prependRule(f, rule({ ports: [{ from: 54723, to: 54723 }], action: 'deny', proto: 'any' })),
      expect: { 'firewall.allow-ssh': 'fail', 'guard.lockout': 'fail' },
    },
    {
      name: 'SSH allowed only from one address',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }], source: '192.0.2.10' }), rule({ ports: [{ from: 54723, to: 54723 }], source: '2001:db8::10', v6: true }), ...tcpAllow(80)]),
      expect: { 'firewall.allow-ssh': 'warn' },
    },
    {
      name: 'a port range covering the course port counts',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 50000, to: 60000 }] }), rule({ ports: [{ from: 50000, to: 60000 }], v6: true, source: '::/0' }), ...tcpAllow(80)]),
      expect: { 'firewall.extra-ports': 'warn' },
    },
    {
      name: 'outgoing rule for the port does not count',
      change: (f) => void (f.ufw.rules = [rule({ ports: [{ from: 54723, to: 54723 }], direction: 'out' }), ...tcpAllow(80)]),
      expect: { 'firewall.allow-ssh': 'fail', 'guard.lockout': 'fail' },
    },
    {
      name: 'lockout: enabled for next boot without an SSH rule',
      change: (f) => void ((f.ufw.active = false), (f.ufw.rules = tcpAllow(80))),
      expect: { 'guard.lockout': 'fail', 'firewall.active': 'fail', 'firewall.allow-ssh': 'fail' },
    },
    {
      name: 'no lockout while the firewall is off, even without rules',
      change: (f) => void ((f.ufw.active = false), (f.ufw.enabledInConfig = false), (f.ufw.rules = [])),
      expect: { 'firewall.active': 'fail', 'firewall.allow-ssh': 'fail', 'firewall.allow-http': 'fail' },
    },
    {
      name: 'no lockout with default allow and no rules',
      change: (f) => void ((f.ufw.defaultIncoming = 'allow'), (f.ufw.rules = [])),
      expect: { 'firewall.default-deny': 'fail', 'firewall.allow-ssh': 'fail', 'firewall.allow-http': 'fail' },
    },
    {
      name: 'lockout after the next reload: listening 22 allowed, configured 54723 not',
      change: (f) => {
        f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }]
        f.ufw.rules = [...tcpAllow(22), ...tcpAllow(80)]
      },
      expect: { 'guard.lockout': 'fail', 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail', 'ssh.port22-closed': 'warn', 'firewall.allow-ssh': 'fail', 'firewall.extra-ports': 'warn' },
    },
    {
      name: 'socket activation: applied-check failure hints at ssh.socket',
      change: (f) => {
        f.units['ssh.socket'] = { load: 'loaded', active: 'active', enabled: 'enabled' }
        f.listening = [{ proto: 'tcp6', address: '::', port: 22 }]
        addRules(f, ...tcpAllow(22))
      },
      expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail', 'ssh.port22-closed': 'warn', 'firewall.extra-ports': 'warn' },
    },
    { name: '--ssh-port 2222 judges the other port', change: () => {}, settings: { sshPort: 2222 }, expect: { 'ssh.port-configured': 'fail', 'ssh.port-listening': 'fail', 'firewall.allow-ssh': 'fail', 'firewall.extra-ports': 'warn' } },
    { name: 'ufw not installed', change: (f) => void ((f.packages.ufw = 'not-installed'), (f.ufw.active = false), (f.ufw.enabledInConfig = false)), expect: { 'firewall.installed': 'fail', 'firewall.active': 'fail', 'firewall.default-deny': 'fail', 'firewall.allow-ssh': 'fail', 'firewall.allow-http': 'fail', 'firewall.extra-ports': 'fail' } },
  ]

  it.each(cases)('$name', ({ change, expect: expected, settings: custom }) => {
    const result = statuses(withFacts(change), { ...settings, ...custom })
    const want = Object.fromEntries(checkIds.map((id) => [id, expected[id] ?? 'pass']))
    expect(result).toEqual(want)
  })

  it('gives the socket-activation fix under ssh.socket', () => {
    const facts = withFacts((f) => {
      f.units['ssh.socket'] = { load: 'loaded', active: 'active', enabled: 'enabled' }
      f.listening = [{ proto: 'tcp6', address: '::', port: 22 }]
    })
    const applied = evaluate(facts, settings, ['ssh.port-applied'])[0]
    expect(applied?.fix).toEqual(['sudo sshd -t', 'sudo systemctl daemon-reload', 'sudo systemctl restart ssh.socket'])
  })

  it('sends Debian 12 (no sshd-socket-generator) back to ssh.service instead', () => {
    const facts = withFacts((f) => {
      f.units['ssh.socket'] = { load: 'loaded', active: 'active', enabled: 'enabled' }
      f.listening = [{ proto: 'tcp6', address: '::', port: 22 }]
      f.sshd.socketFollowsConfig = false
    })
    const [listening, applied] = evaluate(facts, settings, ['ssh.port-listening', 'ssh.port-applied'])
    for (const result of [listening, applied]) {
      expect(result?.fix).toEqual(['sudo sshd -t', 'sudo systemctl disable --now ssh.socket', 'sudo systemctl stop ssh.service', 'sudo systemctl enable --now ssh.service'])
      expect(result?.hint?.ja).toContain('restart ssh.socket')
    }
  })

  it('asks to apply, not to edit, when 22 is already gone from the configuration', () => {
    const facts = withFacts((f) => addListener(f, { proto: 'tcp', address: '0.0.0.0', port: 22 }))
    const [closed] = evaluate(facts, settings, ['ssh.port22-closed'])
    expect([closed?.status, closed?.fix]).toEqual(['warn', ['sudo sshd -t', 'sudo systemctl reload ssh']])
  })

  it('gives the exact ufw allow command for a lockout', () => {
    const facts = withFacts((f) => void (f.ufw.rules = tcpAllow(80)))
    expect(evaluate(facts, settings, ['guard.lockout'])[0]?.fix).toEqual(['sudo ufw allow 54723/tcp'])
  })
})

describe('an unreadable fact is never a pass', () => {
  const setters: Record<string, (facts: Facts, fact: UnknownFact) => void> = {
    listening: (f, u) => void (f.listening = u),
    'sshd.configTest': (f, u) => void (f.sshd.configTest = u),
    'sshd.configured': (f, u) => void (f.sshd.configured = u),
    'sshd.socketPorts': (f, u) => void (f.sshd.socketPorts = u),
    'ufw.enabledInConfig': (f, u) => void (f.ufw.enabledInConfig = u),
    'ufw.active': (f, u) => void (f.ufw.active = u),
    'ufw.defaultIncoming': (f, u) => void (f.ufw.defaultIncoming = u),
    'ufw.ipv6': (f, u) => void (f.ufw.ipv6 = u),
    'ufw.rules': (f, u) => void (f.ufw.rules = u),
    'packages.unattended-upgrades': (f, u) => void (f.packages['unattended-upgrades'] = u),
    'packages.ufw': (f, u) => void (f.packages.ufw = u),
    'units.unattended-upgrades.service': (f, u) => void (f.units['unattended-upgrades.service'] = u),
    'units.apt-daily.timer': (f, u) => void (f.units['apt-daily.timer'] = u),
    'apt.periodic': (f, u) => void (f.apt.periodic = u),
    'apt.listsUpdatedAt': (f, u) => void (f.apt.listsUpdatedAt = u),
    'apt.pending': (f, u) => void (f.apt.pending = u),
    rebootRequired: (f, u) => void (f.rebootRequired = u),
  }
  // Servers in different states: an unknown fact must not turn any of their non-passes into a pass.
  const bases: Record<string, (facts: Facts) => void> = {
    done: () => {},
    lockout: (f) => void (f.ufw.rules = tcpAllow(80)),
    unapplied: (f) => void (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }]),
    'firewall off': (f) => void ((f.ufw.active = false), (f.ufw.enabledInConfig = false), (f.ufw.rules = [])),
    stale: (f) => void ((f.apt.listsUpdatedAt = '2026-01-01T00:00:00.000Z'), (f.apt.pending = { upgradable: ['bash'], keptBack: [], phased: [] })),
  }
  const table = Object.keys(setters).flatMap((path) => Object.keys(bases).flatMap((base) => [notRoot, missing].map((fact) => ({ path, base, fact }))))

  it.each(table)('$path unknown ($fact.unknown) on the $base server', ({ path, base, fact }) => {
    const before = statuses(withFacts(bases[base] as (facts: Facts) => void))
    const after = statuses(withFacts((f) => {
      ;(bases[base] as (facts: Facts) => void)(f)
      ;(setters[path] as (facts: Facts, fact: UnknownFact) => void)(f, fact)
    }))
    for (const id of checkIds) {
      if (before[id] !== 'pass') expect(after[id], id).not.toBe('pass')
    }
  })

  // socketPorts only refines hints and the lockout port set; every other fact backs some verdict.
  it.each(Object.keys(setters).filter((path) => path !== 'sshd.socketPorts'))('%s unknown makes some verdict unknown on some server', (path) => {
    const madeUnknown = Object.values(bases).some((base) => {
      const after = statuses(withFacts((f) => {
        base(f)
        ;(setters[path] as (facts: Facts, fact: UnknownFact) => void)(f, notRoot)
      }))
      return Object.values(after).includes('unknown')
    })
    expect(madeUnknown).toBe(true)
  })

  it('tells a non-root user to use sudo', () => {
    const facts = withFacts((f) => void (f.ufw.rules = notRoot))
    const result = evaluate(facts, settings, ['firewall.allow-ssh'])[0]
    expect(result?.status).toBe('unknown')
    expect(result?.detail.ja).toContain('sudo をつけて実行してください')
    expect(result?.needsRoot).toBe(true)
  })
})

describe('issue 8: an open server is not finished', () => {
  const cases: { name: string; change: (facts: Facts) => void; expect: Partial<Record<CheckId, Status>>; settings?: Partial<RuleSettings> }[] = [
    { name: '`ufw allow from 0.0.0.0/0` (no port) opens everything', change: (f) => addRules(f, rule({ ports: [], proto: 'any' })), expect: { 'firewall.default-deny': 'fail', 'firewall.extra-ports': 'fail' } },
    { name: 'a range covering every port', change: (f) => addRules(f, rule({ ports: [{ from: 1, to: 65535 }] })), expect: { 'firewall.default-deny': 'fail', 'firewall.extra-ports': 'fail' } },
    { name: 'ranges that together cover every port', change: (f) => addRules(f, rule({ ports: [{ from: 1, to: 30000 }, { from: 30001, to: 65535 }] })), expect: { 'firewall.default-deny': 'fail', 'firewall.extra-ports': 'fail' } },
    { name: '`allow from any to any` in v6', change: (f) => addRules(f, rule({ ports: [], proto: 'any', v6: true, source: '::/0', destination: '::/0' })), expect: { 'firewall.default-deny': 'fail', 'firewall.extra-ports': 'fail' } },
    { name: 'everything from one trusted address is not "open"', change: (f) => addRules(f, rule({ ports: [], proto: 'any', source: '192.0.2.10' })), expect: { 'firewall.extra-ports': 'warn' } },
    { name: 'sshd bound to 127.0.0.1 only', change: (f) => void (f.listening = [{ proto: 'tcp', address: '127.0.0.1', port: 54723 }, { proto: 'tcp', address: '0.0.0.0', port: 80 }]), expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail' } },
    { name: 'sshd bound to ::1 only', change: (f) => void (f.listening = [{ proto: 'tcp6', address: '::1', port: 54723, programs: ['sshd'] }]), expect: { 'ssh.port-listening': 'fail', 'ssh.port-applied': 'fail' } },
    { name: 'sshd on 127.0.0.1 and a public address counts', change: (f) => void (f.listening = [{ proto: 'tcp', address: '127.0.0.1', port: 54723 }, { proto: 'tcp', address: '203.0.113.5', port: 54723 }]), expect: {} },
    {
      name: 'loopback-only 22 does not hide a lockout on the new port',
      change: (f) => void ((f.sshd.configured = { ports: [22], source: 'sshd -T' }), (f.listening = [{ proto: 'tcp', address: '127.0.0.1', port: 22 }, { proto: 'tcp', address: '0.0.0.0', port: 54723 }]), (f.ufw.rules = tcpAllow(80))),
      expect: { 'guard.lockout': 'fail', 'ssh.port-configured': 'fail', 'ssh.port-applied': 'fail', 'firewall.allow-ssh': 'fail' },
    },
    {
      name: 'non-root: an unseen owner on 54723 with sshd configured for it is likely sshd',
      change: (f) => void ((f.root = false), (f.sshd.configured = { ports: [54723], source: 'parser' })),
      expect: {},
    },
    {
      name: 'non-root: an unseen owner on 54723 while sshd is configured for 22 is unknown',
      change: (f) => void ((f.root = false), (f.sshd.configured = { ports: [22], source: 'parser' }), (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 54723 }, { proto: 'tcp', address: '0.0.0.0', port: 22 }]), addRules(f, ...tcpAllow(22))),
      expect: { 'ssh.port-configured': 'fail', 'ssh.port-listening': 'unknown', 'ssh.port-applied': 'unknown', 'ssh.port22-closed': 'warn', 'firewall.extra-ports': 'warn' },
    },
    {
      name: 'non-root: an unseen owner on 54723 with the configuration unreadable is unknown',
      change: (f) => void ((f.root = false), (f.sshd.configured = { unknown: 'sshd would refuse this configuration' })),
      expect: { 'ssh.port-configured': 'unknown', 'ssh.port-listening': 'unknown', 'ssh.port-applied': 'unknown', 'guard.lockout': 'unknown' },
    },
    {
      name: '--ssh-port 22 on a server left on 22',
      settings: { sshPort: 22 },
      change: (f) => void ((f.sshd.configured = { ports: [22], source: 'sshd -T' }), (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }, { proto: 'tcp', address: '0.0.0.0', port: 80 }]), (f.ufw.rules = [...tcpAllow(22), ...tcpAllow(80)])),
      expect: {},
    },
  ]

  it.each(cases)('$name', ({ change, expect: expected, settings: custom }) => {
    const result = statuses(withFacts(change), { ...settings, ...custom })
    expect(result).toEqual(Object.fromEntries(checkIds.map((id) => [id, expected[id] ?? 'pass'])))
  })

  it('tells a non-root user to use sudo when the owner of 54723 cannot be seen', () => {
    const facts = withFacts((f) => void ((f.root = false), (f.sshd.configured = { ports: [22], source: 'parser' })))
    const result = evaluate(facts, settings, ['ssh.port-listening'])[0]
    expect([result?.status, result?.needsRoot, result?.fix]).toEqual(['unknown', true, ['sudo check']])
  })

  it('never advises removing port 22 when the course port is 22', () => {
    const custom = { ...settings, sshPort: 22 }
    const variants: ((f: Facts) => void)[] = [
      () => {},
      (f) => void ((f.sshd.configured = { ports: [22], source: 'sshd -T' }), (f.listening = [{ proto: 'tcp', address: '0.0.0.0', port: 22 }])),
      (f) => void ((f.sshd.configured = { ports: [22, 54723], source: 'sshd -T' }), addListener(f, { proto: 'tcp', address: '0.0.0.0', port: 22 }), addRules(f, ...tcpAllow(22))),
    ]
    const texts = JSON.stringify([
      catalogFor(custom),
      variants.map((change) => evaluate(withFacts(change), custom)),
    ])
    expect(texts).not.toMatch(/22 と 22|both 22 and 22|\/\^Port 22\$\/d|Port 22」の行を消|22 番の許可|port 22 rule|ufw's 22 rule|open 22, not 22|22 番で、22 番ではありません/)
    for (const change of variants) expect(evaluate(withFacts(change), custom, ['ssh.port22-closed'])[0]?.status).toBe('pass')
  })
})

describe('issue 8: wording', () => {
  const englishInJapanese = /not-installed|config-files|half-installed|command not found|not found|needs root|exited with|no answer within|unexpected output|inactive|disabled/
  const variants: { name: string; change: (f: Facts) => void }[] = [
    { name: 'not installed', change: (f) => void ((f.packages['unattended-upgrades'] = 'not-installed'), (f.packages.ufw = 'config-files')) },
    { name: 'sshd missing', change: (f) => void ((f.sshd.configTest = { unknown: 'sshd: command not found', text: { ja: 'sshd コマンドが見つかりません', en: 'the sshd command was not found' } }), (f.sshd.configured = { unknown: 'sshd: command not found' })) },
    { name: 'services stopped', change: (f) => void ((f.units['unattended-upgrades.service'] = { load: 'loaded', active: 'inactive', enabled: 'disabled' }), (f.units['apt-daily.timer'] = { load: 'loaded', active: 'inactive', enabled: 'disabled' })) },
    { name: 'listening unknown', change: (f) => void (f.listening = { unknown: '/proc/net/tcp: not found' }) },
    { name: 'phased and kept back', change: (f) => void (f.apt.pending = { upgradable: [], keptBack: [], phased: ['a', 'b'] }) },
  ]
  it.each(variants)('no English in Japanese texts, no double parentheses in English: $name', ({ change }) => {
    for (const result of evaluate(withFacts(change), settings)) {
      expect(result.detail.ja, result.id).not.toMatch(englishInJapanese)
      expect(`${result.detail.en} ${result.hint?.en ?? ''}`, result.id).not.toMatch(/\(\(|\)\)/)
    }
  })

  it('no double parentheses anywhere in the English catalogue', () => {
    for (const entry of catalogFor(settings)) expect(`${entry.title.en} ${entry.hint.en}`, entry.id).not.toMatch(/\(\(|\)\)/)
  })

  it('points to real check titles only', () => {
    const titles = catalogFor(settings).map((entry) => entry.title.ja)
    for (const entry of catalogFor(settings)) {
      for (const [, named] of entry.hint.ja.matchAll(/「([^」]*)」の項目/g)) expect(titles, entry.id).toContain(named)
    }
  })

  it('sends an sshd -t error in a drop-in to that file', () => {
    const facts = withFacts((f) => void (f.sshd.configTest = { valid: false, error: '/etc/ssh/sshd_config.d/x.conf line 3: Badly formatted port number.' }))
    const result = evaluate(facts, settings, ['ssh.config-valid'])[0]
    expect(result?.fix).toEqual(['sudo nano /etc/ssh/sshd_config.d/x.conf', 'sudo sshd -t'])
    expect(result?.detail.ja).toContain('/etc/ssh/sshd_config.d/x.conf の 3 行目')
    expect(JSON.stringify(result)).not.toContain('nano /etc/ssh/sshd_config"')
  })

  it('caps echoed values and evidence lines', () => {
    const many = Array.from({ length: 5000 }, (_, index) => rule({ ports: [{ from: 1000 + index, to: 1000 + index }] }))
    const facts = withFacts((f) => void (addRules(f, ...many), (f.sshd.configTest = { valid: false, error: `x${'9'.repeat(1_000_000)}` })))
    for (const result of evaluate(facts, settings)) {
      expect(result.evidence?.length ?? 0, result.id).toBeLessThanOrEqual(21)
      expect(JSON.stringify(result).length, result.id).toBeLessThan(10_000)
    }
  })
})
