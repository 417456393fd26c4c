/** The practice machine's surface: the page, `npm run practice` and the tests use these. */
import { createPractice } from './practice.ts'
import type { LoginShell } from './shell/types.ts'

export { createPractice, PracticeMachine, practiceUser } from './practice.ts'
export type { Practice, PracticeTerminal, PracticeVerdict, TerminalIo, TerminalKind } from './practice-types.ts'
export { createWorld, saveWorld, serverAddress, type World, type WorldOptions } from './world.ts'
export { createMachineHost } from './host.ts'

/**
 * One terminal as `npm run practice` gets it: the learner's PC, logged in to a fresh practice
 * server over SSH; `exit` returns to the PC, a second `exit` ends.
 */
export function createPracticeShell(options: { now?: number } = {}): LoginShell {
  const practice = createPractice({ now: options.now ?? Date.now() })
  return practice.openShell('server', { relogin: false }).stack
}
