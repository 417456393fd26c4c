import type { TerminalKind } from '../../sandbox/practice-types.ts'

/**
 * `window.__practiceTerminals`: the text on each open terminal's screen, read from xterm's
 * buffer. The browser tests read it because xterm draws rows of spans (or a canvas) that do
 * not read back as the lines a learner sees. Read-only: nothing can be typed through it.
 */
declare global {
  interface Window {
    __practiceTerminals?: Partial<Record<TerminalKind, () => string>>
  }
}

export function registerScreen(kind: TerminalKind, read: () => string): () => void {
  const screens = (window.__practiceTerminals ??= {})
  screens[kind] = read
  return () => {
    if (screens[kind] === read) delete screens[kind]
  }
}
