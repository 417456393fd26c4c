import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { destinations } from './cp.ts'
import { fsMessage, parseArgs } from './_util.ts'

export const mv: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'mv', { short: 'fivnT', long: { force: 'f' } })
  if (typeof parsed === 'number') return parsed
  const plan = destinations(ctx, 'mv', parsed.operands)
  if (typeof plan === 'number') return plan
  let status = 0
  for (const { from, to } of plan) {
    const fromPath = resolvePath(ctx.cwd, from)
    const stat = ctx.system.fs.lstat(fromPath, ctx.cred)
    if (isFsError(stat)) {
      ctx.stderr.write(`mv: cannot stat '${from}': ${fsMessage(stat.error)}\n`)
      status = 1
      continue
    }
    const result = ctx.system.fs.rename(fromPath, resolvePath(ctx.cwd, to), ctx.cred)
    if (isFsError(result)) {
      if (result.error === 'EINVAL') ctx.stderr.write(`mv: cannot move '${from}' to a subdirectory of itself, '${to}'\n`)
      else ctx.stderr.write(`mv: cannot move '${from}' to '${to}': ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  return status
}
