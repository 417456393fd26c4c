/**
 * Listening TCP sockets from /proc/net/tcp{,6}: no root needed, no `ss` needed. As root, each
 * socket is also linked to the programs holding it (/proc/PID/fd → socket:[inode]), so a port held
 * by something other than sshd is not mistaken for SSH.
 */
import type { Facts, ListeningSocket, UnknownFact } from '../facts.ts'
import { parseProcNetTcpWithInodes } from '../parsers/proc-net-tcp.ts'
import type { Host } from './host.ts'
import { fileProblem, unknown } from './_unknown.ts'

type Found = ListeningSocket & { inode: string }

export async function probeListening(host: Host): Promise<Facts['listening']> {
  const v4 = readTable(host, '/proc/net/tcp', 'tcp')
  if (!Array.isArray(v4)) return v4 === 'absent' ? unknown('/proc/net/tcp: not found') : v4
  const v6 = readTable(host, '/proc/net/tcp6', 'tcp6')
  // A kernel without IPv6 has no tcp6 file; that is not a gap in what we saw.
  if (v6 !== 'absent' && !Array.isArray(v6)) return v6
  const found = [...v4, ...(v6 === 'absent' ? [] : v6)]
  const owners = host.root ? socketOwners(host, new Set(found.map((socket) => socket.inode).filter(Boolean))) : undefined
  return found.map(({ inode, ...socket }) => {
    const programs = owners?.get(inode)
    return programs ? { ...socket, programs: [...programs].sort() } : socket
  })
}

function readTable(host: Host, path: string, proto: 'tcp' | 'tcp6'): Found[] | UnknownFact | 'absent' {
  const file = host.readFile(path)
  if ('error' in file) return file.error === 'missing' ? 'absent' : fileProblem(path, file.message)
  // The kernel's header line; anything else means we are not reading what we think we are.
  if (!file.text.trimStart().startsWith('sl')) return unknown(`${path}: unexpected format`)
  return parseProcNetTcpWithInodes(file.text, proto)
}

/** inode → names of the processes with a descriptor on it. Processes may vanish meanwhile; that is fine. */
function socketOwners(host: Host, inodes: Set<string>): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>()
  if (inodes.size === 0) return owners
  for (const pid of host.listDir('/proc') ?? []) {
    if (!/^\d+$/.test(pid)) continue
    const descriptors = host.listDir(`/proc/${pid}/fd`)
    if (!descriptors) continue
    let comm: string | undefined
    for (const fd of descriptors) {
      const inode = /^socket:\[(\d+)\]$/.exec(host.readLink(`/proc/${pid}/fd/${fd}`) ?? '')?.[1]
      if (!inode || !inodes.has(inode)) continue
      comm ??= readComm(host, pid)
      if (!comm) continue
      const names = owners.get(inode) ?? new Set<string>()
      names.add(comm)
      owners.set(inode, names)
    }
  }
  return owners
}

function readComm(host: Host, pid: string): string | undefined {
  const file = host.readFile(`/proc/${pid}/comm`)
  return 'text' in file ? file.text.trim() || undefined : undefined
}
