/**
 * systemd on the practice server (Debian 12, systemd 252): which units exist, whether they are
 * enabled, what runs, and what a start, stop, reload or reboot does to the daemons behind them.
 *
 * The file system is the truth wherever systemd keeps it in files: a unit exists while its file
 * /lib/systemd/system/NAME exists (packages install them), it is enabled while its symlink in
 * /etc/systemd/system/*.wants/ exists, masked while /etc/systemd/system/NAME points to /dev/null,
 * and the `sshd.service` alias lives exactly as long as its symlink. Runtime state (active, since,
 * main pid) lives in state.units and the daemons' sockets in state.processes.
 */
import { rootCred } from '../fs/types.ts'
import { isFsError } from '../fs/types.ts'
import { loadFirewall } from './firewall.ts'
import type { Server } from './server.ts'
import { loadSshdConfig } from './sshd-config.ts'
import { syncProc } from './sockets.ts'
import type { ActiveState, ListenSpec, ProcessInfo, UnitFileState, UnitRuntime } from './state.ts'

export type UnitResult = { ok: true } | { ok: false; message: string }

const unitDir = '/lib/systemd/system'
const etcDir = '/etc/systemd/system'

/** What systemd knows about each unit the course touches: its file (real, from the lab) and how it runs. */
interface UnitSpec {
  description: string
  docs: string[]
  file: string
  /** target whose .wants/ holds the enable symlink */
  wantedBy?: string
  alias?: string
  /** has an /etc/init.d script (systemctl then syncs SysV state on enable/disable) */
  sysv?: boolean
  kind: 'daemon' | 'oneshot' | 'timer' | 'socket' | 'idle'
  /** ExecStartPre/ExecStart lines systemctl status prints as Process: */
  startProcesses?: string[]
  reloadProcesses?: string[]
  stopProcesses?: string[]
  /** for timers: the service it activates */
  activates?: string
  tasks?: number
  memory?: string
  cpu?: string
}

