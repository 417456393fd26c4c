import { reactive } from 'vue'

/**
 * Progress per step, kept in localStorage across visits. Step ids are unique in the whole
 * course, so the store is flat.
 *
 * A step is `done` when the learner ticks it and `verified` when the practice terminal (next
 * issue) has seen its checks pass; verified wins over done.
 */
export type StepState = 'not-started' | 'done' | 'verified'

interface StepRecord {
  done?: boolean
  verified?: boolean
}

const storageKey = 'secure-web-server-course:progress:v1'

function read(): Record<string, StepRecord> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}')
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, StepRecord>) : {}
  } catch {
    // Unreadable or blocked storage (private mode, corrupted value): start empty, never crash.
    return {}
  }
}

const records = reactive<Record<string, StepRecord>>(read())

function write(): void {
  try {
    localStorage.setItem(storageKey, JSON.stringify(records))
  } catch {
    // Storage full or blocked: progress lives only for this visit.
  }
}

function update(stepId: string, change: StepRecord): void {
  const next = { ...records[stepId], ...change }
  if (!next.done && !next.verified) delete records[stepId]
  else records[stepId] = next
  write()
}

// Another tab of the site changed the progress: show the same.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== storageKey) return
    for (const key of Object.keys(records)) delete records[key]
    Object.assign(records, read())
  })
}

export function stepState(stepId: string): StepState {
  const record = records[stepId]
  if (record?.verified) return 'verified'
  if (record?.done) return 'done'
  return 'not-started'
}

export function setStepDone(stepId: string, done: boolean): void {
  update(stepId, { done })
}

/** For the practice terminal: mark a step as verified (or no longer verified). */
export function setStepVerified(stepId: string, verified: boolean): void {
  update(stepId, { verified })
}

/** How many of these steps are done or verified. */
export function completedCount(stepIds: readonly string[]): number {
  return stepIds.filter((id) => stepState(id) !== 'not-started').length
}
