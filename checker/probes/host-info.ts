/** Host name and the distribution's PRETTY_NAME for the report header. */
import type { Facts } from '../facts.ts'
import { parseShellVars } from '../parsers/shell-vars.ts'
import type { Host } from './host.ts'

export async function probeHostInfo(host: Host): Promise<Facts['host']> {
  const release = host.readFile('/etc/os-release')
  const os = 'text' in release ? (parseShellVars(release.text).PRETTY_NAME ?? 'unknown') : 'unknown'
  return { hostname: host.hostname(), os }
}
