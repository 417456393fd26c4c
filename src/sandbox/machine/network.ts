/**
 * The wire between the learner's PC and the server (203.0.113.10). A new connection meets the
 * firewall first (a dropped SYN times out, a rejected one is refused), then the listening
 * sockets (nothing there: refused). An established connection is remembered as conntrack does, so
 * changing the firewall afterwards does not cut a session that is already open.
 */
import { filterIncoming } from './firewall.ts'
import { listeningSockets } from './sockets.ts'
import type { Server } from './server.ts'

export { pcAddress, serverPublicAddress as serverAddress } from './pc.ts'
import { pcAddress, serverPublicAddress as serverAddress } from './pc.ts'

export type ConnectOutcome = 'open' | 'refused' | 'timeout'

/** Whether a new TCP connection from the PC to `port` gets through and finds a listener. */
export function connect(server: Server, port: number, proto: 'tcp' | 'udp' = 'tcp'): ConnectOutcome {
  const verdict = filterIncoming(server, port, proto, false, pcAddress)
  if (verdict === 'drop') return 'timeout'
  if (verdict === 'reject') return 'refused'
  return listening(server, port) ? 'open' : 'refused'
}

/** Something listens on an address the PC can reach (not loopback). */
export function listening(server: Server, port: number): boolean {
  return listeningSockets(server).some(
    (socket) => socket.port === port && !socket.address.startsWith('127.') && socket.address !== '::1' && (socket.address === '0.0.0.0' || socket.address === '::' || socket.address === serverAddress),
  )
}

/** Records an established SSH session (conntrack keeps it across firewall changes). */
export function openConnection(server: Server, port: number, terminal: string): number {
  const id = server.state.connections.reduce((max, connection) => Math.max(max, connection.id), 0) + 1
  server.state.connections.push({ id, port, terminal })
  return id
}

export function closeConnection(server: Server, id: number): void {
  server.state.connections = server.state.connections.filter((connection) => connection.id !== id)
}

export function connectionsOf(server: Server, terminal: string): number[] {
  return server.state.connections.filter((connection) => connection.terminal === terminal).map((connection) => connection.id)
}
