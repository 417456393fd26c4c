/**
 * The simulated server's state as plain data: what survives a reload (localStorage) and a
 * `reboot` decides what comes back. Files are the source of truth wherever the real system keeps
 * its truth in files (sshd_config, ufw's rules and switches, apt.conf.d, the apt lists, /run);
 * this holds what a real system keeps in memory or in databases: dpkg's package database, units,
 * what each running daemon loaded, the firewall as loaded into the kernel, open connections.
 * No text formatting here.
 */
import type { FsNode } from '../fs/types.ts'

export const stateVersion = 1

export interface InstalledPackage {
  version: string
  arch: 'amd64' | 'all'
  /** dpkg's Status-Abbrev: 'ii' installed, 'rc' removed with config files left */
  status: 'installed' | 'config-files'
  /** installed by the user (apt install) rather than pulled in as a dependency */
  manual: boolean
}

export type UnitFileState = 'enabled' | 'disabled' | 'static' | 'masked' | 'alias' | 'generated' | 'indirect'
export type ActiveState = 'active' | 'inactive' | 'failed' | 'activating' | 'deactivating'

export interface UnitRuntime {
  /** absent: no unit file (LoadState=not-found) */
  file?: UnitFileState
  active: ActiveState
  /** SubState as systemctl prints it: running, exited, dead, listening, waiting, failed */
  sub: string
  /** ms since the epoch when the unit last changed state */
  since: number
  mainPid?: number
}

export interface ListenSpec {
  address: string
  port: number
}

/** A process holding listening sockets (ss -tlnp, /proc/PID/fd). */
export interface ProcessInfo {
  pid: number
  comm: string
  /** the unit that owns it */
  unit: string
  /** the sockets it holds, with their fd numbers */
  sockets: Array<ListenSpec & { fd: number; inode: number; proto: 'tcp' | 'tcp6' }>
}

/** One allowed/denied thing as ufw loaded it into the kernel (parsed from user.rules at enable/reload). */
export interface FirewallRule {
  action: 'allow' | 'deny' | 'reject' | 'limit'
  proto: 'tcp' | 'udp' | 'any'
  /** destination port ranges; empty = every port */
  ports: Array<{ from: number; to: number }>
  /** source in CIDR ('0.0.0.0/0', '::/0', '203.0.113.5') */
  source: string
  v6: boolean
}

export interface FirewallRuntime {
  /** ufw's chains are in the kernel (ufw enabled and loaded) */
  loaded: boolean
  defaultIncoming: 'deny' | 'reject' | 'allow'
  rules: FirewallRule[]
}

/** An established TCP connection into the server (conntrack keeps it alive when rules change). */
export interface Connection {
  id: number
  port: number
  /** which terminal holds it, for closing it on reboot/exit */
  terminal: string
}

export interface ServerState {
  version: typeof stateVersion
  /** ms since the epoch: the machine's clock */
  clock: number
  bootedAt: number
  /** boot count, for `last`/journal-like outputs and fresh pids */
  boots: number
  nextPid: number
  nextInode: number
  fs: FsNode
  /** dpkg's database: package name → installed state */
  packages: Record<string, InstalledPackage>
  /** apt's view of the mirror: 'old' lists (months old, know no pending updates) or the current index */
  aptLists: 'old' | 'current'
  units: Record<string, UnitRuntime>
  /** running daemons and their listening sockets (sshd's come from sshd_config at start/reload) */
  processes: ProcessInfo[]
  firewall: FirewallRuntime
  connections: Connection[]
  /** sudo's timestamp per terminal (real sudo caches per tty for 15 minutes) */
  sudoUntil: Record<string, number>
  /** the last SSH login (ms), for sshd's `Last login:` line */
  lastLogin?: { at: number; from: string }
}
