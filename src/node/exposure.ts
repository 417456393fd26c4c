/**
 * Whether the server is reachable from other machines, and what to tell the person starting it.
 * Pure: start.ts prints the text.
 */
import { isIP } from 'node:net'

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (bare === 'localhost' || bare === '::1') return true
  if (bare.startsWith('::ffff:')) return isLoopbackHost(bare.slice(7))
  return isIP(bare) === 4 && bare.startsWith('127.')
}

/**
 * The warning for a server that listens beyond loopback with no TLS proxy declared in front:
 * tokens would cross the network in clear. undefined when there is nothing to warn about.
 */
export function exposureWarning(host: string, behindTlsProxy: boolean): string | undefined {
  if (isLoopbackHost(host) || behindTlsProxy) return undefined
  return [
    `警告: ${host} で待ち受けています。ほかのマシンから接続できますが、TLS (HTTPS) がないためトークンや提出内容が暗号化されずにネットワークを流れます。`,
    '      TLS を終端するリバースプロキシ (nginx など) を前に置き、--trust-proxy でその IP アドレスを指定してください。',
    `warning: listening on ${host}, reachable from other machines without TLS (HTTPS): tokens and reports cross the network in clear.`,
    '         Put a TLS-terminating reverse proxy (nginx, …) in front and name its address with --trust-proxy.',
  ].join('\n')
}
