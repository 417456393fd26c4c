/**
 * Lesson bodies are lazy chunks, so right after a navigation the page is too short to scroll
 * to a saved position or a step. The lesson page says when its content is on screen; the
 * router's scrollBehavior waits for that before it scrolls.
 */
let waiting: { path: string; done: () => void } | undefined
let shownPath: string | undefined

/** Called by a page once what it loads lazily is rendered (or has failed to load). */
export function contentShown(path: string): void {
  shownPath = path
  if (waiting?.path === path) {
    waiting.done()
    waiting = undefined
  }
}

/** Called by a page when it starts to load its content again (another lesson in the same page). */
export function contentLoading(path: string): void {
  if (shownPath === path) shownPath = undefined
}

/**
 * Resolves once the page at `path` has shown its content, or after `timeoutMs` (a slow
 * network must not leave the learner unscrolled forever).
 */
export function whenContentShown(path: string, timeoutMs = 5000): Promise<void> {
  if (shownPath === path) return Promise.resolve()
  waiting?.done()
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (waiting?.path === path) waiting = undefined
      resolve()
    }, timeoutMs)
    waiting = {
      path,
      done: () => {
        clearTimeout(timer)
        resolve()
      },
    }
  })
}
