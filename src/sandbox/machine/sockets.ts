/**
 * The kernel's view of listening sockets, generated from state.processes: /proc/net/tcp and
 * /proc/net/tcp6 in the exact kernel format (the checker parses them, and `ss` reads the same
 * table), and per process /proc/PID/comm and /proc/PID/fd/N → socket:[inode]. Process directories
 * are ordinary entries rewritten by `syncProc` whenever processes change: like the kernel, their
 * fd directories are readable only by the owner (root sees everything, a user sees nothing of
 * sshd or nginx — which is why `ss -p` shows no process column without sudo).
 */
import { isFsError, rootCred } from '../fs/types.ts'
import type { Server } from './server.ts'
import type { ProcessInfo } from './state.ts'

export interface ListeningSocket {
  proto: 'tcp' | 'tcp6'
  address: string
  port: number
  inode: number
  /** processes holding it, with their descriptor */
  owners: Array<{ pid: number; comm: string; fd: number; uid: number }>
}

/** Who a process runs as: nginx's workers drop to www-data, the rest is root. */
export function processUid(server: Server, process: ProcessInfo): number {
  if (process.comm === 'nginx' && process.pid !== server.state.units['nginx.service']?.mainPid) return 33
  return 0
}

/** Every listening socket once, in the order the kernel's listening hash walks them (by port here), v4 first. */
export function listeningSockets(server: Server): ListeningSocket[] {
  const byInode = new Map<number, ListeningSocket>()
  for (const process of server.state.processes) {
    for (const socket of process.sockets) {
      let entry = byInode.get(socket.inode)
      if (!entry) {
        entry = { proto: socket.proto, address: socket.address, port: socket.port, inode: socket.inode, owners: [] }
        byInode.set(socket.inode, entry)
      }
      entry.owners.push({ pid: process.pid, comm: process.comm, fd: socket.fd, uid: processUid(server, process) })
    }
  }
  return [...byInode.values()].sort((a, b) => (a.proto === b.proto ? a.port - b.port || a.inode - b.inode : a.proto === 'tcp' ? -1 : 1))
}

const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0')

/** One 32-bit word as the kernel prints it: host byte order (little-endian). */
function wordHex(bytes: number[]): string {
  return [...bytes].reverse().map((byte) => hex(byte, 2)).join('')
}

function ipv4Bytes(address: string): number[] {
  const parts = address.split('.').map(Number)
  return parts.length === 4 && parts.every((part) => part >= 0 && part <= 255) ? parts : [0, 0, 0, 0]
}

function ipv6Bytes(address: string): number[] {
  const [head = '', tail] = address.split('::')
  const headGroups = head ? head.split(':') : []
  const tailGroups = tail ? tail.split(':') : []
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups]
  const bytes: number[] = []
  for (const group of groups) {
    const value = Number.parseInt(group || '0', 16)
    bytes.push((value >> 8) & 0xff, value & 0xff)
  }
  return bytes
}

/** %pK of the socket: a stable fake kernel pointer. */
function kernelPointer(inode: number): string {
  return `00000000${((Math.imul(inode, 2654435761) >>> 0) | 0x10000000).toString(16).padStart(8, '0')}`.slice(-16)
}

const tcpWidth = 149
const tcpHeader = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'
const tcp6Header = '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode'

export function procNetTcp(server: Server): string {
  const lines = [tcpHeader.padEnd(tcpWidth)]
  listeningSockets(server)
    .filter((socket) => socket.proto === 'tcp')
    .forEach((socket, index) => {
      const local = `${wordHex(ipv4Bytes(socket.address))}:${hex(socket.port, 4)}`
      const line = `${String(index).padStart(4)}: ${local} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${socket.inode} 1 ${kernelPointer(socket.inode)} 100 0 0 10 0`
      lines.push(line.padEnd(tcpWidth))
    })
  return `${lines.join('\n')}\n`
}

export function procNetTcp6(server: Server): string {
  const lines = [tcp6Header]
  listeningSockets(server)
    .filter((socket) => socket.proto === 'tcp6')
    .forEach((socket, index) => {
      const bytes = ipv6Bytes(socket.address)
      const words = [0, 4, 8, 12].map((start) => wordHex(bytes.slice(start, start + 4))).join('')
      lines.push(
        `${String(index).padStart(4)}: ${words}:${hex(socket.port, 4)} 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${socket.inode} 1 ${kernelPointer(socket.inode)} 100 0 0 10 0`,
      )
    })
  return `${lines.join('\n')}\n`
}

/** Registers the computed files; call once when the server is created. */
export function installProcFiles(server: Server): void {
  server.fs.mkdir('/proc/net', rootCred, { parents: true, mode: 0o555 })
  server.fs.defineVirtual('/proc/net/tcp', () => procNetTcp(server))
  server.fs.defineVirtual('/proc/net/tcp6', () => procNetTcp6(server))
  syncProc(server)
}

/** Rewrites /proc/PID for the current processes (after every start, stop, reload, boot). */
export function syncProc(server: Server): void {
  const fs = server.fs
  if (!fs.exists('/proc')) fs.mkdir('/proc', rootCred, { mode: 0o555 })
  const wanted = new Map(server.state.processes.map((process) => [String(process.pid), process]))
  const present = fs.readdir('/proc', rootCred)
  if (!isFsError(present)) {
    for (const name of present) if (/^\d+$/.test(name)) fs.remove(`/proc/${name}`, rootCred, { recursive: true })
  }
  for (const [pid, process] of wanted) {
    const uid = processUid(server, process)
    const dir = `/proc/${pid}`
    fs.mkdir(dir, rootCred, { mode: 0o555 })
    fs.writeFile(`${dir}/comm`, `${process.comm}\n`, rootCred, { mode: 0o644 })
    fs.mkdir(`${dir}/fd`, rootCred, { mode: 0o500 })
    for (const socket of [...process.sockets].sort((a, b) => a.fd - b.fd)) fs.symlink(`socket:[${socket.inode}]`, `${dir}/fd/${socket.fd}`, rootCred)
    if (uid !== 0) {
      for (const path of [dir, `${dir}/comm`, `${dir}/fd`]) fs.chown(path, uid, uid, rootCred)
    }
  }
}
