import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, readOperand, splitLines } from './_util.ts'

/** A leading number as `sort -n` reads it (no number sorts as 0). */
const numericValue = (line: string) => Number.parseFloat(/^\s*-?\d*\.?\d*/.exec(line)?.[0] ?? '') || 0
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export const sort: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'sort', { short: 'nruf', long: { 'numeric-sort': 'n', reverse: 'r', unique: 'u' } })
  if (typeof parsed === 'number') return parsed
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
  const compare = has(parsed, 'n')
    ? (a: string, b: string) => numericValue(a) - numericValue(b) || byteOrder(a, b)
    : (a: string, b: string) => byteOrder(key(a), key(b)) || byteOrder(a, b)
  lines.sort(compare)
  if (has(parsed, 'r')) lines.reverse()
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