export const unitSpecs: Record<string, UnitSpec> = {
  'ssh.service': {
    description: 'OpenBSD Secure Shell server',
    docs: ['man:sshd(8)', 'man:sshd_config(5)'],
    wantedBy: 'multi-user.target',
    alias: 'sshd.service',
    sysv: true,
    kind: 'daemon',
    startProcesses: ['ExecStartPre=/usr/sbin/sshd -t'],
    reloadProcesses: ['ExecReload=/usr/sbin/sshd -t', 'ExecReload=/bin/kill -HUP $MAINPID'],
    tasks: 1,
    memory: '1.6M',
    cpu: '24ms',
    file: `[Unit]
Description=OpenBSD Secure Shell server
Documentation=man:sshd(8) man:sshd_config(5)
After=network.target auditd.service
ConditionPathExists=!/etc/ssh/sshd_not_to_be_run

[Service]
EnvironmentFile=-/etc/default/ssh
ExecStartPre=/usr/sbin/sshd -t
ExecStart=/usr/sbin/sshd -D $SSHD_OPTS
ExecReload=/usr/sbin/sshd -t
ExecReload=/bin/kill -HUP $MAINPID
KillMode=process
Restart=on-failure
RestartPreventExitStatus=255
Type=notify
RuntimeDirectory=sshd
RuntimeDirectoryMode=0755

[Install]
WantedBy=multi-user.target
Alias=sshd.service
`,
  },
  'ssh.socket': {
    description: 'OpenBSD Secure Shell server socket',
    docs: [],
    wantedBy: 'sockets.target',
    kind: 'socket',
    file: `[Unit]
Description=OpenBSD Secure Shell server socket
Before=sockets.target
ConditionPathExists=!/etc/ssh/sshd_not_to_be_run

[Socket]
ListenStream=22
Accept=no

[Install]
WantedBy=sockets.target
`,
  },
  'nginx.service': {
    description: 'A high performance web server and a reverse proxy server',
    docs: ['man:nginx(8)'],
    wantedBy: 'multi-user.target',
    sysv: true,
    kind: 'daemon',
    startProcesses: [
      "ExecStartPre=/usr/sbin/nginx -t -q -g daemon on; master_process on;",
      "ExecStart=/usr/sbin/nginx -g daemon on; master_process on;",
    ],
    reloadProcesses: ["ExecReload=/usr/sbin/nginx -g daemon on; master_process on; -s reload"],
    stopProcesses: ['ExecStop=/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/nginx.pid'],
    tasks: 3,
    memory: '3.9M',
    cpu: '41ms',
    file: `# Stop dance for nginx
# =======================
#
# ExecStop sends SIGQUIT (graceful stop) to the nginx process.
# If, after 5s (--retry QUIT/5) nginx is still running, systemd takes control
# and sends SIGTERM (fast shutdown) to the main process.
# After another 5s (TimeoutStopSec=5), and if nginx is alive, systemd sends
# SIGKILL to all the remaining processes in the process group (KillMode=mixed).
#
# nginx signals reference doc:
# http://nginx.org/en/docs/control.html
#
[Unit]
Description=A high performance web server and a reverse proxy server
Documentation=man:nginx(8)
After=network-online.target remote-fs.target nss-lookup.target
Wants=network-online.target

[Service]
Type=forking
PIDFile=/run/nginx.pid
ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;'
ExecStart=/usr/sbin/nginx -g 'daemon on; master_process on;'
ExecReload=/usr/sbin/nginx -g 'daemon on; master_process on;' -s reload
ExecStop=-/sbin/start-stop-daemon --quiet --stop --retry QUIT/5 --pidfile /run/nginx.pid
TimeoutStopSec=5
KillMode=mixed

[Install]
WantedBy=multi-user.target
`,
  },
  'apt-daily.timer': {
    description: 'Daily apt download activities',
    docs: [],
    wantedBy: 'timers.target',
    kind: 'timer',
    activates: 'apt-daily.service',
    file: `[Unit]
Description=Daily apt download activities

[Timer]
OnCalendar=*-*-* 6,18:00
RandomizedDelaySec=12h
Persistent=true

[Install]
WantedBy=timers.target
`,
  },
  'apt-daily-upgrade.timer': {
    description: 'Daily apt upgrade and clean activities',
    docs: [],
    wantedBy: 'timers.target',
    kind: 'timer',
    activates: 'apt-daily-upgrade.service',
    file: `[Unit]
Description=Daily apt upgrade and clean activities
After=apt-daily.timer

[Timer]
OnCalendar=*-*-* 6:00
RandomizedDelaySec=60m
Persistent=true

[Install]
WantedBy=timers.target
`,
  },
  'apt-daily.service': {
    description: 'Daily apt download activities',
    docs: ['man:apt(8)'],
    kind: 'oneshot',
    file: `[Unit]
Description=Daily apt download activities
Documentation=man:apt(8)
ConditionACPower=true
After=network.target network-online.target systemd-networkd.service NetworkManager.service connman.service

[Service]
Type=oneshot
ExecStartPre=-/usr/lib/apt/apt-helper wait-online
ExecStart=/usr/lib/apt/apt.systemd.daily update

`,
  },
  'apt-daily-upgrade.service': {
    description: 'Daily apt upgrade and clean activities',
    docs: ['man:apt(8)'],
    kind: 'oneshot',
    file: `[Unit]
Description=Daily apt upgrade and clean activities
Documentation=man:apt(8)
ConditionACPower=true
After=apt-daily.service network.target network-online.target systemd-networkd.service NetworkManager.service connman.service

[Service]
Type=oneshot
ExecStartPre=-/usr/lib/apt/apt-helper wait-online
ExecStart=/usr/lib/apt/apt.systemd.daily install
KillMode=process
TimeoutStopSec=900
`,
  },
  'ufw.service': {
    description: 'Uncomplicated firewall',
    docs: ['man:ufw(8)'],
    wantedBy: 'multi-user.target',
    sysv: true,
    kind: 'oneshot',
    startProcesses: ['ExecStart=/lib/ufw/ufw-init start quiet'],
    file: `[Unit]
Description=Uncomplicated firewall
Documentation=man:ufw(8)
DefaultDependencies=no
Before=network-pre.target
Wants=network-pre.target local-fs.target
After=local-fs.target

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/lib/ufw/ufw-init start quiet
ExecStop=/lib/ufw/ufw-init stop

[Install]
WantedBy=multi-user.target
`,
  },
  'unattended-upgrades.service': {
    description: 'Unattended Upgrades Shutdown',
    docs: ['man:unattended-upgrade(8)'],
    wantedBy: 'multi-user.target',
    sysv: true,
    kind: 'idle',
    tasks: 2,
    memory: '11.4M',
    cpu: '118ms',
    file: `[Unit]
Description=Unattended Upgrades Shutdown
After=network.target local-fs.target systemd-logind.service
RequiresMountsFor=/run /var/log /var/run /var/lib /boot
Documentation=man:unattended-upgrade(8)

[Service]
ExecStart=/usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal
KillMode=process
TimeoutStopSec=1800

[Install]
WantedBy=multi-user.target
`,
  },
}

/** The process table's command lines (ps, systemctl status CGroup). */
export function commandLine(process: ProcessInfo, server: Server): string {
  if (process.comm === 'sshd') return 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups'
  if (process.comm === 'nginx') {
    const main = server.state.units['nginx.service']?.mainPid
    return process.pid === main ? 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;' : 'nginx: worker process'
  }
  if (process.comm === 'unattended-upgr') return '/usr/bin/python3 /usr/share/unattended-upgrades/unattended-upgrade-shutdown --wait-for-signal'
  if (process.comm === 'systemd') return '/sbin/init'
  return process.comm
}

// ---------------------------------------------------------------------------------------------
// The journal: what `systemctl status` and `journalctl -u` show. Kept beside the state (a saved
// machine comes back with an empty journal, as after a log rotation).

export interface JournalEntry {
  time: number
  unit: string
  /** systemd[1], sshd[47] */
  source: string
  message: string
}

const journals = new WeakMap<object, JournalEntry[]>()

