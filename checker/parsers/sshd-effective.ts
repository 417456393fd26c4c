/**
 * `sshd -G` / `sshd -T` output → the ports sshd will listen on. Keywords are matched
 * case-insensitively because OpenSSH 10.4+ prints them in mixed case.
 */
import { parsePortNumber, uniqueSorted } from './_ports.ts'
import { portFromListenAddress } from './sshd-listen-address.ts'

export interface EffectiveSshdPorts {
  ports: number[]
}

/** Returns undefined when the text does not look like an sshd configuration dump at all. */
export function parseSshdEffective(text: string): EffectiveSshdPorts | undefined {
  const portLines: number[] = []
  const listenPorts: number[] = []
  let sawListenAddress = false
  for (const line of text.split('\n')) {
    const [keyword, value] = line.trim().split(/\s+/, 2)
    if (!keyword || value === undefined) continue
    const key = keyword.toLowerCase()
    if (key === 'port') {
      const port = parsePortNumber(value)
      if (port !== undefined) portLines.push(port)
    } else if (key === 'listenaddress') {
      sawListenAddress = true
      const port = portFromListenAddress(value)
      if (port !== undefined) listenPorts.push(port)
    }
  }
  if (portLines.length === 0 && !sawListenAddress) return undefined
  // Every listenaddress line of the dump carries its port; they are what sshd binds.
  const ports = listenPorts.length > 0 ? listenPorts : portLines
  return { ports: uniqueSorted(ports) }
}
