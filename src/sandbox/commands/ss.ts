/**
 * ss (iproute2 6.1, Debian 12): TCP and UDP sockets with the real column layout. On a terminal
 * ss spreads the spare width of the screen over the columns (render_calc_width in ss.c); into a
 * pipe it prints them compact. The Process column lists only processes whose /proc/PID/fd the
 * caller may read, so without sudo it stays empty for sshd and nginx.
 */
import type { Command, CommandContext } from './types.ts'
import type { Server } from '../machine/server.ts'
import { listeningSockets } from '../machine/sockets.ts'
import { pcAddress, serverAddress } from '../machine/network.ts'
import { isFsError } from '../fs/types.ts'

interface Column {
  align: 'left' | 'right'
  header: string
  ldelim: string
  disabled: boolean
  width: number
  maxLen: number
}

function columns(): Column[] {
  const make = (align: 'left' | 'right', header: string, ldelim: string): Column => ({ align, header, ldelim, disabled: false, width: 0, maxLen: 0 })
  return [
    make('left', 'Netid', ''),
    make('left', 'State', ' '),
    make('left', 'Recv-Q', ' '),
    make('left', 'Send-Q', ' '),
    make('right', 'Local Address:', ' '),
    make('left', 'Port', ''),
    make('right', 'Peer Address:', ' '),
    make('left', 'Port', ''),
    make('left', 'Process', ''),
    make('left', '', ''),
  ]
}

interface Flags {
  tcp: boolean
  udp: boolean
  listening: boolean
  all: boolean
  numeric: boolean
  processes: boolean
  header: boolean
  v4: boolean
  v6: boolean
}

const usageError = (option: string) => `ss: invalid option -- '${option}'\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n`

function parse(argv: readonly string[]): Flags | string {
  const flags: Flags = { tcp: false, udp: false, listening: false, all: false, numeric: false, processes: false, header: true, v4: false, v6: false }
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('--')) {
      const long: Record<string, keyof Flags> = { '--tcp': 'tcp', '--udp': 'udp', '--listening': 'listening', '--all': 'all', '--numeric': 'numeric', '--processes': 'processes', '--ipv4': 'v4', '--ipv6': 'v6' }
      const key = long[arg]
      if (arg === '--no-header') flags.header = false
      else if (key) flags[key] = true
      else return `ss: unrecognized option '${arg}'\nUsage: ss [ OPTIONS ]\n       ss [ OPTIONS ] [ FILTER ]\n`
      continue
    }
    if (!arg.startsWith('-')) continue // filters (state, sport) are not simulated
    for (const letter of arg.slice(1)) {
      if (letter === 't') flags.tcp = true
      else if (letter === 'u') flags.udp = true
      else if (letter === 'l') flags.listening = true
      else if (letter === 'a') flags.all = true
      else if (letter === 'n') flags.numeric = true
      else if (letter === 'p') flags.processes = true
      else if (letter === 'H') flags.header = false
      else if (letter === '4') flags.v4 = true
      else if (letter === '6') flags.v6 = true
      else if (letter === 'e' || letter === 'o' || letter === 'm' || letter === 'i') continue
      else return usageError(letter)
    }
  }
  if (!flags.tcp && !flags.udp) flags.tcp = true
  return flags
}

