/** Listening TCP sockets from /proc/net/tcp{,6}: no root needed, no `ss` needed. */
import type { Facts } from '../facts.ts'
import { parseProcNetTcp } from '../parsers/proc-net-tcp.ts'
import type { Host } from './host.ts'
import { unknown } from './_unknown.ts'

export async function probeListening(host: Host): Promise<Facts['listening']> {
  const v4 = host.readFile('/proc/net/tcp')
  if ('error' in v4) return unknown(v4.message)
  const sockets = parseProcNetTcp(v4.text, 'tcp')
  const v6 = host.readFile('/proc/net/tcp6')
  // A kernel without IPv6 has no tcp6 file; that is not a gap in what we saw.
  if ('error' in v6) {
    if (v6.error !== 'missing') return unknown(v6.message)
  } else {
    sockets.push(...parseProcNetTcp(v6.text, 'tcp6'))
  }
  if (!v4.text.trimStart().startsWith('sl')) return unknown('/proc/net/tcp: unexpected format')
  return sockets
}
