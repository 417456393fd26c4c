import type { Command } from '../types.ts'
import { fsMessage, parseArgs, readOperand } from './_util.ts'

export const cat: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'cat', { short: 'nAEsTuv', long: { number: 'n' } })
  if (typeof parsed === 'number') return parsed
  const operands = parsed.operands.length ? parsed.operands : ['-']
  let status = 0
  let lineNumber = 0
  for (const operand of operands) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`cat: ${operand}: ${fsMessage(text.error)}\n`)
      status = 1
      continue
    }
    if (parsed.options.has('n')) {
      ctx.stdout.write(text.replace(/^.*(\n|$)/gm, (line) => (line === '' ? '' : `${String(++lineNumber).padStart(6)}\t${line}`)))
    } else ctx.stdout.write(text)
  }
  return status
}
