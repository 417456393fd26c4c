import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, readOperand, splitLines } from './_util.ts'

/** A leading number as `sort -n` reads it (no number sorts as 0). */
const numericValue = (line: string) => Number.parseFloat(/^\s*-?\d*\.?\d*/.exec(line)?.[0] ?? '') || 0
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

interface SortKey {
  startField: number
  endField: number | undefined
  numeric: boolean
  reverse: boolean
  fold: boolean
}

/** Fields from `startField` to `endField` (1-based); without -t a field keeps the blanks before it. */
function keyText(line: string, key: SortKey, separator: string | undefined): string {
  let fields: string[]
  if (separator !== undefined) fields = line.split(separator)
  else fields = line.match(/[ \t]*[^ \t]+|[ \t]+$/g) ?? []
  const joiner = separator ?? ''
  return fields.slice(key.startField - 1, key.endField ?? fields.length).join(joiner)
}

export const sort: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'sort', { short: 'nrufk:t:sb', long: { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'key=': 'k', 'field-separator=': 't', stable: 's', 'ignore-case': 'f' } })
  if (typeof parsed === 'number') return parsed
  const separator = parsed.options.get('t')?.at(-1)
  if (separator !== undefined && separator.length !== 1) {
    ctx.stderr.write(separator === '' ? 'sort: empty tab\n' : `sort: multi-character tab ‘${separator}’\n`)
    return 2
  }
  const keys: SortKey[] = []
  for (const spec of parsed.options.get('k') ?? []) {
    const match = /^(\d+)(?:\.\d+)?([bnrf]*)(?:,(\d+)(?:\.\d+)?([bnrf]*))?$/.exec(spec)
    if (!match || match[1] === '0') {
      ctx.stderr.write(`sort: ${match ? 'field number is zero: invalid field specification' : 'invalid number at field start: invalid count at start of'} ‘${spec}’\n`)
      return 2
    }
    const flags = `${match[2] ?? ''}${match[4] ?? ''}`
    keys.push({ startField: Number(match[1]), endField: match[3] ? Number(match[3]) : undefined, numeric: flags.includes('n'), reverse: flags.includes('r'), fold: flags.includes('f') })
  }
  const lines: string[] = []
  for (const operand of parsed.operands.length ? parsed.operands : ['-']) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`sort: cannot read: ${operand}: ${fsMessage(text.error)}\n`)
      return 2
    }
    lines.push(...splitLines(text))
  }
  const fold = has(parsed, 'f')
  const key = (line: string) => (fold ? line.toUpperCase() : line)
  const lastResort = has(parsed, 's') ? () => 0 : byteOrder
  const compareWhole = has(parsed, 'n')
    ? (a: string, b: string) => numericValue(a) - numericValue(b) || lastResort(a, b)
    : (a: string, b: string) => byteOrder(key(a), key(b)) || lastResort(a, b)
  const reverseAll = has(parsed, 'r')
  const compareKeys = (a: string, b: string) => {
    for (const k of keys) {
      const numeric = k.numeric || (has(parsed, 'n') && !k.fold)
      const ka = keyText(a, k, separator)
      const kb = keyText(b, k, separator)
      let result = numeric ? numericValue(ka) - numericValue(kb) : k.fold || fold ? byteOrder(ka.toUpperCase(), kb.toUpperCase()) : byteOrder(ka, kb)
      if (k.reverse) result = -result
      if (result !== 0) return reverseAll && !k.reverse ? -result : result
    }
    const rest = lastResort(a, b)
    return reverseAll ? -rest : rest
  }
  if (keys.length > 0) lines.sort(compareKeys)
  else {
    lines.sort(compareWhole)
    if (reverseAll) lines.reverse()
  }
  const kept = has(parsed, 'u')
    ? lines.filter((line, i) => {
        const previous = lines[i - 1]
        if (previous === undefined) return true
        return has(parsed, 'n') ? numericValue(previous) !== numericValue(line) : key(previous) !== key(line)
      })
    : lines
  ctx.stdout.write(kept.map((line) => `${line}\n`).join(''))
  return 0
}

export const uniq: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'uniq', { short: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } })
  if (typeof parsed === 'number') return parsed
  const operand = parsed.operands[0] ?? '-'
  const text = readOperand(ctx, operand)
  if (typeof text !== 'string') {
    ctx.stderr.write(`uniq: ${operand}: ${fsMessage(text.error)}\n`)
    return 1
  }
  const same = (a: string, b: string) => (has(parsed, 'i') ? a.toLowerCase() === b.toLowerCase() : a === b)
  const groups: { line: string; count: number }[] = []
  for (const line of splitLines(text)) {
    const lastGroup = groups[groups.length - 1]
    if (lastGroup && same(lastGroup.line, line)) lastGroup.count++
    else groups.push({ line, count: 1 })
  }
  let out = ''
  for (const group of groups) {
    if (has(parsed, 'd') && group.count < 2) continue
    if (has(parsed, 'u') && group.count > 1) continue
    out += has(parsed, 'c') ? `${String(group.count).padStart(7)} ${group.line}\n` : `${group.line}\n`
  }
  ctx.stdout.write(out)
  return 0
}
