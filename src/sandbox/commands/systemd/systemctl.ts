/**
 * systemctl (systemd 252, Debian 12): the verbs the course and the checker use, worded as the
 * real one words them (recorded in the lab). Without root, everything that changes the system is
 * refused with polkit's "Access denied" (a server has no polkit agent); looking is allowed.
 */
import type { Command, CommandContext } from '../types.ts'
import type { Server } from '../../machine/server.ts'
import {
  canonicalName,
  daemonReload,
  disableUnit,
  enableUnit,
  isActive,
  loadState,
  maskUnit,
  nextElapse,
  reloadUnit,
  resolveUnit,
  restartUnit,
  startUnit,
  stopUnit,
  timerUnits,
  unitFileExists,
  unitFileState,
  unitSpecs,
  unitStatus,
  unmaskUnit,
  socketListen,
  type UnitResult,
  type UnitStatus,
} from '../../machine/units.ts'
import { journalTime, relative, timestamp } from './_time.ts'

interface Options {
  quiet: boolean
  now: boolean
  all: boolean
  value: boolean
  noLegend: boolean
  properties: string[]
  args: string[]
}

function parse(argv: readonly string[]): Options | string {
  const options: Options = { quiet: false, now: false, all: false, value: false, noLegend: false, properties: [], args: [] }
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '-q' || arg === '--quiet') options.quiet = true
    else if (arg === '--now') options.now = true
    else if (arg === '-a' || arg === '--all') options.all = true
    else if (arg === '--value') options.value = true
    else if (arg === '--no-legend') options.noLegend = true
    else if (arg === '--no-pager' || arg === '--system' || arg === '-l' || arg === '--full' || arg === '--no-ask-password') continue
    else if (arg === '-p' || arg === '--property') {
      const next = argv[++i]
      if (next === undefined) return `systemctl: option '${arg}' requires an argument`
      options.properties.push(...next.split(','))
    } else if (arg.startsWith('--property=')) options.properties.push(...arg.slice(11).split(','))
    else if (arg.startsWith('-p') && arg.length > 2) options.properties.push(...arg.slice(2).split(','))
    else if (arg.startsWith('-') && arg !== '-') return `systemctl: unrecognized option '${arg}'`
    else options.args.push(arg)
  }
  return options
}

const green = '\x1b[0;1;32m'
const red = '\x1b[0;1;31m'
const normal = '\x1b[0m'

export const systemctl: Command = async (ctx) => {
  const parsed = parse(ctx.argv)
  if (typeof parsed === 'string') {
    ctx.stderr.write(`${parsed}\n`)
    return 1
  }
  if (ctx.system.kind !== 'server') {
    ctx.stderr.write('System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus: Host is down\n')
    return 1
  }
  const server = ctx.system as unknown as Server
  const [verb = 'list-units', ...units] = parsed.args
  const root = ctx.cred.uid === 0
  switch (verb) {
    case 'start':
    case 'stop':
    case 'restart':
    case 'reload':
    case 'try-restart':
    case 'reload-or-restart':
    case 'try-reload-or-restart':
      return jobs(ctx, server, verb, units, root)
    case 'enable':
    case 'disable':
      return enableDisable(ctx, server, verb, units, root, parsed.now)
    case 'mask':
    case 'unmask':
      return maskUnmask(ctx, server, verb, units, root)
    case 'daemon-reload':
      if (!root) {
        ctx.stderr.write('Reload daemon failed: Access denied\n')
        return 1
      }
      daemonReload(server)
      return 0
    case 'is-active':
    case 'is-failed':
      return isActiveVerb(ctx, server, verb, units, parsed.quiet)
    case 'is-enabled':
      return isEnabled(ctx, server, units, parsed.quiet)
    case 'status':
      return status(ctx, server, units, root)
    case 'show':
      return show(ctx, server, units, parsed)
    case 'cat':
      return cat(ctx, server, units)
    case 'list-timers':
      return listTimers(ctx, server, units, parsed.all)
    case 'list-units':
      return listUnits(ctx, server, units, parsed.all)
    case 'reboot':
    case 'poweroff':
    case 'halt': {
      const program = ctx.system.command(verb === 'halt' ? 'poweroff' : verb)
      if (!program) return 1
      return program({ ...ctx, argv: [verb] })
    }
    default:
      ctx.stderr.write(`Unknown command verb ${verb}.\n`)
      return 1
  }
}

function needsUnits(ctx: CommandContext, verb: string, units: string[]): boolean {
  if (units.length > 0) return true
  ctx.stderr.write(`Too few arguments.\n`)
  void verb
  return false
}

