import type { UnknownFact } from '../facts.ts'
import type { RunResult } from './host.ts'

export const needsRootReason = 'needs root'

export function unknown(reason: string): UnknownFact {
  return { unknown: reason }
}

export function rootRequired(what: string): UnknownFact {
  return { unknown: `${what}: ${needsRootReason}`, needsRoot: true }
}

/** The reason a command gave no usable answer, for a fact that becomes unknown. */
export function commandProblem(command: string, result: RunResult): UnknownFact {
  if (!result.ok) return unknown(result.message)
  const firstLine = (result.stderr || result.stdout).trim().split('\n')[0] ?? ''
  return unknown(`${command} exited with ${result.code}${firstLine ? `: ${firstLine}` : ''}`)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