export function journal(server: Server): JournalEntry[] {
  let entries = journals.get(server.state)
  if (!entries) {
    entries = bootJournal(server)
    journals.set(server.state, entries)
  }
  return entries
}

/** A machine seeded or restored without a journal: what its last boot logged for the units still up. */
function bootJournal(server: Server): JournalEntry[] {
  const entries: JournalEntry[] = []
  for (const [unit, state] of Object.entries(server.state.units)) {
    if (state.active !== 'active') continue
    const description = unitSpecs[unit]?.description ?? unit
    const at = state.since
    const push = (source: string, message: string) => entries.push({ time: at, unit, source, message })
    if (unit.endsWith('.timer')) {
      push('systemd[1]', `Started ${unit} - ${description}.`)
      continue
    }
    push('systemd[1]', `Starting ${unit} - ${description}...`)
    const daemon = server.state.processes.find((process) => process.pid === state.mainPid)
    if (unit === 'ssh.service' && daemon) for (const socket of daemon.sockets) push(`sshd[${daemon.pid}]`, `Server listening on ${socket.address} port ${socket.port}.`)
    push('systemd[1]', `${state.sub === 'exited' ? 'Finished' : 'Started'} ${unit} - ${description}.`)
  }
  return entries.sort((a, b) => a.time - b.time)
}

function log(server: Server, unit: string, source: string, message: string): void {
  journal(server).push({ time: server.now(), unit, source, message })
}

function logSystemd(server: Server, unit: string, message: string): void {
  log(server, unit, 'systemd[1]', message)
}

// ---------------------------------------------------------------------------------------------
// Names and files

/** `ssh` → `ssh.service`; `sshd` → `ssh.service` while the alias symlink exists. */
export function canonicalName(name: string): string {
  return /\.(service|socket|timer|target|mount|path|slice|scope|device|swap|automount)$/.test(name) ? name : `${name}.service`
}

export function resolveUnit(server: Server, name: string): string {
  const unit = canonicalName(name)
  const link = server.fs.readlink(`${etcDir}/${unit}`, rootCred)
  if (!isFsError(link) && link !== '/dev/null') {
    const target = link.slice(link.lastIndexOf('/') + 1)
    if (target !== unit && unitFileExists(server, target)) return target
  }
  return unit
}

export function unitFileExists(server: Server, unit: string): boolean {
  return server.fs.exists(`${unitDir}/${unit}`)
}

export function isMasked(server: Server, unit: string): boolean {
  const link = server.fs.readlink(`${etcDir}/${unit}`, rootCred)
  return !isFsError(link) && link === '/dev/null'
}

/** LoadState as systemctl show prints it. */
export function loadState(server: Server, unit: string): 'loaded' | 'not-found' | 'masked' {
  if (isMasked(server, unit)) return 'masked'
  return unitFileExists(server, unit) ? 'loaded' : 'not-found'
}

/** UnitFileState from the symlinks, as `systemctl is-enabled` answers. */
export function unitFileState(server: Server, unit: string): UnitFileState | undefined {
  if (isMasked(server, unit)) return 'masked'
  if (!unitFileExists(server, unit)) return undefined
  const spec = unitSpecs[unit]
  const wantedBy = spec?.wantedBy ?? wantedByFromFile(server, unit)
  if (!wantedBy) return 'static'
  return server.fs.exists(`${etcDir}/${wantedBy}.wants/${unit}`) ? 'enabled' : 'disabled'
}

function wantedByFromFile(server: Server, unit: string): string | undefined {
  const text = server.fs.readFile(`${unitDir}/${unit}`, rootCred)
  if (isFsError(text)) return undefined
  return /^WantedBy=(\S+)/m.exec(text)?.[1]
}

/** Writes a unit file as a package's installation does; `enable` makes its enable symlinks too (deb-systemd-helper). */
export function installUnitFile(server: Server, unit: string, options: { enable?: boolean; content?: string } = {}): void {
  const content = options.content ?? unitSpecs[unit]?.file
  if (content === undefined) throw new Error(`no unit file known for ${unit}`)
  server.fs.mkdir(unitDir, rootCred, { parents: true })
  server.fs.writeFile(`${unitDir}/${unit}`, content, rootCred)
  if (options.enable) createEnableLinks(server, unit)
  const runtime = server.state.units[unit]
  if (!runtime) server.state.units[unit] = { file: unitFileState(server, unit), active: 'inactive', sub: 'dead', since: server.now() }
  else runtime.file = unitFileState(server, unit)
}

/**
 * dpkg removing a package's unit file, then the postrm's `systemctl daemon-reload`: the enable
 * symlinks stay (dangling) and a unit that is running stays active, now "not-found" (ufw's and
 * unattended-upgrades' prerm stop nothing; seen in the lab).
 */
export function removeUnitFile(server: Server, unit: string): void {
  server.fs.remove(`${unitDir}/${unit}`, rootCred)
  daemonReload(server)
}

/** `deb-systemd-helper purge UNIT` in a postrm purge: the enable symlinks go. */
export function purgeUnitLinks(server: Server, unit: string): void {
  removeEnableLinks(server, unit)
  daemonReload(server)
}

