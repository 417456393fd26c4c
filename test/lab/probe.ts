/**
 * Looks at a machine from outside, from the host end of its veth: what a learner's laptop or an
 * instructor's port probe would see. Only ever connects to the address the lab gave the machine.
 */
import { connect } from 'node:net'

export type PortState =
  | { state: 'open'; banner: string }
  | { state: 'refused' }
  | { state: 'timeout' }
  | { state: 'error'; message: string }

/**
 * Connects and collects what the server says first (an SSH banner) or answers to `send`.
 * `timeout` means nothing answered at all: a firewall dropped the SYN.
 */
export function probePort(
  host: string,
  port: number,
  { timeoutMs = 3_000, send, readMs = 1_500 }: { timeoutMs?: number; send?: string; readMs?: number } = {},
): Promise<PortState> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    let data = ''
    let connected = false
    let settled = false
    const finish = (result: PortState): void => {
      if (settled) return
      settled = true
      clearTimeout(connectTimer)
      socket.destroy()
      resolve(result)
    }
    const connectTimer = setTimeout(() => finish({ state: 'timeout' }), timeoutMs)
    socket.setEncoding('utf8')
    socket.on('connect', () => {
      connected = true
      clearTimeout(connectTimer)
      if (send) socket.write(send)
      setTimeout(() => finish({ state: 'open', banner: data }), readMs)
    })
    socket.on('data', (chunk: string) => {
      data += chunk
      if (data.includes('\n') && !send) finish({ state: 'open', banner: data })
    })
    socket.on('end', () => connected && finish({ state: 'open', banner: data }))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') finish({ state: 'refused' })
      else if (connected) finish({ state: 'open', banner: data })
      else finish({ state: 'error', message: error.message })
    })
  })
}

/** The status line of a plain HTTP/1.0 request, or the port state when there is none. */
export async function probeHttp(host: string, port = 80): Promise<PortState> {
  return probePort(host, port, { send: `GET / HTTP/1.0\r\nHost: ${host}\r\n\r\n`, readMs: 1_000 })
}