async function jobs(ctx: CommandContext, server: Server, verb: string, units: string[], root: boolean): Promise<number> {
  if (!needsUnits(ctx, verb, units)) return 1
  const word = verb === 'try-restart' ? 'try-restart' : verb.startsWith('reload-or') || verb.startsWith('try-reload') ? 'reload-or-restart' : verb
  let code = 0
  for (const name of units) {
    const unit = canonicalName(name)
    if (!root) {
      const shown = verb === 'reload-or-restart' || verb === 'try-reload-or-restart' ? 'reload-or-restart' : word
      ctx.stderr.write(`Failed to ${shown} ${unit}: Access denied\nSee system logs and 'systemctl status ${unit}' for details.\n`)
      code = 4
      continue
    }
    let result: UnitResult
    if (verb === 'start') result = startUnit(server, unit)
    else if (verb === 'stop') result = stopUnit(server, unit)
    else if (verb === 'restart') result = restartUnit(server, unit)
    else if (verb === 'reload') result = reloadUnit(server, unit)
    else if (verb === 'try-restart') result = isActive(server, resolveUnit(server, unit)) ? restartUnit(server, unit) : { ok: true }
    else {
      const resolved = resolveUnit(server, unit)
      const reloadable = unitSpecs[resolved]?.reloadProcesses !== undefined
      if (!isActive(server, resolved)) result = verb === 'try-reload-or-restart' ? { ok: true } : startUnit(server, unit)
      else result = reloadable ? reloadUnit(server, unit) : restartUnit(server, unit)
      if (!result.ok) result = { ok: false, message: result.message.replace(/^Failed to (start|reload|restart) /, 'Failed to reload-or-restart ') }
    }
    if (!result.ok) {
      ctx.stderr.write(`${result.message}\n`)
      code = /not found\.$|not loaded\.$/.test(result.message) ? 5 : 1
    }
  }
  return code
}

const sysvHint = (verb: string, unit: string) =>
  `Synchronizing state of ${unit} with SysV service script with /lib/systemd/systemd-sysv-install.\nExecuting: /lib/systemd/systemd-sysv-install ${verb} ${unit.replace(/\.service$/, '')}\n`

async function enableDisable(ctx: CommandContext, server: Server, verb: 'enable' | 'disable', units: string[], root: boolean, now: boolean): Promise<number> {
  if (!needsUnits(ctx, verb, units)) return 1
  if (!root) {
    for (const name of units) {
      const unit = resolveUnit(server, name)
      if (unitSpecs[unit]?.sysv && unitFileExists(server, unit)) ctx.stderr.write(`${sysvHint(verb, unit)}Reload daemon failed: Access denied\nReload daemon failed: Access denied\n`)
    }
    ctx.stderr.write(`Failed to ${verb} unit: Access denied\n`)
    return 1
  }
  for (const name of units) {
    const unit = resolveUnit(server, name)
    if (unitSpecs[unit]?.sysv && unitFileExists(server, unit)) ctx.stderr.write(sysvHint(verb, unit))
    const result = verb === 'enable' ? enableUnit(server, name) : disableUnit(server, name)
    if (!result.ok) {
      ctx.stderr.write(`${result.message}\n`)
      return 1
    }
    for (const change of result.changes ?? []) ctx.stderr.write(`${change}\n`)
  }
  if (now) {
    for (const name of units) {
      const result = verb === 'enable' ? startUnit(server, name) : stopUnit(server, name)
      if (!result.ok) {
        ctx.stderr.write(`${result.message}\n`)
        return 1
      }
    }
  }
  return 0
}

async function maskUnmask(ctx: CommandContext, server: Server, verb: 'mask' | 'unmask', units: string[], root: boolean): Promise<number> {
  if (!needsUnits(ctx, verb, units)) return 1
  if (!root) {
    ctx.stderr.write(`Failed to ${verb} unit: Access denied\n`)
    return 1
  }
  for (const name of units) {
    const result = verb === 'mask' ? maskUnit(server, name) : unmaskUnit(server, name)
    if (!result.ok) {
      ctx.stderr.write(`${result.message}\n`)
      return 1
    }
    for (const change of result.changes ?? []) ctx.stderr.write(`${change}\n`)
  }
  return 0
}

