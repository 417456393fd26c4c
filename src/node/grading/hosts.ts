/**
 * Which strings may name a learner's server. They reach `net.connect` and the ssh command line,
 * so nothing that could read as an option (a leading "-") or carry a user, port or path.
 */
import { isIP } from 'node:net'

const hostname = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/

export function isValidHost(value: string): boolean {
  return isIP(value) !== 0 || hostname.test(value)
}

/** The address a connection came from, without the IPv4-in-IPv6 wrapping (`::ffff:192.0.2.7`). */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  return mapped ? mapped[1]! : address
}
