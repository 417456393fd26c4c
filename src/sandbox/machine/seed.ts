/**
 * The practice server as the basic course left it: Debian 12 with nginx on 80 and sshd on 22,
 * package lists months old with updates waiting on the mirror, neither ufw nor
 * unattended-upgrades installed. Everything is derived from `now` so the same call gives the
 * same machine.
 */
import { fileTree, type TreeEntry, type TreeMeta } from '../fs/index.ts'
import { debian12Files } from '../files/debian12.ts'
import { debian12Units } from '../files/units.ts'
import { stateVersion, type InstalledPackage, type ProcessInfo, type ServerState, type UnitRuntime } from './state.ts'

const day = 24 * 60 * 60 * 1000
const hour = 60 * 60 * 1000

/** Where the server's own programs live; each becomes an executable file so PATH lookup finds it. */
export interface SeedOptions {
  now: number
  /** program paths present from the start (those of installed packages) */
  programs: readonly string[]
  /** dpkg's database at the start */
  packages: Record<string, InstalledPackage>
}

/** apt's list files as a Debian 12 server with the usual three sources has them (mirror host is a placeholder). */
export const aptListFiles = [
  'mirror.example_debian_dists_bookworm_InRelease',
  'mirror.example_debian_dists_bookworm_main_binary-amd64_Packages',
  'mirror.example_debian_dists_bookworm_main_i18n_Translation-en',
  'mirror.example_debian_dists_bookworm-updates_InRelease',
  'mirror.example_debian_dists_bookworm-updates_main_binary-amd64_Packages',
  'mirror.example_debian_dists_bookworm-updates_main_i18n_Translation-en',
  'mirror.example_debian-security_dists_bookworm-security_InRelease',
  'mirror.example_debian-security_dists_bookworm-security_main_binary-amd64_Packages',
  'mirror.example_debian-security_dists_bookworm-security_main_i18n_Translation-en',
] as const

export const sshdPid = 612
export const nginxPid = 655

