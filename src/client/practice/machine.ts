import type { Practice } from '../../sandbox/practice-types.ts'

/**
 * The one practice machine of this visit. Only the lazy terminal chunk imports this file, so the
 * simulated server never loads before a terminal is shown. Lessons come and go; the machine
 * stays, and every change is saved so a reload finds the server as the learner left it.
 */

export const practiceStorageKey = 'secure-web-server-course:practice:v1'

let started: Promise<Practice> | undefined
let restoreNotice = false
let unsubscribe: (() => void) | undefined

function readSaved(): string | undefined {
  try {
    return localStorage.getItem(practiceStorageKey) ?? undefined
  } catch {
    return undefined
  }
}

function removeSaved(): void {
  try {
    localStorage.removeItem(practiceStorageKey)
  } catch {
    // Blocked storage: nothing was saved either.
  }
}

function keep(practice: Practice): void {
  unsubscribe?.()
  // Saved after every command of any terminal, so a reload or a crash loses at most the last one.
  unsubscribe = practice.onChange(() => {
    try {
      localStorage.setItem(practiceStorageKey, practice.save())
    } catch {
      // Storage full or blocked: the machine lives for this visit only.
    }
  })
}

async function start(fresh: boolean): Promise<Practice> {
  // Its own chunk: the machine loads with the first terminal, not with the lesson.
  await import('./zodWithoutEval.ts')
  const { createPractice } = await import('../../sandbox/practice.ts')
  const saved = fresh ? undefined : readSaved()
  let practice: Practice
  if (saved === undefined) {
    practice = createPractice({ now: Date.now() })
  } else {
    try {
      practice = createPractice({ now: Date.now(), saved })
    } catch {
      // An older version's save or a damaged one: start over rather than leave the learner stuck.
      removeSaved()
      practice = createPractice({ now: Date.now() })
      restoreNotice = true
    }
  }
  keep(practice)
  return practice
}

/** The visit's machine, created on first use (restored from the last save when there is one). */
export function usePractice(): Promise<Practice> {
  started ??= start(false)
  // A failed start (chunk not loaded, machine missing) may be retried by the next caller.
  started.catch(() => (started = undefined))
  return started
}

/** 「最初からやり直す」: forget the saved machine and start a new one. */
export async function resetPractice(): Promise<Practice> {
  const previous = await started?.catch(() => undefined)
  unsubscribe?.()
  unsubscribe = undefined
  previous?.dispose()
  removeSaved()
  started = start(true)
  return started
}

/** True once per visit after a saved machine could not be restored, so the page says so once. */
export function takeRestoreNotice(): boolean {
  const notice = restoreNotice
  restoreNotice = false
  return notice
}
