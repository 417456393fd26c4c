import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, readOperand } from './_util.ts'

function byteLength(text: string): number {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

export const wc: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'wc', { short: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' } })
  if (typeof parsed === 'number') return parsed
  let which = ['l', 'w', 'm', 'c'].filter((key) => has(parsed, key))
  if (which.length === 0) which = ['l', 'w', 'c']
  const operands = parsed.operands.length ? parsed.operands : ['-']
  const rows: { counts: number[]; name: string }[] = []
  const totals = which.map(() => 0)
  let status = 0
  let fromStdin = false
  let totalBytes = 0
  for (const operand of operands) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`wc: ${operand}: ${fsMessage(text.error)}\n`)
      status = 1
      continue
    }
    if (operand === '-') fromStdin = true
    const all: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      m: [...text].length,
      c: byteLength(text),
    }
    totalBytes += all.c ?? 0
    const counts = which.map((key) => all[key] ?? 0)
    counts.forEach((count, i) => (totals[i] = (totals[i] ?? 0) + count))
    rows.push({ counts, name: operand === '-' && parsed.operands.length === 0 ? '' : operand })
  }
  if (rows.length > 1) rows.push({ counts: totals, name: 'total' })
  // GNU: one count of one file is printed bare; otherwise columns are as wide as the digits of
  // the files' total size (7 when reading standard input)
  const single = which.length === 1 && rows.length === 1
  const width = single ? 1 : fromStdin ? 7 : Math.max(1, String(totalBytes).length, ...rows.flatMap((row) => row.counts.map((n) => String(n).length)))
  let out = ''
  for (const row of rows) out += `${row.counts.map((n) => String(n).padStart(width)).join(' ')}${row.name ? ` ${row.name}` : ''}\n`
  ctx.stdout.write(out)
  return status
}
