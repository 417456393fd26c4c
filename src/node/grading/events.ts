/**
 * Live updates for the dashboard: what was stored, as it happens. The hub is in memory; a watch on
 * the store also picks up reports another process wrote (`grade pull` beside a running server).
 */
import type { OutsideResult } from './outside.ts'
import type { GradingStore, ReportRecord } from './store/index.ts'

export type GradingEvent =
  | { type: 'report'; classId: number; student: number; report: ReportRecord }
  | { type: 'outside'; classId: number; student: number; reportId: number; outside: OutsideResult }

export type Listener = (event: GradingEvent) => void

export interface EventHub {
  publish(event: GradingEvent): void
  /** returns the unsubscribe function */
  subscribe(listener: Listener): () => void
  readonly listeners: number
}

export function createEventHub(): EventHub {
  const listeners = new Set<Listener>()
  return {
    publish(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch {
          // One broken stream must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    get listeners() {
      return listeners.size
    },
  }
}

export interface StoreWatch {
  /** Marks a report this process already published, so the watch does not repeat it. */
  published(reportId: number): void
  stop(): void
}

/** Polls the store for reports written elsewhere and publishes them. */
export function watchStore(store: GradingStore, hub: EventHub, intervalMs = 1000): StoreWatch {
  const publishedHere = new Set<number>()
  let cursor: number | undefined
  let stopped = false
  let timer: NodeJS.Timeout | undefined

  async function tick(): Promise<void> {
    if (cursor === undefined) cursor = await store.lastReportId()
    const fresh = await store.reportsAfter(cursor)
    for (const report of fresh) {
      cursor = Math.max(cursor, report.id)
      if (publishedHere.delete(report.id)) continue
      const student = await store.findStudent(report.student)
      if (!student) continue
      hub.publish({ type: 'report', classId: student.classId, student: student.id, report })
      if (report.outside) hub.publish({ type: 'outside', classId: student.classId, student: student.id, reportId: report.id, outside: report.outside })
    }
    for (const id of publishedHere) if (id <= cursor) publishedHere.delete(id)
  }

  function schedule(): void {
    if (stopped) return
    timer = setTimeout(() => {
      tick().then(schedule, schedule)
    }, intervalMs)
    timer.unref()
  }

  // The starting point is the newest report now, so old reports are not replayed.
  store.lastReportId().then((id) => {
    cursor ??= id
    schedule()
  }, schedule)

  return {
    published(reportId) {
      if (cursor === undefined || reportId > cursor) publishedHere.add(reportId)
    },
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
