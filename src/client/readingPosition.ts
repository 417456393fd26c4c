/**
 * Keeps the reading position in the history entry (history.state.scroll, where vue-router looks
 * for it after a reload or on Back), written as the learner scrolls. vue-router writes it itself
 * only when the page turns hidden, which a reload in a visible tab never does; lessons are
 * 6,500–14,500 px tall, so losing the place costs real time. The router's scrollBehavior restores
 * it once the lesson is on screen (src/client/pageContent.ts).
 */
export function rememberReadingPosition(delayMs = 200): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = () => {
    clearTimeout(timer)
    timer = undefined
    // Only entries the router made carry a state; others are the browser's (a bare #fragment).
    if (!history.state) return
    history.replaceState({ ...history.state, scroll: { left: window.scrollX, top: window.scrollY } }, '')
  }
  window.addEventListener('scroll', () => {
    clearTimeout(timer)
    timer = setTimeout(save, delayMs)
  }, { passive: true })
  // A reload right after scrolling: Chromium ignores history changes from pagehide, not from
  // beforeunload (a passive listener that never asks to stay keeps the back/forward cache).
  window.addEventListener('beforeunload', save)
  window.addEventListener('pagehide', save)
}
