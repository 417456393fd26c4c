import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs } from './_util.ts'

export const tee: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'tee', { short: 'ai', long: { append: 'a' } })
  if (typeof parsed === 'number') return parsed
  const text = ctx.stdin.read()
  let status = 0
  for (const operand of parsed.operands) {
    const result = ctx.system.fs.writeFile(resolvePath(ctx.cwd, operand), text, ctx.cred, { append: has(parsed, 'a') })
    if (isFsError(result)) {
      ctx.stderr.write(`tee: ${operand}: ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  ctx.stdout.write(text)
  return status
}