/** The units of the base system as the basic course left it: ssh and nginx running, apt's timers waiting. */
export function installBaseUnits(server: Server): void {
  for (const unit of ['ssh.service', 'nginx.service', 'apt-daily.timer', 'apt-daily-upgrade.timer']) installUnitFile(server, unit, { enable: true })
  for (const unit of ['ssh.socket', 'apt-daily.service', 'apt-daily-upgrade.service']) installUnitFile(server, unit)
}

function createEnableLinks(server: Server, unit: string): string[] {
  const created: string[] = []
  const spec = unitSpecs[unit]
  const wantedBy = spec?.wantedBy ?? wantedByFromFile(server, unit)
  const target = `${unitDir}/${unit}`
  if (wantedBy) {
    const link = `${etcDir}/${wantedBy}.wants/${unit}`
    if (!server.fs.exists(link)) {
      server.fs.mkdir(`${etcDir}/${wantedBy}.wants`, rootCred, { parents: true })
      server.fs.symlink(target, link, rootCred)
      created.push(`Created symlink ${link} → ${target}.`)
    }
  }
  if (spec?.alias) {
    const link = `${etcDir}/${spec.alias}`
    if (isFsError(server.fs.lstat(link, rootCred))) {
      server.fs.mkdir(etcDir, rootCred, { parents: true })
      server.fs.symlink(target, link, rootCred)
      created.push(`Created symlink ${link} → ${target}.`)
    }
  }
  return created
}

function removeEnableLinks(server: Server, unit: string): string[] {
  const removed: string[] = []
  const spec = unitSpecs[unit]
  const wantedBy = spec?.wantedBy ?? wantedByFromFile(server, unit)
  const paths = [wantedBy ? `${etcDir}/${wantedBy}.wants/${unit}` : undefined, spec?.alias ? `${etcDir}/${spec.alias}` : undefined]
  for (const path of paths) {
    if (path && !isFsError(server.fs.lstat(path, rootCred))) {
      server.fs.remove(path, rootCred)
      removed.push(`Removed "${path}".`)
    }
  }
  return removed
}

// ---------------------------------------------------------------------------------------------
// Runtime

function runtime(server: Server, unit: string): UnitRuntime {
  let found = server.state.units[unit]
  if (!found) {
    found = { file: unitFileState(server, unit), active: 'inactive', sub: 'dead', since: server.state.bootedAt }
    server.state.units[unit] = found
  }
  return found
}

function setActive(server: Server, unit: string, active: ActiveState, sub: string, mainPid?: number): void {
  const state = runtime(server, unit)
  state.active = active
  state.sub = sub
  state.since = server.now()
  state.file = unitFileState(server, unit)
  if (mainPid === undefined) delete state.mainPid
  else state.mainPid = mainPid
}

export function isActive(server: Server, unit: string): boolean {
  const state = server.state.units[unit]
  return state?.active === 'active' || state?.active === 'activating'
}

function killUnitProcesses(server: Server, unit: string): void {
  server.state.processes = server.state.processes.filter((process) => process.unit !== unit)
}

function socketsFor(server: Server, listen: ListenSpec[], firstFd: number): ProcessInfo['sockets'] {
  return listen.map((spec, index) => ({
    ...spec,
    fd: firstFd + index,
    inode: server.inode(),
    proto: spec.address.includes(':') ? ('tcp6' as const) : ('tcp' as const),
  }))
}

/** Some other process already holds this port on an overlapping address (EADDRINUSE). */
function portTaken(server: Server, spec: ListenSpec, exceptUnit: string): boolean {
  return server.state.processes.some(
    (process) =>
      process.unit !== exceptUnit &&
      process.sockets.some((socket) => socket.port === spec.port && (socket.address === spec.address || wildcard(socket.address) || wildcard(spec.address)) && sameFamily(socket.address, spec.address)),
  )
}

function wildcard(address: string): boolean {
  return address === '0.0.0.0' || address === '::'
}

function sameFamily(a: string, b: string): boolean {
  // a dual-stack [::] listener also takes IPv4 ports, but sshd and nginx bind v6 with V6ONLY
  return a.includes(':') === b.includes(':')
}

const sshdListenMessages = (listen: ListenSpec[]) => listen.map((spec) => `Server listening on ${spec.address} port ${spec.port}.`)

