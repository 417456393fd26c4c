import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Stat } from '../../fs/types.ts'
import type { Command, CommandContext } from '../types.ts'
import { fsMessage, groupName, has, modeString, MONTHS, pad2, parseArgs, userName } from './_util.ts'

interface Entry {
  name: string
  path: string
  stat: Stat
  target?: string
}

const SIX_MONTHS = (365.2425 / 2) * 24 * 3600 * 1000

function humanSize(size: number): string {
  if (size < 1024) return String(size)
  const units = ['K', 'M', 'G', 'T']
  let value = size
  let unit = -1
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  const shown = value < 10 ? Math.ceil(value * 10) / 10 : Math.ceil(value)
  return `${value < 10 ? shown.toFixed(1) : shown}${units[unit]}`
}

function timeText(mtime: number, now: number): string {
  const d = new Date(mtime)
  const day = String(d.getUTCDate()).padStart(2)
  const recent = now - mtime < SIX_MONTHS && mtime - now < 3600 * 1000
  return `${MONTHS[d.getUTCMonth()]} ${day} ${recent ? `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : ` ${d.getUTCFullYear()}`}`
}

/** C-locale order, as `ls` sorts under LANG=C.UTF-8. */
const byName = (a: Entry, b: Entry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/** GNU's column layout: as many columns as fit, filled top to bottom. */
function columns(names: string[], width: number): string {
  if (names.length === 0) return ''
  let best = 1
  for (let cols = names.length; cols > 1; cols--) {
    const rows = Math.ceil(names.length / cols)
    if (Math.ceil(names.length / rows) !== cols) continue
    let total = 0
    for (let c = 0; c < cols; c++) {
      const column = names.slice(c * rows, (c + 1) * rows)
      total += Math.max(...column.map((n) => n.length)) + (c < cols - 1 ? 2 : 0)
    }
    if (total <= width) {
      best = cols
      break
    }
  }
  const rows = Math.ceil(names.length / best)
  const widths = Array.from({ length: best }, (_, c) => Math.max(0, ...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)))
  let out = ''
  for (let r = 0; r < rows; r++) {
    const cells: string[] = []
    for (let c = 0; c < best; c++) {
      const name = names[c * rows + r]
      if (name === undefined) continue
      cells.push(name)
    }
    out += `${cells.map((cell, c) => (c < cells.length - 1 ? cell.padEnd((widths[c] ?? 0) + 2) : cell)).join('')}\n`
  }
  return out
}

export const ls: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'ls', {
    short: 'laA1dhRtrFi',
    long: { all: 'a', 'almost-all': 'A', directory: 'd', 'human-readable': 'h', recursive: 'R', 'color=': 'color', color: 'color' },
    usageStatus: 2,
  })
  if (typeof parsed === 'number') return parsed
  const long = has(parsed, 'l')
  const all = has(parsed, 'a')
  const almostAll = has(parsed, 'A')
  const directoryOnly = has(parsed, 'd')
  const human = has(parsed, 'h')
  const recursive = has(parsed, 'R')
  const reverse = has(parsed, 'r')
  const onePerLine = has(parsed, '1') || !ctx.stdout.isTty
  const fs = ctx.system.fs
  const operands = parsed.operands.length ? parsed.operands : ['.']
  let status = 0
  const files: Entry[] = []
  const dirs: Entry[] = []
  for (const operand of operands) {
    const path = resolvePath(ctx.cwd, operand)
    const lstat = fs.lstat(path, ctx.cred)
    if (isFsError(lstat)) {
      ctx.stderr.write(`ls: cannot access '${operand}': ${fsMessage(lstat.error)}\n`)
      status = 2
      continue
    }
    const followed = lstat.kind === 'symlink' && !long && !directoryOnly ? fs.stat(path, ctx.cred) : lstat
    const stat = isFsError(followed) ? lstat : followed
    const entry: Entry = { name: operand, path, stat }
    if (stat.kind === 'symlink') entry.target = readTarget(ctx, path)
    if (stat.kind === 'dir' && !directoryOnly) dirs.push(entry)
    else files.push(entry)
  }
  const order = (list: Entry[]) => {
    list.sort(byName)
    if (has(parsed, 't')) list.sort((a, b) => b.stat.mtime - a.stat.mtime)
    if (reverse) list.reverse()
    return list
  }
  const render = (entries: Entry[], withTotal: boolean): string => {
    if (!long) {
      const names = entries.map((e) => e.name)
      return onePerLine ? names.map((n) => `${n}\n`).join('') : columns(names, ctx.tty?.columns ?? 80)
    }
    const now = ctx.system.now()
    const rows = entries.map((e) => [
      modeString(e.stat.kind, e.stat.mode),
      String(e.stat.nlink),
      userName(ctx, e.stat.uid),
      groupName(ctx, e.stat.gid),
      human ? humanSize(e.stat.size) : String(e.stat.size),
      timeText(e.stat.mtime, now),
      e.name + (e.target !== undefined ? ` -> ${e.target}` : ''),
    ])
    const width = (i: number) => Math.max(0, ...rows.map((row) => (row[i] as string).length))
    const [w1, w2, w3, w4] = [width(1), width(2), width(3), width(4)]
    let out = ''
    if (withTotal) {
      const blocks = entries.reduce((sum, e) => sum + (e.stat.kind === 'symlink' ? 0 : Math.ceil(e.stat.size / 4096) * 4), 0)
      out += `total ${human ? humanSize(blocks * 1024) : blocks}\n`
    }
    for (const row of rows) {
      out += `${row[0]} ${(row[1] as string).padStart(w1)} ${(row[2] as string).padEnd(w2)} ${(row[3] as string).padEnd(w3)} ${(row[4] as string).padStart(w4)} ${row[5]} ${row[6]}\n`
    }
    return out
  }
  const listDir = (dir: Entry): { entries: Entry[]; error?: string } => {
    const names = fs.readdir(dir.path, ctx.cred)
    if (isFsError(names)) return { entries: [], error: `ls: cannot open directory '${dir.name}': ${fsMessage(names.error)}\n` }
    const shown = names.filter((n) => all || almostAll || !n.startsWith('.'))
    if (all) shown.unshift('.', '..')
    const entries: Entry[] = []
    for (const name of shown) {
      const path = name === '.' ? dir.path : name === '..' ? resolvePath(dir.path, '..') : resolvePath(dir.path, name)
      const stat = fs.lstat(path, ctx.cred)
      if (isFsError(stat)) continue
      const entry: Entry = { name, path, stat }
      if (stat.kind === 'symlink') entry.target = readTarget(ctx, path)
      entries.push(entry)
    }
    return { entries: order(entries) }
  }
  let out = render(order(files), false)
  const queue = order(dirs)
  const showHeaders = queue.length + files.length > 1 || recursive
  let first = files.length === 0
  while (queue.length > 0) {
    const dir = queue.shift() as Entry
    const { entries, error } = listDir(dir)
    if (error) {
      ctx.stdout.write(out)
      out = ''
      ctx.stderr.write(error)
      status = 2
      continue
    }
    if (!first) out += '\n'
    first = false
    if (showHeaders) out += `${dir.name}:\n`
    out += render(entries, true)
    if (recursive) {
      const subdirs = entries
        .filter((e) => e.stat.kind === 'dir' && e.name !== '.' && e.name !== '..')
        .map((e) => ({ ...e, name: dir.name === '/' ? `/${e.name}` : `${dir.name}/${e.name}` }))
      queue.unshift(...subdirs)
    }
  }
  ctx.stdout.write(out)
  return status
}

function readTarget(ctx: CommandContext, path: string): string {
  const target = ctx.system.fs.readlink(path, ctx.cred)
  return isFsError(target) ? '' : target
}

