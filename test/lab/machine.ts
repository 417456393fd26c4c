/**
 * One booted learner's server: a fresh overlay of the cached base, systemd as PID 1 under
 * systemd-nspawn in its own network namespace, joined to the host by the veth pair
 * ve-NAME/host0 with a private /30. Whoever boots a machine disposes of it; `cleanupAll`
 * removes whatever an interrupted run left behind.
 */
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { run, sleep, waitFor, type RunResult } from './_exec.ts'
import { defaultRelease, guestRepoDir, learner, machineName, machinesDir, maxSlots, slotAddresses, type Release } from './config.ts'
import type { LabBase } from './base.ts'

export interface MachineRecord {
  name: string
  slot: number
  dir: string
  nspawnPid: number
  leaderPid: number
  hostAddress: string
  guestAddress: string
  /** The Debian release it boots (absent in records of older lab versions: bookworm). */
  release?: Release
}

export interface ExecOptions {
  /** `root` (default) or the learner account. */
  user?: 'root' | 'learner'
  timeoutMs?: number
  allowFail?: boolean
  input?: string
}

const guestPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Host pid of the process that is PID 1 of a new pid namespace below `ancestor`. */
function findLeader(ancestor: number): number | undefined {
  const parents = new Map<number, number>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      parents.set(Number(entry), ppid)
    } catch {
      // exited meanwhile
    }
  }
  const descends = (pid: number): boolean => {
    for (let p = parents.get(pid), hops = 0; p !== undefined && hops < 10; p = parents.get(p), hops++) {
      if (p === ancestor) return true
    }
    return false
  }
  for (const pid of parents.keys()) {
    if (!descends(pid)) continue
    try {
      const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/)
      if (nspid && nspid.length > 1 && nspid[nspid.length - 1] === '1') return pid
    } catch {
      // exited meanwhile
    }
  }
  return undefined
}

async function linkExists(name: string): Promise<boolean> {
  const { code } = await run(['ip', 'link', 'show', 'dev', name], { timeoutMs: 5_000, allowFail: true })
  return code === 0
}

async function usedSlots(): Promise<Set<number>> {
  const used = new Set<number>()
  let names: string[] = []
  try {
    names = await readdir(machinesDir)
  } catch {
    // no machine yet
  }
  // A slot whose addresses the host already has (someone else's link) is never taken.
  const { stdout: hostAddresses } = await run(['ip', '-o', '-4', 'addr', 'show'], { timeoutMs: 5_000 })
  for (let slot = 0; slot < maxSlots; slot++) {
    const { host, guest } = slotAddresses(slot)
    const taken = [host, guest].some((address) => hostAddresses.includes(` ${address}/`))
    if (taken || names.includes(machineName(slot)) || (await linkExists(`ve-${machineName(slot)}`))) used.add(slot)
  }
  return used
}

export class LabMachine {
  private disposed = false

  private constructor(readonly record: MachineRecord) {}

  /** A machine booted earlier (by another process), from its record. */
  static fromRecord(record: MachineRecord): LabMachine {
    return new LabMachine(record)
  }

  get name(): string {
    return this.record.name
  }
  get hostAddress(): string {
    return this.record.hostAddress
  }
  get guestAddress(): string {
    return this.record.guestAddress
  }
  get release(): Release {
    return this.record.release ?? defaultRelease
  }
  /** The machine's overlay upper directory: every file the machine changed since it was booted from the base. */
  get upper(): string {
    return join(this.record.dir, 'upper')
  }
  /** The machine's root as the host sees it (the overlay's merged folder). */
  get root(): string {
    return join(this.record.dir, 'merged')
  }