/** Starts what the unit runs. Returns the error systemctl words, if the daemon refuses. */
function launch(server: Server, unit: string): UnitResult {
  const spec = unitSpecs[unit]
  const description = spec?.description ?? unit
  if (unit === 'ssh.socket') {
    if (isActive(server, 'ssh.service')) {
      logSystemd(server, unit, 'ssh.socket: Socket service ssh.service already active, refusing.')
      logSystemd(server, unit, `Failed to listen on ssh.socket - ${description}.`)
      return { ok: false, message: 'Job failed. See "journalctl -xe" for details.' }
    }
    const listen = [{ address: '::', port: socketPort(server) }]
    let pid1 = server.state.processes.find((process) => process.pid === 1 && process.comm === 'systemd')
    if (!pid1) {
      pid1 = { pid: 1, comm: 'systemd', unit: 'ssh.socket', sockets: [] }
      server.state.processes.push(pid1)
    }
    pid1.sockets = socketsFor(server, listen, 51)
    setActive(server, unit, 'active', 'listening')
    logSystemd(server, unit, `Listening on ssh.socket - ${description}.`)
    return { ok: true }
  }
  if (unit === 'ssh.service') {
    logSystemd(server, unit, `Starting ssh.service - ${description}...`)
    // RuntimeDirectory=sshd: systemd creates /run/sshd before ExecStartPre=sshd -t runs.
    if (!server.fs.exists('/run/sshd')) server.fs.mkdir('/run/sshd', rootCred, { parents: true, mode: 0o755 })
    const config = loadSshdConfig(server)
    if (!config.ok) {
      const pid = server.pid()
      for (const line of config.error.split('\n')) log(server, unit, `sshd[${pid}]`, line)
      logSystemd(server, unit, 'ssh.service: Control process exited, code=exited, status=255/EXCEPTION')
      logSystemd(server, unit, "ssh.service: Failed with result 'exit-code'.")
      logSystemd(server, unit, `Failed to start ssh.service - ${description}.`)
      killUnitProcesses(server, unit)
      setActive(server, unit, 'failed', 'failed')
      return { ok: false, message: 'Job for ssh.service failed because the control process exited with error code.\nSee "systemctl status ssh.service" and "journalctl -xeu ssh.service" for details.' }
    }
    const listen = config.listen.filter((spec) => !portTaken(server, spec, unit))
    const pid = server.pid()
    killUnitProcesses(server, unit)
    server.state.processes.push({ pid, comm: 'sshd', unit, sockets: socketsFor(server, listen, 3) })
    for (const message of sshdListenMessages(listen)) log(server, unit, `sshd[${pid}]`, message)
    setActive(server, unit, 'active', 'running', pid)
    logSystemd(server, unit, `Started ssh.service - ${description}.`)
    return { ok: true }
  }
  if (unit === 'nginx.service') {
    logSystemd(server, unit, `Starting nginx.service - ${description}...`)
    const master = server.pid()
    const listen = [
      { address: '0.0.0.0', port: 80 },
      { address: '::', port: 80 },
    ]
    const sockets = socketsFor(server, listen, 5)
    const workers = [server.pid(), server.pid()]
    killUnitProcesses(server, unit)
    server.state.processes.push({ pid: master, comm: 'nginx', unit, sockets })
    for (const worker of workers) server.state.processes.push({ pid: worker, comm: 'nginx', unit, sockets: sockets.map((socket) => ({ ...socket })) })
    setActive(server, unit, 'active', 'running', master)
    logSystemd(server, unit, `Started nginx.service - ${description}.`)
    return { ok: true }
  }
  if (unit === 'unattended-upgrades.service') {
    const pid = server.pid()
    killUnitProcesses(server, unit)
    server.state.processes.push({ pid, comm: 'unattended-upgr', unit, sockets: [] })
    setActive(server, unit, 'active', 'running', pid)
    logSystemd(server, unit, `Started unattended-upgrades.service - ${description}.`)
    return { ok: true }
  }
  if (unit === 'ufw.service') {
    logSystemd(server, unit, `Starting ufw.service - ${description}...`)
    if (ufwEnabledInConfig(server)) loadFirewall(server)
    setActive(server, unit, 'active', 'exited')
    logSystemd(server, unit, `Finished ufw.service - ${description}.`)
    return { ok: true }
  }
  if (spec?.kind === 'timer') {
    setActive(server, unit, 'active', 'waiting')
    logSystemd(server, unit, `Started ${unit} - ${description}.`)
    return { ok: true }
  }
  if (spec?.kind === 'oneshot') {
    // apt-daily*.service run and finish; nothing stays behind.
    logSystemd(server, unit, `Starting ${unit} - ${description}...`)
    setActive(server, unit, 'inactive', 'dead')
    logSystemd(server, unit, `${unit}: Deactivated successfully.`)
    logSystemd(server, unit, `Finished ${unit} - ${description}.`)
    return { ok: true }
  }
  setActive(server, unit, 'active', 'running')
  logSystemd(server, unit, `Started ${unit} - ${description}.`)
  return { ok: true }
}

function socketPort(server: Server): number {
  const text = server.fs.readFile(`${unitDir}/ssh.socket`, rootCred)
  const drop = server.fs.readdir(`${etcDir}/ssh.socket.d`, rootCred)
  let port = 22
  const texts = [isFsError(text) ? '' : text]
  if (!isFsError(drop)) for (const name of drop.sort()) {
    const more = server.fs.readFile(`${etcDir}/ssh.socket.d/${name}`, rootCred)
    if (!isFsError(more)) texts.push(more)
  }
  for (const body of texts) {
    for (const match of body.matchAll(/^ListenStream=(.*)$/gm)) {
      const value = (match[1] ?? '').trim()
      const last = /(\d+)$/.exec(value)?.[1]
      if (last) port = Number(last)
    }
  }
  return port
}

