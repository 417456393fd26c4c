/** `ListenAddress` values: `host`, `host:port`, `[v6]:port`, bare `v6` — only the port matters here. */
import { parsePortNumber } from './_ports.ts'

export function portFromListenAddress(value: string): number | undefined {
  const bracketed = /^\[[^\]]*\]:(\S+)$/.exec(value)
  if (bracketed) return parsePortNumber(bracketed[1] ?? '')
  const colons = value.split(':').length - 1
  // A single colon separates host and port; more colons mean a bare IPv6 address.
  if (colons !== 1) return undefined
  return parsePortNumber(value.slice(value.indexOf(':') + 1))
}

export function listenAddressHasPort(value: string): boolean {
  return /^\[[^\]]*\]:/.test(value) || value.split(':').length - 1 === 1
}
