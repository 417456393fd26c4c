import type { Command, CommandContext } from '../types.ts'
import { fsMessage, last, parseArgs, readOperand } from './_util.ts'

/** head and tail share everything but which end of the lines they keep. */
function headOrTail(ctx: CommandContext, name: 'head' | 'tail'): number {
  // `-5` is the obsolete form of `-n 5`
  const argv = ctx.argv.map((arg, i) => (i > 0 && /^-\d+$/.test(arg) ? `-n${arg.slice(1)}` : arg))
  const parsed = parseArgs({ ...ctx, argv }, name, { short: 'n:c:qvf', long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', follow: 'f' } })
  if (typeof parsed === 'number') return parsed
  const countText = last(parsed, 'n') ?? '10'
  const fromStart = name === 'tail' && countText.startsWith('+')
  const allBut = name === 'head' && countText.startsWith('-')
  const digits = countText.replace(/^[-+]/, '')
  if (!/^\d+$/.test(digits)) {
    ctx.stderr.write(`${name}: invalid number of lines: ‘${countText}’\n`)
    return 1
  }
  const count = Number(digits)
  const operands = parsed.operands.length ? parsed.operands : ['-']
  let status = 0
  let out = ''
  operands.forEach((operand, index) => {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`${name}: cannot open '${operand}' for reading: ${fsMessage(text.error)}\n`)
      status = 1
      return
    }
    if (operands.length > 1 && !parsed.options.has('q')) out += `${index > 0 ? '\n' : ''}==> ${operand === '-' ? 'standard input' : operand} <==\n`
    const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? []
    let kept: string[]
    if (name === 'head') kept = allBut ? lines.slice(0, Math.max(0, lines.length - count)) : lines.slice(0, count)
    else kept = fromStart ? lines.slice(Math.max(0, count - 1)) : count === 0 ? [] : lines.slice(-count)
    out += kept.join('')
  })
  ctx.stdout.write(out)
  return status
}

export const head: Command = (ctx) => headOrTail(ctx, 'head')
export const tail: Command = (ctx) => headOrTail(ctx, 'tail')
