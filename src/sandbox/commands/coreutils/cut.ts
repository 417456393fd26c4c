import type { Command } from '../types.ts'
import { fsMessage, has, last, parseArgs, readOperand, splitLines, usageError } from './_util.ts'

/** `1,3-5,7-` as a membership test over 1-based positions. */
function parseList(text: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = []
  for (const piece of text.split(',')) {
    const match = /^(\d*)(-?)(\d*)$/.exec(piece)
    if (!match || piece === '' || piece === '-') return undefined
    const [, start = '', dash, end = ''] = match
    const from = start === '' ? 1 : Number(start)
    const to = dash ? (end === '' ? Number.POSITIVE_INFINITY : Number(end)) : from
    if (from === 0) return undefined
    ranges.push([from, to])
  }
  return (n) => ranges.some(([from, to]) => n >= from && n <= to)
}

export const cut: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'cut', { short: 'd:f:c:b:s', long: { 'delimiter=': 'd', 'fields=': 'f', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's' } })
  if (typeof parsed === 'number') return parsed
  const listText = last(parsed, 'f') ?? last(parsed, 'c') ?? last(parsed, 'b')
  if (listText === undefined) return usageError(ctx, 'cut', 'you must specify a list of bytes, characters, or fields')
  const selected = parseList(listText)
  if (!selected) return usageError(ctx, 'cut', listText.includes('0') ? 'fields and positions are numbered from 1' : `invalid field range`)
  const delimiter = last(parsed, 'd') ?? '\t'
  if (delimiter.length !== 1) return usageError(ctx, 'cut', 'the delimiter must be a single character')
  const byField = has(parsed, 'f')
  let status = 0
  let out = ''
  for (const operand of parsed.operands.length ? parsed.operands : ['-']) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`cut: ${operand}: ${fsMessage(text.error)}\n`)
      status = 1
      continue
    }
    for (const line of splitLines(text)) {
      if (byField) {
        if (!line.includes(delimiter)) {
          if (!has(parsed, 's')) out += `${line}\n`
          continue
        }
        out += `${line.split(delimiter).filter((_, i) => selected(i + 1)).join(delimiter)}\n`
      } else out += `${[...line].filter((_, i) => selected(i + 1)).join('')}\n`
    }
  }
  ctx.stdout.write(out)
  return status
}
