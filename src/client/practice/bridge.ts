import { ref } from 'vue'
import type { TerminalKind } from '../../sandbox/practice-types.ts'

/**
 * What the lesson page and the lazily loaded terminal share. This file stays tiny and imports
 * neither xterm nor the practice machine, so the lesson page can hold it without pulling them
 * into its chunk: a ▶ 実行 click only records the request here, and the terminal, once loaded,
 * takes it.
 */

/** Narrow screens show the terminal as a drawer; keep in step with the media queries in practice.css. */
const narrowQuery = '(max-width: 899.98px)'

const media = typeof window !== 'undefined' ? window.matchMedia(narrowQuery) : undefined

/** True below 900 px, where the terminal is a drawer over the lesson instead of a pane beside it. */
export const narrowScreen = ref(media?.matches ?? false)
media?.addEventListener('change', (event) => (narrowScreen.value = event.matches))

/** The drawer's state on narrow screens (wide screens always show the pane). */
export const drawerOpen = ref(false)

/** Commands the learner types on their own PC, not on the server they are logged in to. */
const pcCommand = /^(ssh|curl|scp)\s/

export function terminalKindFor(command: string): Extract<TerminalKind, 'server' | 'pc'> {
  return pcCommand.test(command.trim()) ? 'pc' : 'server'
}

export interface RunRequest {
  commands: string[]
}

type RunHandler = (request: RunRequest) => void

let handler: RunHandler | undefined
let pending: RunRequest | undefined

/**
 * The ▶ 実行 button: show the terminal and type the commands there. Before the terminal has
 * loaded, the last request waits for it (an earlier unserved click is replaced, not stacked).
 */
export function requestRun(commands: string[]): void {
  if (commands.length === 0) return
  drawerOpen.value = true
  const request = { commands }
  if (handler) handler(request)
  else pending = request
}

/** The terminal registers itself when it is ready; returns the unregister function. */
export function onRunRequest(next: RunHandler): () => void {
  handler = next
  const waiting = pending
  pending = undefined
  if (waiting) next(waiting)
  return () => {
    if (handler === next) handler = undefined
  }
}
