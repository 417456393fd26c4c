/**
 * Which parts of Facts each check's rule reads, so `check ssh` (and every `--watch` cycle) runs
 * only the probes its checks need: no `apt-get -s upgrade` for the SSH checks. Parts not collected
 * are `{ unknown: 'not checked' }`; a test proves no rule reads a part missing from its list.
 */
import { checkIds, type CheckId } from '../catalog.ts'

export const factParts = [
  'listening',
  'sshd.configTest',
  'sshd.configured',
  'sshd.socketPorts',
  'sshd.socketFollowsConfig',
  'ufw.enabledInConfig',
  'ufw.active',
  'ufw.defaultIncoming',
  'ufw.ipv6',
  'ufw.rules',
  'packages',
  'units',
  'apt.periodic',
  'apt.listsUpdatedAt',
  'apt.pending',
  'rebootRequired',
] as const
export type FactPart = (typeof factParts)[number]

/** What the SSH listener checks share: sockets, the configuration, and socket activation's state. */
const sshListening: readonly FactPart[] = ['listening', 'sshd.configured', 'units', 'sshd.socketPorts', 'sshd.socketFollowsConfig']
const ufwRules: readonly FactPart[] = ['packages', 'ufw.rules', 'ufw.ipv6']

export const checkNeeds: Record<CheckId, readonly FactPart[]> = {
  'updates.lists-fresh': ['apt.listsUpdatedAt'],
  'updates.applied': ['apt.pending', 'apt.listsUpdatedAt'],
  'updates.reboot': ['rebootRequired'],
  'autoupdate.installed': ['packages'],
  'autoupdate.running': ['packages', 'units'],
  'autoupdate.enabled': ['packages', 'units'],
  'autoupdate.periodic': ['apt.periodic', 'packages', 'units'],
  'ssh.config-valid': ['sshd.configTest'],
  'ssh.port-configured': ['sshd.configured'],
  'ssh.port-listening': sshListening,
  'ssh.port-applied': sshListening,
  'ssh.port22-closed': sshListening,
  'firewall.installed': ['packages'],
  'firewall.active': ['packages', 'ufw.active', 'ufw.enabledInConfig'],
  'firewall.default-deny': [...ufwRules, 'ufw.defaultIncoming'],
  'firewall.allow-ssh': ufwRules,
  'firewall.allow-http': ufwRules,
  'firewall.extra-ports': ufwRules,
  'guard.lockout': ['ufw.active', 'ufw.enabledInConfig', 'ufw.rules', 'ufw.defaultIncoming', 'sshd.configured', 'sshd.socketPorts', 'listening'],
}

export function partsFor(checks: readonly CheckId[] = checkIds): Set<FactPart> {
  return new Set(checks.flatMap((id) => checkNeeds[id]))
}
