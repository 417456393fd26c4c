/**
 * Live updates from GET /api/events. EventSource cannot send a header, so each connection takes a
 * one-time ticket (POST /api/events/ticket with the token). A ticket cannot be reused, so the
 * browser's own reconnect would fail: on an error this closes the stream and reconnects with a
 * fresh ticket after a pause that grows to 30 s.
 */
import { fetchTicket } from './api.ts'

export interface LiveEvent {
  type: 'report' | 'outside'
  classId: number
  student: number
}

export interface LiveConnection {
  close(): void
}

export function connectLive(
  token: string,
  options: { classId?: number; onEvent: (event: LiveEvent) => void; onState?: (state: 'connecting' | 'open' | 'retrying') => void },
): LiveConnection {
  let source: EventSource | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let closed = false
  let delay = 1000

  async function open(): Promise<void> {
    options.onState?.('connecting')
    try {
      const ticket = await fetchTicket(token)
      if (closed) return
      const query = new URLSearchParams({ ticket })
      if (options.classId !== undefined) query.set('class', String(options.classId))
      source = new EventSource(`/api/events?${query}`)
      source.onopen = () => {
        delay = 1000
        options.onState?.('open')
      }
      source.onerror = () => retry()
      for (const type of ['report', 'outside'] as const) {
        source.addEventListener(type, (message) => {
          try {
            const data = JSON.parse((message as MessageEvent<string>).data) as { classId: number; student: number }
            options.onEvent({ type, classId: data.classId, student: data.student })
          } catch {
            // A malformed event is dropped; the next one or a reload brings the truth.
          }
        })
      }
    } catch {
      retry()
    }
  }

  function retry(): void {
    source?.close()
    source = undefined
    if (closed) return
    options.onState?.('retrying')
    clearTimeout(timer)
    timer = setTimeout(() => void open(), delay)
    delay = Math.min(delay * 2, 30_000)
  }

  void open()
  return {
    close() {
      closed = true
      clearTimeout(timer)
      source?.close()
    },
  }
}