/** ssh.socket's Listen= lines for systemctl show/status. */
export function socketListen(server: Server): string[] {
  return [`[::]:${socketPort(server)} (Stream)`]
}

function ufwEnabledInConfig(server: Server): boolean {
  const text = server.fs.readFile('/etc/ufw/ufw.conf', rootCred)
  return !isFsError(text) && /^\s*ENABLED\s*=\s*yes\s*$/im.test(text)
}

function halt(server: Server, unit: string): void {
  const spec = unitSpecs[unit]
  const description = spec?.description ?? unit
  const state = server.state.units[unit]
  if (!state || state.active === 'inactive') return
  if (unit === 'ssh.socket') {
    const pid1 = server.state.processes.find((process) => process.pid === 1)
    if (pid1) server.state.processes = server.state.processes.filter((process) => process !== pid1)
    setActive(server, unit, 'inactive', 'dead')
    logSystemd(server, unit, `ssh.socket: Deactivated successfully.`)
    logSystemd(server, unit, `Closed ssh.socket - ${description}.`)
    return
  }
  if (spec?.kind === 'timer') {
    setActive(server, unit, 'inactive', 'dead')
    logSystemd(server, unit, `${unit}: Deactivated successfully.`)
    logSystemd(server, unit, `Stopped ${unit} - ${description}.`)
    return
  }
  logSystemd(server, unit, `Stopping ${unit} - ${description}...`)
  if (unit === 'ssh.service' && state.mainPid !== undefined) log(server, unit, `sshd[${state.mainPid}]`, 'Received signal 15; terminating.')
  killUnitProcesses(server, unit)
  setActive(server, unit, 'inactive', 'dead')
  logSystemd(server, unit, `${unit}: Deactivated successfully.`)
  logSystemd(server, unit, `Stopped ${unit} - ${description}.`)
}

/** systemd's refusal when the unit cannot be used at all. */
function missing(server: Server, verb: string, unit: string): UnitResult | undefined {
  if (isMasked(server, unit)) return { ok: false, message: `Failed to ${verb} ${unit}: Unit ${unit} is masked.` }
  if (!unitFileExists(server, unit)) return { ok: false, message: `Failed to ${verb} ${unit}: Unit ${unit} not found.` }
  return undefined
}

function finish<T>(server: Server, result: T): T {
  syncProc(server)
  return result
}

export function startUnit(server: Server, name: string): UnitResult {
  const unit = resolveUnit(server, name)
  const refused = missing(server, 'start', unit)
  if (refused) return refused
  if (isActive(server, unit) && server.state.units[unit]?.active === 'active') return { ok: true }
  return finish(server, launch(server, unit))
}

export function stopUnit(server: Server, name: string): UnitResult {
  const unit = resolveUnit(server, name)
  if (!unitFileExists(server, unit) && !server.state.units[unit]) return { ok: false, message: `Failed to stop ${unit}: Unit ${unit} not loaded.` }
  halt(server, unit)
  return finish(server, { ok: true })
}

export function restartUnit(server: Server, name: string): UnitResult {
  const unit = resolveUnit(server, name)
  const refused = missing(server, 'restart', unit)
  if (refused) return refused
  // systemd stops first; a bad sshd_config then fails ExecStartPre and leaves ssh failed with no
  // listener (seen in the lab). Sessions already open stay: KillMode=process spares them.
  halt(server, unit)
  return finish(server, launch(server, unit))
}

export function reloadUnit(server: Server, name: string): UnitResult {
  const unit = resolveUnit(server, name)
  const refused = missing(server, 'reload', unit)
  if (refused) return refused
  const spec = unitSpecs[unit]
  const description = spec?.description ?? unit
  const state = server.state.units[unit]
  if (!state || (state.active !== 'active' && state.active !== 'activating')) {
    return { ok: false, message: `${unit} is not active, cannot reload.` }
  }
  if (!spec?.reloadProcesses) return { ok: false, message: `Failed to reload ${unit}: Job type reload is not applicable for unit ${unit}.` }
  logSystemd(server, unit, `Reloading ${unit} - ${description}...`)
  if (unit === 'ssh.service') {
    const config = loadSshdConfig(server)
    if (!config.ok) {
      const pid = server.pid()
      for (const line of config.error.split('\n')) log(server, unit, `sshd[${pid}]`, line)
      logSystemd(server, unit, 'ssh.service: Control process exited, code=exited, status=255/EXCEPTION')
      logSystemd(server, unit, `Reload failed for ssh.service - ${description}.`)
      lastReloadFailed.add(server.state)
      return { ok: false, message: 'Job for ssh.service failed.\nSee "systemctl status ssh.service" and "journalctl -xeu ssh.service" for details.' }
    }
    lastReloadFailed.delete(server.state)
    server.pid() // sshd -t
    server.pid() // kill -HUP
    logSystemd(server, unit, `Reloaded ${unit} - ${description}.`)
    const daemon = server.state.processes.find((process) => process.unit === unit && process.comm === 'sshd')
    if (daemon) {
      // SIGHUP: sshd re-executes itself with the same pid and binds afresh.
      log(server, unit, `sshd[${daemon.pid}]`, 'Received SIGHUP; restarting.')
      daemon.sockets = []
      const listen = config.listen.filter((spec) => !portTaken(server, spec, unit))
      daemon.sockets = socketsFor(server, listen, 3)
      for (const message of sshdListenMessages(listen)) log(server, unit, `sshd[${daemon.pid}]`, message)
    }
    return finish(server, { ok: true })
  }
  logSystemd(server, unit, `Reloaded ${unit} - ${description}.`)
  return finish(server, { ok: true })
}

