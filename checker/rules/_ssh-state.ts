/** Derived SSH facts the ssh and guard rules share. */
import { isUnknown, type Facts, type ListeningSocket } from '../facts.ts'
import type { Text } from './types.ts'

/** sshd itself, or systemd holding ssh.socket for it (socket activation) */
export const sshPrograms: ReadonlySet<string> = new Set(['sshd', 'systemd'])

/** false only when root saw who holds the socket and it is not sshd */
export function mayBeSshd(socket: ListeningSocket): boolean {
  return socket.programs === undefined || socket.programs.some((name) => sshPrograms.has(name))
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms: nobody outside can connect there. */
export function isLoopback(address: string): boolean {
  const lower = address.toLowerCase()
  return lower.startsWith('127.') || lower === '::1' || lower.startsWith('::ffff:127.') || /^::ffff:7f[0-9a-f]{2}:/.test(lower)
}

/** Bound to every address (0.0.0.0, ::) or to one that is not loopback. */
export function reachable(socket: ListeningSocket): boolean {
  return !isLoopback(socket.address)
}

export function listeningPorts(sockets: readonly ListeningSocket[]): Set<number> {
  return new Set(sockets.map((socket) => socket.port))
}

/** Ubuntu 22.10+: systemd holds the port in ssh.socket; reload does not move it. */
export function usesSocketActivation(facts: Facts): boolean {
  const socket = facts.units['ssh.socket']
  const socketActive = socket !== undefined && !isUnknown(socket) && socket.active === 'active'
  const socketPorts = facts.sshd.socketPorts
  return socketActive && !isUnknown(socketPorts) && socketPorts.length > 0
}

/**
 * How to move a socket-activated sshd to the configured port. With Ubuntu 24.04's generator,
 * daemon-reload rewrites ssh.socket from sshd_config; without it (Debian 12, Ubuntu 22.10–23.10)
 * ssh.socket keeps its own ListenStream, so the way out is back to ssh.service, which reads
 * sshd_config itself.
 */
export function socketActivationAdvice(facts: Facts): { hint: Text; fix: string[] } {
  if (facts.sshd.socketFollowsConfig === false) {
    return {
      hint: {
        ja: 'この環境ではソケット起動 (ssh.socket) が使われていますが、ssh.socket のポートは sshd_config から作られません(Ubuntu 24.04 なら `sudo systemctl daemon-reload` と `sudo systemctl restart ssh.socket` で反映されますが、この環境では効きません)。ソケット起動をやめて、sshd_config を読む ssh.service に戻してください。今のセッションは閉じないでください。',
        en: 'This system uses socket activation (ssh.socket), but the socket does not take its port from sshd_config (on Ubuntu 24.04 `sudo systemctl daemon-reload` and `sudo systemctl restart ssh.socket` would apply it; here they do not). Go back to ssh.service, which reads sshd_config. Keep this session open.',
      },
      fix: ['sudo sshd -t', 'sudo systemctl disable --now ssh.socket', 'sudo systemctl stop ssh.service', 'sudo systemctl enable --now ssh.service'],
    }
  }
  return {
    hint: {
      ja: 'この環境ではソケット起動 (ssh.socket) が使われており、`systemctl reload ssh` ではポートが変わりません。`sudo systemctl daemon-reload` のあと `sudo systemctl restart ssh.socket` を実行してください。今のセッションは閉じないでください。',
      en: 'This system uses socket activation (ssh.socket): `systemctl reload ssh` does not move the port. Run `sudo systemctl daemon-reload`, then `sudo systemctl restart ssh.socket`. Keep this session open.',
    },
    fix: ['sudo sshd -t', 'sudo systemctl daemon-reload', 'sudo systemctl restart ssh.socket'],
  }
}

export function describeListening(facts: Facts): string {
  if (isUnknown(facts.listening)) return `listening: unknown (${facts.listening.unknown})`
  const entries = facts.listening.map((socket) => `${socket.port}/${socket.proto}${isLoopback(socket.address) ? '@loopback' : ''}${socket.programs ? `[${socket.programs.join(',')}]` : ''}`)
  return `listening: ${[...new Set(entries)].sort().join(' ') || '-'}`
}
