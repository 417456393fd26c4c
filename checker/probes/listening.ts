/** Listening TCP sockets from /proc/net/tcp{,6}: no root needed, no `ss` needed. */
import type { Facts, ListeningSocket, UnknownFact } from '../facts.ts'
import { parseProcNetTcp } from '../parsers/proc-net-tcp.ts'
import type { Host } from './host.ts'
import { unknown } from './_unknown.ts'

export async function probeListening(host: Host): Promise<Facts['listening']> {
  const v4 = readTable(host, '/proc/net/tcp', 'tcp')
  if (!Array.isArray(v4)) return v4 === 'absent' ? unknown('/proc/net/tcp: not found') : v4
  const v6 = readTable(host, '/proc/net/tcp6', 'tcp6')
  // A kernel without IPv6 has no tcp6 file; that is not a gap in what we saw.
  if (v6 === 'absent') return v4
  if (!Array.isArray(v6)) return v6
  return [...v4, ...v6]
}

function readTable(host: Host, path: string, proto: 'tcp' | 'tcp6'): ListeningSocket[] | UnknownFact | 'absent' {
  const file = host.readFile(path)
  if ('error' in file) return file.error === 'missing' ? 'absent' : unknown(file.message)
  // The kernel's header line; anything else means we are not reading what we think we are.
  if (!file.text.trimStart().startsWith('sl')) return unknown(`${path}: unexpected format`)
  return parseProcNetTcp(file.text, proto)
}
