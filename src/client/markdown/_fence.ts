import type { Token } from 'markdown-it'

/** The words of a fence's info string: "sh solve" → ["sh", "solve"]. */
export function fenceWords(token: Token): string[] {
  return token.info.trim().split(/\s+/).filter(Boolean)
}