  /** Boots a fresh copy of the base. On any failure everything made so far is removed. */
  static async boot(base: LabBase, { slot, bootTimeoutMs = 120_000 }: { slot?: number; bootTimeoutMs?: number } = {}): Promise<LabMachine> {
    const used = await usedSlots()
    const chosen = slot ?? [...Array(maxSlots).keys()].find((s) => !used.has(s))
    if (chosen === undefined) throw new Error(`all ${maxSlots} lab slots are in use: run \`npm run lab -- stop\``)
    if (used.has(chosen)) throw new Error(`lab slot ${chosen} is in use: run \`npm run lab -- stop\``)
    const name = machineName(chosen)
    const dir = join(machinesDir, name)
    const { host, guest, prefix } = slotAddresses(chosen)
    const record: MachineRecord = { name, slot: chosen, dir, nspawnPid: 0, leaderPid: 0, hostAddress: host, guestAddress: guest, release: base.release }
    await mkdir(dir, { recursive: true })
    // Written first, so `stop` finds even a half-booted machine.
    await writeFile(join(dir, 'machine.json'), JSON.stringify(record, null, 2))
    const machine = new LabMachine(record)
    try {
      for (const sub of ['upper', 'work', 'merged']) await mkdir(join(dir, sub))
      await run(
        ['mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=${base.rootfs},upperdir=${dir}/upper,workdir=${dir}/work`, machine.root],
        { timeoutMs: 30_000 },
      )
      const log = openSync(join(dir, 'console.log'), 'a')
      const child = spawn(
        'systemd-nspawn',
        [
          '--quiet',
          '--register=no',
          '--keep-unit',
          '--boot',
          `--directory=${machine.root}`,
          `--machine=${name}`,
          '--network-veth',
          '--resolv-conf=off',
          '--timezone=off',
          '--link-journal=no',
          '--console=passive',
          `--bind-ro=${base.repo}:${guestRepoDir}`,
        ],
        { detached: true, stdio: ['ignore', log, log] },
      )
      closeSync(log)
      child.unref()
      if (!child.pid) throw new Error('systemd-nspawn did not start')
      record.nspawnPid = child.pid
      await writeFile(join(dir, 'machine.json'), JSON.stringify(record, null, 2))
      record.leaderPid = await waitFor(
        'the machine\'s systemd (PID 1 of its namespace)',
        async () => {
          if (!alive(record.nspawnPid)) throw new Error(`systemd-nspawn exited: ${await machine.consoleTail()}`)
          return findLeader(record.nspawnPid)
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      )
      await writeFile(join(dir, 'machine.json'), JSON.stringify(record, null, 2))
      const link = `ve-${name}`
      await waitFor('the host side of the veth', async () => ((await linkExists(link)) ? true : undefined), { timeoutMs: 30_000 })
      await run(['ip', 'addr', 'add', `${host}/${prefix}`, 'dev', link], { timeoutMs: 5_000 })
      await run(['ip', 'link', 'set', 'dev', link, 'up'], { timeoutMs: 5_000 })
      await waitFor(
        'systemd inside to accept commands',
        async () => ((await machine.exec('test -S /run/systemd/private', { allowFail: true, timeoutMs: 5_000 })).code === 0 ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 100 },
      )
      await machine.exec(`ip addr add ${guest}/${prefix} dev host0 && ip link set dev host0 up`, { timeoutMs: 10_000 })
      const state = await machine.exec('systemctl is-system-running --wait', { timeoutMs: bootTimeoutMs, allowFail: true })
      if (!/^(running|degraded)$/m.test(state.stdout)) {
        throw new Error(`the machine did not finish booting (${state.stdout.trim() || state.stderr.trim()})`)
      }
      await waitFor(
        'ssh and nginx to be active',
        async () => ((await machine.exec('systemctl is-active ssh.service nginx.service', { allowFail: true })).code === 0 ? true : undefined),
        { timeoutMs: 30_000 },
      )
      return machine
    } catch (error) {
      await machine.dispose()
      throw error
    }
  }

  async consoleTail(): Promise<string> {
    try {
      return (await readFile(join(this.record.dir, 'console.log'), 'utf8')).slice(-2000)
    } catch {
      return ''
    }
  }

  /** argv that runs a shell script inside the machine as root or as the learner. */
  shellArgv(script: string, user: 'root' | 'learner' = 'root', { login = false }: { login?: boolean } = {}): string[] {
    const home = user === 'root' ? '/root' : `/home/${learner.name}`
    const env = ['/usr/bin/env', '-i', `--chdir=${home}`, `PATH=${guestPath}`, 'LANG=C.UTF-8', `HOME=${home}`, `USER=${user === 'root' ? 'root' : learner.name}`, 'TERM=dumb']
    const asUser = user === 'root' ? [] : ['/usr/bin/setpriv', `--reuid=${learner.uid}`, `--regid=${learner.uid}`, '--init-groups']
    const shell = login ? ['/bin/bash', '-l'] : ['/bin/sh', '-c', script]
    return [
      'nsenter',
      `--target=${this.record.leaderPid}`,
      '--mount',
      '--uts',
      '--ipc',
      '--net',
      '--pid',
      '--root',
      '--wd',
      '--',
      ...asUser,
      ...env,
      ...shell,
    ]
  }

  /** Runs a shell script inside the machine; throws on a non-zero exit unless allowFail. */
  exec(script: string, { user = 'root', timeoutMs = 60_000, allowFail = false, input }: ExecOptions = {}): Promise<RunResult> {
    if (this.disposed) throw new Error(`machine ${this.name} is stopped`)
    return run(this.shellArgv(script, user), { timeoutMs, allowFail, ...(input === undefined ? {} : { input }) })
  }

  /** Copies a host file into the machine (through the overlay, before or after boot). */
  async copyIn(data: string | Buffer, guestFile: string, mode = 0o644): Promise<void> {
    const target = join(this.root, guestFile)
    await mkdir(join(target, '..'), { recursive: true })
    await writeFile(target, data, { mode })
  }

  private readonly disposeListeners: Array<() => void> = []

  onDispose(listener: () => void): void {
    this.disposeListeners.push(listener)
  }

  /** Synchronous last resort for an interrupted process: ends every process of the machine. */
  killNow(): void {
    if (isRunning(this.record)) process.kill(this.record.leaderPid, 'SIGKILL')
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    try {
      await stopRecord(this.record)
    } finally {
      for (const listener of this.disposeListeners) listener()
    }
  }
}

/** Stops a machine and removes everything it made: processes, overlay mount, veth, folder. */
async function stopRecord(record: MachineRecord): Promise<void> {
  const { leaderPid, nspawnPid } = record
  // The copy is thrown away, so there is nothing to shut down cleanly: killing PID 1 of the
  // namespace ends every process in it, and systemd-nspawn exits with it.
  if (isRunning(record)) process.kill(leaderPid, 'SIGKILL')
  if (nspawnPid && alive(nspawnPid) && isNspawn(nspawnPid)) {
    const deadline = Date.now() + 10_000
    while (alive(nspawnPid) && Date.now() < deadline) await sleep(100)
    if (alive(nspawnPid)) process.kill(nspawnPid, 'SIGKILL')
  }
  const link = `ve-${record.name}`
  if (await linkExists(link)) await run(['ip', 'link', 'del', 'dev', link], { timeoutMs: 10_000, allowFail: true })
  const merged = join(record.dir, 'merged')
  for (let attempt = 0; attempt < 20 && isMounted(merged); attempt++) {
    await run(['umount', merged], { timeoutMs: 10_000, allowFail: true })
    if (isMounted(merged)) await sleep(250)
  }
  if (isMounted(merged)) await run(['umount', '--lazy', merged], { timeoutMs: 10_000, allowFail: true })
  if (!isMounted(merged)) await rm(record.dir, { recursive: true, force: true })
  else throw new Error(`could not unmount ${merged}`)
}

function isMounted(path: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === path)
}

function isNamespaceInit(pid: number): boolean {
  try {
    const nspid = /^NSpid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]?.trim().split(/\s+/)
    return !!nspid && nspid.length > 1 && nspid[nspid.length - 1] === '1'
  } catch {
    return false
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** The record's systemd still runs (checked against reused pids: its parent is our nspawn). */
export function isRunning(record: MachineRecord): boolean {
  const { leaderPid, nspawnPid } = record
  return !!leaderPid && isNamespaceInit(leaderPid) && parentOf(leaderPid) === nspawnPid && isNspawn(nspawnPid)
}

function isNspawn(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'systemd-nspawn'
  } catch {
    return false
  }
}

/** Every machine record on disk (running or left behind by an interrupted run). */
export async function listMachines(): Promise<MachineRecord[]> {
  let names: string[] = []
  try {
    names = await readdir(machinesDir)
  } catch {
    return []
  }
  const records: MachineRecord[] = []
  for (const name of names) {
    try {
      records.push(JSON.parse(await readFile(join(machinesDir, name, 'machine.json'), 'utf8')) as MachineRecord)
    } catch {
      records.push({ name, slot: -1, dir: join(machinesDir, name), nspawnPid: 0, leaderPid: 0, hostAddress: '', guestAddress: '' })
    }
  }
  return records
}

/** Attaches to a running machine by name (for `npm run lab -- shell`). */
export async function attach(name: string): Promise<LabMachine | undefined> {
  const record = (await listMachines()).find((r) => r.name === name)
  if (!record || !isRunning(record)) return undefined
  return LabMachine.fromRecord(record)
}

export async function cleanupRecords(records: readonly MachineRecord[]): Promise<void> {
  for (const record of records) await stopRecord(record)
}

/** Stops and removes every lab machine; returns the names it removed. */
export async function cleanupAll(): Promise<string[]> {
  const records = await listMachines()
  await cleanupRecords(records)
  return records.map((r) => r.name)
}