/** ExecReload=sshd -t failed last time: systemctl status shows status=255/EXCEPTION. */
export const lastReloadFailed = new WeakSet<object>()

export function enableUnit(server: Server, name: string): UnitResult & { changes?: string[] } {
  const unit = resolveUnit(server, name)
  if (isMasked(server, unit)) return { ok: false, message: `Failed to enable unit: Unit file ${unit} is masked.` }
  if (!unitFileExists(server, unit)) return { ok: false, message: `Failed to enable unit: Unit file ${unit} does not exist.` }
  const changes = createEnableLinks(server, unit)
  runtime(server, unit).file = unitFileState(server, unit)
  return { ok: true, changes }
}

export function disableUnit(server: Server, name: string): UnitResult & { changes?: string[] } {
  const unit = resolveUnit(server, name)
  if (!unitFileExists(server, unit) && !isMasked(server, unit)) return { ok: false, message: `Failed to disable unit: Unit file ${unit} does not exist.` }
  const changes = removeEnableLinks(server, unit)
  runtime(server, unit).file = unitFileState(server, unit)
  return { ok: true, changes }
}

export function maskUnit(server: Server, name: string): UnitResult & { changes?: string[] } {
  const unit = canonicalName(name)
  const path = `${etcDir}/${unit}`
  if (isMasked(server, unit)) return { ok: true, changes: [] }
  if (!isFsError(server.fs.lstat(path, rootCred))) server.fs.remove(path, rootCred)
  server.fs.mkdir(etcDir, rootCred, { parents: true })
  server.fs.symlink('/dev/null', path, rootCred)
  runtime(server, unit).file = 'masked'
  return { ok: true, changes: [`Created symlink ${path} → /dev/null.`] }
}

export function unmaskUnit(server: Server, name: string): UnitResult & { changes?: string[] } {
  const unit = canonicalName(name)
  const path = `${etcDir}/${unit}`
  if (!isMasked(server, unit)) return { ok: true, changes: [] }
  server.fs.remove(path, rootCred)
  runtime(server, unit).file = unitFileState(server, unit)
  return { ok: true, changes: [`Removed "${path}".`] }
}

/** Re-reads unit files; the sshd alias and ssh.socket's ListenStream are read from files anyway. */
export function daemonReload(server: Server): void {
  for (const [unit, state] of Object.entries(server.state.units)) {
    state.file = unitFileState(server, unit)
    if (!unitFileExists(server, unit) && state.active === 'inactive') delete server.state.units[unit]
  }
}

/** Units that start at boot, in the order systemd brings them up (sockets and timers first, then services). */
function bootOrder(server: Server): string[] {
  const wants = ['sockets.target', 'timers.target', 'multi-user.target']
  const units: string[] = []
  for (const target of wants) {
    const names = server.fs.readdir(`${etcDir}/${target}.wants`, rootCred)
    if (isFsError(names)) continue
    const sorted = [...names].sort((a, b) => bootRank(a) - bootRank(b) || a.localeCompare(b))
    for (const name of sorted) if (unitFileExists(server, name) && !isMasked(server, name) && !units.includes(name)) units.push(name)
  }
  return units
}

function bootRank(unit: string): number {
  // ufw loads the firewall before the network comes up (Before=network-pre.target).
  if (unit === 'ufw.service') return 0
  return 1
}

/** A reboot: everything stops, /run is emptied, enabled units start, sshd reads its config afresh. */
export function bootServer(server: Server): void {
  const state = server.state
  state.clock += 40_000
  state.bootedAt = state.clock - 6_000
  state.boots += 1
  state.connections = []
  state.processes = []
  state.firewall = { loaded: false, defaultIncoming: state.firewall.defaultIncoming, rules: [] }
  journals.set(state, [])
  lastReloadFailed.delete(state)
  // /run is a tmpfs: reboot-required, sshd's privilege separation directory and pid files go.
  const run = server.fs.readdir('/run', rootCred)
  if (!isFsError(run)) for (const name of run) server.fs.remove(`/run/${name}`, rootCred, { recursive: true })
  else server.fs.mkdir('/run', rootCred, { mode: 0o755 })
  state.nextPid = 300 + state.boots * 7
  for (const [unit, runtimeState] of Object.entries(state.units)) {
    runtimeState.active = 'inactive'
    runtimeState.sub = 'dead'
    runtimeState.since = state.bootedAt
    delete runtimeState.mainPid
    runtimeState.file = unitFileState(server, unit)
  }
  const clock = state.clock
  state.clock = state.bootedAt
  for (const unit of bootOrder(server)) launch(server, unit)
  state.clock = clock
  syncProc(server)
}