function services(server: Server, cred: CommandContext['cred']): Map<string, string> {
  const names = new Map<string, string>()
  const text = server.fs.readFile('/etc/services', cred)
  if (isFsError(text)) return names
  for (const line of text.split('\n')) {
    const match = /^([^\s#]+)\s+(\d+)\/(tcp|udp)/.exec(line)
    if (match && !names.has(`${match[2]}/${match[3]}`)) names.set(`${match[2]}/${match[3]}`, match[1] as string)
  }
  return names
}

export const ss: Command = async (ctx) => {
  const flags = parse(ctx.argv)
  if (typeof flags === 'string') {
    ctx.stderr.write(flags)
    return 1
  }
  if (ctx.system.kind !== 'server') return 0
  const server = ctx.system as unknown as Server
  const cols = columns()
  // One socket table (tcp only) hides Netid; listening (LISTEN+UNCONN) or all states keep State.
  cols[0]!.disabled = !(flags.tcp && flags.udp)
  const serviceNames = flags.numeric ? undefined : services(server, ctx.cred)
  const port = (value: number, proto: string) => {
    if (!serviceNames) return String(value)
    // ss leaves the ephemeral range (32768–60999) numeric
    if (value >= 32768 && value <= 60999) return String(value)
    return serviceNames.get(`${value}/${proto}`) ?? String(value)
  }
  const rows: string[][] = []
  if (flags.header) rows.push(cols.map((col, index) => (index === cols.length - 1 ? '' : col.header)))
  if (flags.tcp) {
    const showListening = flags.listening || flags.all
    const showConnected = !flags.listening || flags.all
    if (showListening) {
      for (const socket of listeningSockets(server)) {
        if ((flags.v4 && socket.proto !== 'tcp') || (flags.v6 && socket.proto !== 'tcp6')) continue
        const v6 = socket.proto === 'tcp6'
        const address = v6 ? `[${socket.address}]` : socket.address
        const peer = v6 ? '[::]' : '0.0.0.0'
        let process = ''
        if (flags.processes) {
          // /proc/PID/fd is readable by its owner (and root) only
          const visible = socket.owners.filter((owner) => ctx.cred.uid === 0 || owner.uid === ctx.cred.uid).sort((a, b) => b.pid - a.pid)
          if (visible.length > 0) process = ` users:(${visible.map((owner) => `("${owner.comm}",pid=${owner.pid},fd=${owner.fd})`).join(',')})`
        }
        rows.push(['tcp', 'LISTEN', '0     '.padEnd(6), socket.owners.some((o) => o.comm === 'nginx') ? '511   ' : '128   ', `${address}:`, port(socket.port, 'tcp'), `${peer}:`, '*', process, ''])
      }
    }
    if (showConnected && !flags.v6) {
      for (const connection of server.state.connections) {
        rows.push(['tcp', 'ESTAB', '0     ', '0     ', `${serverAddress}:`, port(connection.port, 'tcp'), `${pcAddress}:`, String(50000 + connection.id * 137), '', ''])
      }
    }
  }
  const tty = ctx.stdout.isTty
  const width = tty ? (ctx.tty?.columns ?? 80) : undefined
  ctx.stdout.write(render(cols, rows, width))
  return 0
}

/** render_calc_width + render from ss.c: widths from contents, spare screen width spread over each line's columns. */
export function render(cols: Column[], rows: string[][], screenWidth: number | undefined): string {
  for (const row of rows)
    row.forEach((cell, index) => {
      const col = cols[index] as Column
      if (!col.disabled && cell.length > col.maxLen) col.maxLen = cell.length
    })
  const screen = screenWidth ?? Number.MAX_SAFE_INTEGER
  let first = true
  for (const col of cols) {
    if (col.disabled) continue
    col.width = !first && col.maxLen ? col.maxLen + col.ldelim.length : col.maxLen
    col.width = Math.min(col.width, screen)
    if (col.width) first = false
  }
  if (screenWidth !== undefined) {
    let len = 0
    let lineCols = 0
    let eol = -1
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c] as Column
      if (col.disabled || !col.width) continue
      lineCols++
      len += col.width
      const last = !cols.slice(c + 1).some((next) => !next.disabled && next.width)
      if (!last && len < screen) continue
      if (len !== screen) {
        if (len > screen) {
          len -= col.width
          c--
          lineCols--
        }
        const pad = screen - len
        const spacing = lineCols > 0 ? Math.floor(pad / lineCols) : 0
        let rem = lineCols > 0 ? pad % lineCols : 0
        for (let t = c; t > eol; t--) {
          const tmp = cols[t] as Column
          if (tmp.disabled || !tmp.width) continue
          tmp.width += spacing
          if (rem) {
            tmp.width++
            rem--
          }
        }
      }
      eol = c
      len = 0
      lineCols = 0
    }
  }
  let out = ''
  for (const row of rows) {
    let started = false
    row.forEach((cell, index) => {
      const col = cols[index] as Column
      if (col.disabled) return
      let printed = 0
      if (started) {
        out += col.ldelim
        printed = col.ldelim.length
      }
      started = true
      if (col.width && col.align === 'right') {
        const spaces = col.width - cell.length - printed
        if (spaces > 0) {
          out += ' '.repeat(spaces)
          printed += spaces
        }
      }
      out += cell
      printed += cell.length
      if (col.width && col.align === 'left') {
        const spaces = col.width - printed
        if (spaces > 0) out += ' '.repeat(spaces)
      }
    })
    out += '\n'
  }
  return out
}
