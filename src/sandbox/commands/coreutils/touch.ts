import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, usageError } from './_util.ts'

export const touch: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'touch', { short: 'acmd:t:', long: { 'no-create': 'c', 'date=': 'd' } })
  if (typeof parsed === 'number') return parsed
  if (parsed.operands.length === 0) return usageError(ctx, 'touch', 'missing file operand')
  let status = 0
  const fs = ctx.system.fs
  for (const operand of parsed.operands) {
    const path = resolvePath(ctx.cwd, operand)
    const stat = fs.stat(path, ctx.cred)
    let result = isFsError(stat) && stat.error === 'ENOENT' ? (has(parsed, 'c') ? undefined : fs.writeFile(path, '', ctx.cred)) : isFsError(stat) ? stat : fs.utime(path, ctx.system.now(), ctx.cred)
    if (isFsError(result) && result.error === 'EACCES' && !isFsError(stat)) result = { error: 'EACCES', path }
    if (isFsError(result)) {
      ctx.stderr.write(`touch: cannot touch '${operand}': ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  return status
}