// ---------------------------------------------------------------------------------------------
// What systemctl prints

export interface UnitStatus {
  id: string
  /** the name asked for when it was an alias */
  loadState: 'loaded' | 'not-found' | 'masked'
  activeState: ActiveState
  subState: string
  unitFileState: UnitFileState | undefined
  description: string
  docs: string[]
  fragmentPath: string
  since: number
  mainPid?: number
  /** Process: lines */
  processes: string[]
  /** pid → command line, for the CGroup tree */
  cgroup: Array<{ pid: number; command: string }>
  tasks?: number
  memory?: string
  cpu?: string
  /** timers */
  trigger?: number
  triggers?: string
  /** sockets */
  listen?: string[]
  journal: JournalEntry[]
}

export function unitStatus(server: Server, name: string): UnitStatus {
  const unit = resolveUnit(server, name)
  const spec = unitSpecs[unit]
  const state = server.state.units[unit]
  const load = loadState(server, unit)
  const active: ActiveState = state?.active ?? 'inactive'
  const processes: string[] = []
  if (active === 'active' && spec?.startProcesses) {
    const startPid = (state?.mainPid ?? 40) - (unit === 'nginx.service' ? 6 : 8)
    spec.startProcesses.forEach((line, index) => {
      const shown = unit === 'nginx.service' && spec.kind === 'daemon' ? line : line
      processes.push(`${startPid + index * 4} ${shown} (code=exited, status=0/SUCCESS)`)
    })
    if (unit === 'ssh.service' && spec.reloadProcesses && reloads(server, unit) > 0) {
      const failed = lastReloadFailed.has(server.state)
      spec.reloadProcesses.forEach((line, index) => {
        const status = failed && index === 0 ? '255/EXCEPTION' : '0/SUCCESS'
        processes.push(`${(state?.mainPid ?? 40) + 71 + index} ${line} (code=exited, status=${status})`)
      })
    }
  }
  if (active === 'failed' && unit === 'ssh.service') processes.push(`${(state?.mainPid ?? 130) + 2} ExecStartPre=/usr/sbin/sshd -t (code=exited, status=255/EXCEPTION)`)
  const owned = server.state.processes.filter((process) => process.unit === unit && !(unit === 'ssh.socket'))
  const cgroup = owned.sort((a, b) => a.pid - b.pid).map((process) => ({ pid: process.pid, command: commandLine(process, server) }))
  const entries = journal(server).filter((entry) => entry.unit === unit)
  const status: UnitStatus = {
    id: unit,
    loadState: load,
    activeState: active,
    subState: state?.sub ?? 'dead',
    unitFileState: unitFileState(server, unit),
    description: spec?.description ?? unit,
    docs: spec?.docs ?? [],
    fragmentPath: `${unitDir}/${unit}`,
    since: state?.since ?? server.state.bootedAt,
    processes,
    cgroup,
    journal: entries.slice(-10),
  }
  if (state?.mainPid !== undefined) status.mainPid = state.mainPid
  if (spec?.tasks !== undefined && active === 'active') {
    status.tasks = unit === 'nginx.service' ? owned.length : spec.tasks
    if (spec.memory !== undefined) status.memory = spec.memory
    if (spec.cpu !== undefined) status.cpu = spec.cpu
  }
  if (spec?.kind === 'timer') {
    status.triggers = spec.activates ?? unit.replace(/\.timer$/, '.service')
    if (active === 'active') status.trigger = nextElapse(unit, server.now())
  }
  if (unit === 'ssh.socket') {
    status.triggers = 'ssh.service'
    status.listen = socketListen(server)
  }
  return status
}

function reloads(server: Server, unit: string): number {
  return journal(server).filter((entry) => entry.unit === unit && entry.message.startsWith('Reloading ')).length
}

/** When a timer fires next: its calendar plus a fixed share of its randomized delay (deterministic). */
export function nextElapse(unit: string, now: number): number | undefined {
  const day = 86_400_000
  const midnight = Math.floor(now / day) * day
  const slots =
    unit === 'apt-daily.timer'
      ? [6 * 3_600_000 + 11_630_000, 18 * 3_600_000 + 11_630_000]
      : unit === 'apt-daily-upgrade.timer'
        ? [6 * 3_600_000 + 3_282_000]
        : undefined
  if (!slots) return undefined
  for (let offset = 0; offset <= day; offset += day) {
    for (const slot of slots) {
      const at = midnight + offset + slot
      if (at > now) return at
    }
  }
  return undefined
}

/** Timers for list-timers: every timer unit whose file exists. */
export function timerUnits(server: Server): string[] {
  return Object.keys(unitSpecs).filter((unit) => unit.endsWith('.timer') && unitFileExists(server, unit))
}
