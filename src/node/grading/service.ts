/**
 * Storing a report and checking the learner's server from outside, for the API and `grade pull`.
 * The probe target is the instructor's registered host, else the address the valid token came
 * from; nothing a request carries can choose it.
 */
import { createEventHub, type EventHub, type StoreWatch } from './events.ts'
import type { OutsideResult } from './outside.ts'
import type { Prober } from './probe.ts'
import type { GradingStore, ReportRecord, ReportSource, StudentRecord } from './store/index.ts'

export interface GradingService {
  readonly store: GradingStore
  readonly events: EventHub
  /** Stores the report (durably), publishes it, and starts the outside probe without waiting for it. */
  submit(input: { student: StudentRecord; address: string; source: ReportSource; report: unknown; outside?: OutsideResult }): Promise<ReportRecord>
  /** Resolves when every probe started so far has been recorded (tests, shutdown). */
  idle(): Promise<void>
}

export interface ServiceOptions {
  store: GradingStore
  /** omit to store reports without probing them */
  prober?: Prober | undefined
  events?: EventHub
  watch?: StoreWatch
  /** where a probe that failed to record is reported; never given a token */
  onError?: (error: unknown) => void
}

export function probeTarget(student: StudentRecord, address: string): string {
  return student.host ?? address
}

export function createGradingService(options: ServiceOptions): GradingService {
  const { store, prober, watch } = options
  const events = options.events ?? createEventHub()
  const running = new Set<Promise<void>>()

  async function probeAndRecord(student: StudentRecord, reportId: number, target: string): Promise<void> {
    const outside = await prober!.probe(target)
    await store.setOutside(reportId, outside)
    events.publish({ type: 'outside', classId: student.classId, student: student.id, reportId, outside })
  }

  return {
    store,
    events,
    async submit({ student, address, source, report, outside }) {
      const record = await store.addReport({ student: student.id, address, source, report, outside })
      watch?.published(record.id)
      events.publish({ type: 'report', classId: student.classId, student: student.id, report: record })
      if (outside) {
        events.publish({ type: 'outside', classId: student.classId, student: student.id, reportId: record.id, outside })
      } else if (prober) {
        const task = probeAndRecord(student, record.id, probeTarget(student, address))
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => running.delete(task))
        running.add(task)
      }
      return record
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running])
    },
  }
}