async function isActiveVerb(ctx: CommandContext, server: Server, verb: string, units: string[], quiet: boolean): Promise<number> {
  if (!needsUnits(ctx, verb, units)) return 1
  let any = false
  for (const name of units) {
    const unit = resolveUnit(server, name)
    const state = server.state.units[unit]?.active ?? 'inactive'
    if (!quiet) ctx.stdout.write(`${state}\n`)
    if (verb === 'is-active' ? state === 'active' : state === 'failed') any = true
  }
  return any ? 0 : verb === 'is-active' ? 3 : 1
}

async function isEnabled(ctx: CommandContext, server: Server, units: string[], quiet: boolean): Promise<number> {
  if (!needsUnits(ctx, 'is-enabled', units)) return 1
  let any = false
  for (const name of units) {
    const asked = canonicalName(name)
    const unit = resolveUnit(server, name)
    const state = unit !== asked ? 'alias' : unitFileState(server, unit)
    if (state === undefined) {
      ctx.stderr.write(`Failed to get unit file state for ${asked}: No such file or directory\n`)
      return 1
    }
    if (!quiet) ctx.stdout.write(`${state}\n`)
    if (state === 'enabled' || state === 'static' || state === 'alias' || state === 'generated' || state === 'indirect') any = true
  }
  return any ? 0 : 1
}

function dot(status: UnitStatus, tty: boolean): string {
  if (status.activeState === 'failed') return tty ? `${red}×${normal}` : '×'
  if (status.activeState === 'active' || status.activeState === 'activating' || status.activeState === 'deactivating') return tty ? `${green}●${normal}` : '●'
  return '○'
}

function activeText(server: Server, status: UnitStatus, tty: boolean): string {
  const since = `since ${timestamp(status.since)}; ${relative(status.since, server.now())}`
  if (status.activeState === 'active') {
    const text = `active (${status.subState})`
    return `${tty ? `${green}${text}${normal}` : text} ${since}`
  }
  if (status.activeState === 'failed') {
    const text = 'failed (Result: exit-code)'
    return `${tty ? `${red}${text}${normal}` : text} ${since}`
  }
  const everRan = status.journal.length > 0
  return everRan ? `inactive (dead) ${since}` : 'inactive (dead)'
}

async function status(ctx: CommandContext, server: Server, units: string[], root: boolean): Promise<number> {
  const tty = ctx.stdout.isTty
  if (units.length === 0) {
    ctx.stdout.write(`${tty ? `${green}●${normal}` : '●'} ${server.hostname}\n    State: running\n    Units: 248 loaded (incl. loaded aliases)\n     Jobs: 0 queued\n   Failed: 0 units\n    Since: ${timestamp(server.state.bootedAt)}; ${relative(server.state.bootedAt, server.now())}\n  systemd: 252.39-1~deb12u1\n   CGroup: /\n`)
    return 0
  }
  let code = 0
  let first = true
  for (const name of units) {
    const unit = resolveUnit(server, name)
    const load = loadState(server, unit)
    if (load === 'not-found') {
      ctx.stderr.write(`Unit ${canonicalName(name)} could not be found.\n`)
      code = 4
      continue
    }
    const s = unitStatus(server, unit)
    const lines: string[] = []
    if (!first) lines.push('')
    first = false
    lines.push(`${dot(s, tty)} ${s.id} - ${s.description}`)
    if (load === 'masked') lines.push(`     Loaded: masked (Reason: Unit ${s.id} is masked.)`)
    else lines.push(`     Loaded: loaded (${s.fragmentPath}; ${s.unitFileState ?? 'static'}; preset: enabled)`)
    lines.push(`     Active: ${activeText(server, s, tty)}`)
    if (s.trigger !== undefined) lines.push(`    Trigger: ${timestamp(s.trigger)}; ${relative(s.trigger, server.now())}`)
    if (s.triggers) lines.push(`   Triggers: ● ${s.triggers}`)
    if (s.listen) for (const [index, listen] of s.listen.entries()) lines.push(`${index === 0 ? '     Listen:' : '            '} ${listen}`)
    s.docs.forEach((doc, index) => lines.push(`${index === 0 ? '       Docs:' : '            '} ${doc}`))
    for (const process of s.processes) lines.push(`    Process: ${process}`)
    if (s.mainPid !== undefined) lines.push(`   Main PID: ${s.mainPid} (${server.state.processes.find((p) => p.pid === s.mainPid)?.comm ?? 'code=exited, status=0/SUCCESS'})`)
    if (s.tasks !== undefined) lines.push(`      Tasks: ${s.tasks} (limit: 4644)`)
    if (s.memory !== undefined) lines.push(`     Memory: ${s.memory}`)
    if (s.cpu !== undefined) lines.push(`        CPU: ${s.cpu}`)
    if (s.cgroup.length > 0 || (s.activeState === 'active' && !s.id.endsWith('.timer') && !s.id.endsWith('.socket') && s.subState !== 'exited')) {
      lines.push(`     CGroup: /system.slice/${s.id}`)
      s.cgroup.forEach((entry, index) => {
        const branch = index === s.cgroup.length - 1 ? '└─' : '├─'
        const command = entry.command.includes(' ') && !entry.command.startsWith('/') ? `"${entry.command}"` : entry.command
        lines.push(`             ${branch}${entry.pid} ${command}`)
      })
    }
    // The journal needs root or the adm group; student has neither.
    if (root && s.journal.length > 0) {
      lines.push('')
      for (const entry of s.journal) lines.push(`${journalTime(entry.time)} ${server.hostname} ${entry.source}: ${entry.message}`)
    }
    ctx.stdout.write(`${lines.join('\n')}\n`)
    if (s.activeState !== 'active' && code === 0) code = 3
  }
  return code
}

