/**
 * /proc/net/tcp and /proc/net/tcp6 → listening sockets. Readable without root, and the only
 * place a dual-stack `[::]` listener shows up (tcp6 alone).
 */
import type { ListeningSocket } from '../facts.ts'

const listenState = '0A'

export function parseProcNetTcp(text: string, proto: 'tcp' | 'tcp6'): ListeningSocket[] {
  return parseProcNetTcpWithInodes(text, proto).map(({ inode: _inode, ...socket }) => socket)
}

/** The same, with each socket's inode, which links it to the processes holding it. */
export function parseProcNetTcpWithInodes(text: string, proto: 'tcp' | 'tcp6'): (ListeningSocket & { inode: string })[] {
  const sockets: (ListeningSocket & { inode: string })[] = []
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    const local = fields[1]
    const state = fields[3]
    if (!local || state?.toUpperCase() !== listenState) continue
    const [addressHex, portHex] = local.split(':')
    if (!addressHex || !portHex || !/^[0-9A-Fa-f]{4}$/.test(portHex)) continue
    const port = Number.parseInt(portHex, 16)
    const address = proto === 'tcp' ? ipv4FromHex(addressHex) : ipv6FromHex(addressHex)
    if (address === undefined || port < 1) continue
    const inode = fields[9] ?? ''
    sockets.push({ proto, address, port, inode: /^\d+$/.test(inode) ? inode : '' })
  }
  return sockets
}

/** The kernel prints each 32-bit word in host byte order (little-endian on the machines we target). */
function wordBytes(hex: string): number[] {
  const bytes: number[] = []
  for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(i, i + 2), 16))
  return bytes
}

function ipv4FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined
  return wordBytes(hex).join('.')
}

function ipv6FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return undefined
  const bytes: number[] = []
  for (let word = 0; word < 4; word++) bytes.push(...wordBytes(hex.slice(word * 8, word * 8 + 8)))
  const groups: string[] = []
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16))
  return compressIpv6(groups)
}

function compressIpv6(groups: string[]): string {
  let bestStart = -1
  let bestLength = 0
  for (let start = 0; start < groups.length; ) {
    if (groups[start] !== '0') {
      start++
      continue
    }
    let end = start
    while (end < groups.length && groups[end] === '0') end++
    if (end - start > bestLength && end - start > 1) {
      bestStart = start
      bestLength = end - start
    }
    start = end
  }
  if (bestStart < 0) return groups.join(':')
  const head = groups.slice(0, bestStart).join(':')
  const tail = groups.slice(bestStart + bestLength).join(':')
  return `${head}::${tail}`
}