export function seedServerState(options: SeedOptions): ServerState {
  const { now } = options
  const installedAt = now - 160 * day
  const listsAt = now - 152 * day
  const bootedAt = now - 3 * hour

  const entries: Record<string, TreeEntry> = {
    '/bin': { symlink: 'usr/bin' },
    '/sbin': { symlink: 'usr/sbin' },
    '/lib': { symlink: 'usr/lib' },
    '/lib64': { symlink: 'usr/lib64' },
    '/var/run': { symlink: '/run' },
    '/var/lock': { symlink: '/run/lock' },
    '/tmp': { dir: true },
    '/var/tmp': { dir: true },
    '/root': { dir: true },
    '/run/sshd': { dir: true },
    '/run/lock': { dir: true },
    '/etc/ssh/sshd_config.d': { dir: true },
    '/etc/apt/sources.list.d': { dir: true },
    '/etc/apt/preferences.d': { dir: true },
    '/var/lib/apt/lists/partial': { dir: true },
    '/var/lib/apt/lists/lock': '',
    '/var/lib/apt/periodic': { dir: true },
    '/var/lib/dpkg/lock': '',
    '/var/lib/dpkg/lock-frontend': '',
    '/var/cache/apt/archives/partial': { dir: true },
    '/var/log/apt/history.log': '',
    '/var/log/apt/term.log': '',
    '/var/log/nginx/access.log': '',
    '/var/log/nginx/error.log': '',
    '/etc/nginx/sites-enabled/default': { symlink: '/etc/nginx/sites-available/default' },
    '/etc/systemd/system/sshd.service': { symlink: '/lib/systemd/system/ssh.service' },
    '/etc/systemd/system/multi-user.target.wants/ssh.service': { symlink: '/lib/systemd/system/ssh.service' },
    '/etc/systemd/system/multi-user.target.wants/nginx.service': { symlink: '/lib/systemd/system/nginx.service' },
    '/etc/systemd/system/timers.target.wants/apt-daily.timer': { symlink: '/lib/systemd/system/apt-daily.timer' },
    '/etc/systemd/system/timers.target.wants/apt-daily-upgrade.timer': { symlink: '/lib/systemd/system/apt-daily-upgrade.timer' },
    '/home/student/.ssh': { dir: true },
  }
  const meta: Record<string, TreeMeta> = {
    '/tmp': { mode: 0o1777 },
    '/var/tmp': { mode: 0o1777 },
    '/root': { mode: 0o700 },
    '/run/lock': { mode: 0o1777 },
    '/var/lib/apt/lists/partial': { mode: 0o700, uid: 42 },
    '/var/lib/apt/lists/lock': { mode: 0o640 },
    '/var/lib/dpkg/lock': { mode: 0o640 },
    '/var/lib/dpkg/lock-frontend': { mode: 0o640 },
    '/var/cache/apt/archives/partial': { mode: 0o700, uid: 42 },
    '/var/log/apt/term.log': { mode: 0o640, gid: 4 },
    '/var/log/nginx/access.log': { mode: 0o640, uid: 33, gid: 4 },
    '/var/log/nginx/error.log': { mode: 0o640, uid: 33, gid: 4 },
    '/home/student': { uid: 1000, gid: 1000 },
    '/home/student/.ssh': { mode: 0o700, uid: 1000, gid: 1000 },
  }
  for (const [path, file] of Object.entries(debian12Files)) {
    entries[path] = file.dir ? { dir: true } : (file.content ?? '')
    meta[path] = { ...(file.mode !== undefined && { mode: file.mode }), ...(file.uid !== undefined && { uid: file.uid }), ...(file.gid !== undefined && { gid: file.gid }) }
  }
  for (const [path, content] of Object.entries(debian12Units)) entries[path] = content
  for (const path of options.programs) {
    entries[path] = ''
    meta[path] = { mode: path === '/usr/bin/sudo' ? 0o4755 : 0o755 }
  }
  for (const name of aptListFiles) {
    entries[`/var/lib/apt/lists/${name}`] = ''
    meta[`/var/lib/apt/lists/${name}`] = { mtime: listsAt }
  }
  const fs = fileTree(entries, meta, installedAt)

  return {
    version: stateVersion,
    clock: now,
    bootedAt,
    boots: 1,
    nextPid: 1400,
    nextInode: 21000,
    fs,
    packages: structuredClone(options.packages),
    aptLists: 'old',
    units: seedUnits(bootedAt),
    processes: seedProcesses(),
    firewall: { loaded: false, defaultIncoming: 'deny', rules: [] },
    connections: [],
    sudoUntil: {},
  }
}

function seedUnits(bootedAt: number): Record<string, UnitRuntime> {
  const since = bootedAt + 4000
  return {
    'ssh.service': { file: 'enabled', active: 'active', sub: 'running', since, mainPid: sshdPid },
    'ssh.socket': { file: 'disabled', active: 'inactive', sub: 'dead', since: bootedAt },
    'nginx.service': { file: 'enabled', active: 'active', sub: 'running', since, mainPid: nginxPid },
    'apt-daily.timer': { file: 'enabled', active: 'active', sub: 'waiting', since },
    'apt-daily-upgrade.timer': { file: 'enabled', active: 'active', sub: 'waiting', since },
    'apt-daily.service': { file: 'static', active: 'inactive', sub: 'dead', since: bootedAt },
    'apt-daily-upgrade.service': { file: 'static', active: 'inactive', sub: 'dead', since: bootedAt },
  }
}

function seedProcesses(): ProcessInfo[] {
  const nginxSockets = [
    { address: '0.0.0.0', port: 80, fd: 5, inode: 18431, proto: 'tcp' as const },
    { address: '::', port: 80, fd: 6, inode: 18432, proto: 'tcp6' as const },
  ]
  return [
    {
      pid: sshdPid,
      comm: 'sshd',
      unit: 'ssh.service',
      sockets: [
        { address: '0.0.0.0', port: 22, fd: 3, inode: 17920, proto: 'tcp' },
        { address: '::', port: 22, fd: 4, inode: 17922, proto: 'tcp6' },
      ],
    },
    { pid: nginxPid, comm: 'nginx', unit: 'nginx.service', sockets: nginxSockets },
    { pid: nginxPid + 1, comm: 'nginx', unit: 'nginx.service', sockets: nginxSockets },
    { pid: nginxPid + 2, comm: 'nginx', unit: 'nginx.service', sockets: nginxSockets },
  ]
}