/** Properties in systemd's own order: the type's interface first (Socket, Service), then Unit. */
const propertyOrder = ['Type', 'Restart', 'MainPID', 'ExecMainPID', 'Listen', 'NextElapseUSecRealtime', 'Id', 'Names', 'Description', 'LoadState', 'ActiveState', 'SubState', 'FragmentPath', 'UnitFileState', 'UnitFilePreset', 'ActiveEnterTimestamp']

function properties(server: Server, name: string): Record<string, string | string[]> {
  const unit = resolveUnit(server, name)
  const load = loadState(server, unit)
  const state = server.state.units[unit]
  const found = load !== 'not-found'
  const values: Record<string, string | string[]> = {
    Id: unit,
    Names: unit,
    Description: unitSpecs[unit]?.description ?? unit,
    LoadState: load,
    ActiveState: state?.active ?? 'inactive',
    SubState: state?.sub ?? 'dead',
    FragmentPath: found ? `/lib/systemd/system/${unit}` : '',
    UnitFileState: found ? (unitFileState(server, unit) ?? '') : '',
    UnitFilePreset: found ? 'enabled' : '',
    ActiveEnterTimestamp: state && state.active === 'active' ? timestamp(state.since) : '',
  }
  if (unit.endsWith('.service')) {
    values.Type = unit === 'ssh.service' ? 'notify' : unit === 'nginx.service' ? 'forking' : 'simple'
    values.MainPID = String(state?.mainPid ?? 0)
    values.ExecMainPID = String(state?.mainPid ?? 0)
    values.Restart = unit === 'ssh.service' ? 'on-failure' : 'no'
  }
  if (unit.endsWith('.socket') && found) values.Listen = unit === 'ssh.socket' ? socketListen(server) : []
  if (unit.endsWith('.timer') && found) {
    const next = state?.active === 'active' ? nextElapse(unit, server.now()) : undefined
    values.NextElapseUSecRealtime = next === undefined ? '' : timestamp(next)
  }
  return values
}

async function show(ctx: CommandContext, server: Server, units: string[], options: Options): Promise<number> {
  const asked = units.length > 0 ? units : []
  if (asked.length === 0) {
    ctx.stdout.write(`Version=252.39-1~deb12u1\n`)
    return 0
  }
  const wanted = options.properties.length > 0 ? options.properties : propertyOrder
  const blocks: string[] = []
  for (const name of asked) {
    const values = properties(server, name)
    const lines: string[] = []
    const order = [...propertyOrder.filter((key) => wanted.includes(key)), ...wanted.filter((key) => !propertyOrder.includes(key))]
    for (const key of order) {
      const value = values[key]
      if (value === undefined) continue
      for (const item of Array.isArray(value) ? value : [value]) lines.push(options.value ? item : `${key}=${item}`)
    }
    blocks.push(lines.map((line) => `${line}\n`).join(''))
  }
  ctx.stdout.write(blocks.join('\n'))
  return 0
}

async function cat(ctx: CommandContext, server: Server, units: string[]): Promise<number> {
  let code = 0
  units.forEach((name, index) => {
    const unit = resolveUnit(server, name)
    const text = server.fs.readFile(`/lib/systemd/system/${unit}`, ctx.cred)
    if (typeof text !== 'string') {
      ctx.stderr.write(`No files found for ${canonicalName(name)}.\n`)
      code = 1
      return
    }
    ctx.stdout.write(`${index > 0 ? '\n' : ''}# /lib/systemd/system/${unit}\n${text}`)
  })
  return code
}

