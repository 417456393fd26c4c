/** Derived SSH facts the ssh and guard rules share. */
import { isUnknown, type Facts, type ListeningSocket } from '../facts.ts'

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

export const socketActivationFix = ['sudo systemctl daemon-reload', 'sudo systemctl restart ssh.socket']
export const socketActivationHint = {
  ja: 'この環境ではソケット起動 (ssh.socket) が使われており、`systemctl reload ssh` ではポートが変わりません。`sudo systemctl daemon-reload` のあと `sudo systemctl restart ssh.socket` を実行してください。今のセッションは閉じないでください。',
  en: 'This system uses socket activation (ssh.socket): `systemctl reload ssh` does not move the port. Run `sudo systemctl daemon-reload`, then `sudo systemctl restart ssh.socket`. Keep this session open.',
}

export function describeListening(facts: Facts): string {
  if (isUnknown(facts.listening)) return `listening: unknown (${facts.listening.unknown})`
  const entries = facts.listening.map((socket) => `${socket.port}/${socket.proto}`)
  return `listening: ${[...new Set(entries)].sort().join(' ') || '-'}`
}
