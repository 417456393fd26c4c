/**
 * History expansion of an interactive line, as bash does it before parsing: `!!` (the previous
 * line), `!$` (its last word), `!^`, `!*`, `!N`, `!-N` and `!prefix`. Single quotes and a
 * backslash protect a `!`; so does a following blank, `=`, `(` or the end of the line.
 */
import { tokenize } from './lexer.ts'

export type HistoryExpansion = { line: string; changed: boolean } | { error: string }

function wordsOf(line: string): string[] {
  try {
    return tokenize(line).map((token) => (token.kind === 'op' ? token.op : token.raw)).filter((word) => word !== '\n')
  } catch {
    return line.split(/\s+/).filter(Boolean)
  }
}

export function expandHistory(line: string, history: readonly string[]): HistoryExpansion {
  if (!line.includes('!')) return { line, changed: false }
  let out = ''
  let changed = false
  let inSingle = false
  let inDouble = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (inSingle) {
      if (c === "'") inSingle = false
      out += c
      continue
    }
    if (c === '\\' && i + 1 < line.length) {
      out += c + line[i + 1]
      i++
      continue
    }
    if (c === "'" && !inDouble) inSingle = true
    if (c === '"') inDouble = !inDouble
    if (c !== '!') {
      out += c
      continue
    }
    const next = line[i + 1]
    if (next === undefined || /[\s=(]/.test(next) || (inDouble && next === '"')) {
      out += c
      continue
    }
    const previous = history[history.length - 1]
    let event: string | undefined
    let designator: '$' | '^' | '*' | undefined
    let consumed = 1
    const spec = /^(!|\$|\^|\*|-?\d+|[^\s!:$^*"'`;&|<>()]+)(:?[$^*])?/.exec(line.slice(i + 1))
    if (!spec) {
      out += c
      continue
    }
    const what = spec[1] as string
    consumed += spec[0].length
    if (what === '!') event = previous
    else if (what === '$' || what === '^' || what === '*') {
      event = previous
      designator = what
      consumed = 2
    } else if (/^-?\d+$/.test(what)) {
      const n = Number(what)
      event = n < 0 ? history[history.length + n] : history[n - 1]
    } else event = [...history].reverse().find((entry) => entry.startsWith(what))
    if (spec[2] && what !== '$' && what !== '^' && what !== '*') designator = spec[2].replace(':', '') as '$' | '^' | '*'
    if (event === undefined) return { error: `${line.slice(i, i + consumed)}: event not found` }
    if (designator) {
      const words = wordsOf(event)
      if (designator === '$') event = words[words.length - 1] ?? ''
      else if (designator === '^') event = words[1] ?? ''
      else event = words.slice(1).join(' ')
    }
    out += event
    changed = true
    i += consumed - 1
  }
  return { line: out, changed }
}