/**
 * systemd's table: columns as wide as their widest cell, one space apart. On a terminal narrower
 * than that (`maxWidth`), every column starts at one character and the spare width is handed
 * out in equal shares to the columns still short of their content, again and again; a cell
 * longer than its column ends in "…" (format-table.c does the same).
 */
function table(rows: string[][], maxWidth = Infinity): string {
  const count = rows[0]?.length ?? 0
  const wanted = Array.from({ length: count }, (_, column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)))
  let widths = wanted
  if (wanted.reduce((sum, width) => sum + width, count - 1) > maxWidth) {
    widths = wanted.map(() => 1)
    let spare = maxWidth - (count - 1) - count
    while (spare > 0) {
      const short = widths.map((width, column) => (width < wanted[column]! ? column : -1)).filter((column) => column >= 0)
      if (short.length === 0) break
      const share = Math.floor(spare / short.length)
      if (share === 0) {
        widths[short[0]!]! += 1
        spare -= 1
        continue
      }
      for (const column of short) {
        const add = Math.min(share, wanted[column]! - widths[column]!)
        widths[column]! += add
        spare -= add
      }
    }
  }
  const fit = (cell: string, width: number) => {
    const chars = [...cell]
    return chars.length > width ? `${chars.slice(0, Math.max(0, width - 1)).join('')}…` : cell
  }
  return rows
    .map((row) =>
      row
        .map((cell, column) => {
          const width = widths[column] ?? 0
          const shown = fit(cell, width)
          return column === row.length - 1 ? shown : shown.padEnd(width)
        })
        .join(' ')
        .replace(/\s+$/, ''),
    )
    .join('\n')
}

function matches(pattern: string, unit: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
  return regex.test(unit) || regex.test(unit.replace(/\.timer$/, ''))
}

async function listTimers(ctx: CommandContext, server: Server, patterns: string[], all: boolean): Promise<number> {
  const now = server.now()
  const timers = timerUnits(server)
    .filter((unit) => patterns.length === 0 || patterns.some((pattern) => matches(pattern, unit)))
    .filter((unit) => all || server.state.units[unit]?.active === 'active')
    .map((unit) => ({ unit, next: server.state.units[unit]?.active === 'active' ? nextElapse(unit, now) : undefined }))
    .sort((a, b) => (a.next ?? Infinity) - (b.next ?? Infinity))
  const rows = [['NEXT', 'LEFT', 'LAST', 'PASSED', 'UNIT', 'ACTIVATES']]
  for (const timer of timers) {
    rows.push([
      timer.next === undefined ? '-' : timestamp(timer.next),
      timer.next === undefined ? '-' : relative(timer.next, now),
      '-',
      '-',
      timer.unit,
      unitSpecs[timer.unit]?.activates ?? timer.unit.replace(/\.timer$/, '.service'),
    ])
  }
  if (timers.length === 0) {
    ctx.stdout.write(`NEXT LEFT LAST PASSED UNIT ACTIVATES\n\n0 timers listed.\n${all ? '' : 'Pass --all to see loaded but inactive timers, too.\n'}`)
    return 0
  }
  ctx.stdout.write(`${table(rows, ctx.stdout.isTty ? (ctx.tty?.columns ?? 80) : Infinity)}\n\n${timers.length} timers listed.\n${all ? '' : 'Pass --all to see loaded but inactive timers, too.\n'}`)
  return 0
}

async function listUnits(ctx: CommandContext, server: Server, patterns: string[], all: boolean): Promise<number> {
  const units = Object.keys(server.state.units)
    .filter((unit) => unitFileExists(server, unit))
    .filter((unit) => patterns.length === 0 || patterns.some((pattern) => matches(pattern, unit)))
    .filter((unit) => all || server.state.units[unit]?.active !== 'inactive')
    .sort()
  const rows = [['  UNIT', 'LOAD', 'ACTIVE', 'SUB', 'DESCRIPTION']]
  for (const unit of units) {
    const state = server.state.units[unit]
    rows.push([`  ${unit}`, loadState(server, unit), state?.active ?? 'inactive', state?.sub ?? 'dead', unitSpecs[unit]?.description ?? unit])
  }
  ctx.stdout.write(
    `${table(rows)}\n\nLOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n${units.length} loaded units listed.${all ? '' : ' Pass --all to see loaded but inactive units, too.'}\nTo show all installed unit files use 'systemctl list-unit-files'.\n`,
  )
  return 0
}
