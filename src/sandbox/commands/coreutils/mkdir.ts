import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { parseSymbolicMode } from './chmod.ts'
import { fsMessage, has, last, parseArgs, usageError } from './_util.ts'

export const mkdir: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'mkdir', { short: 'pm:v', long: { parents: 'p', 'mode=': 'm', verbose: 'v' } })
  if (typeof parsed === 'number') return parsed
  if (parsed.operands.length === 0) return usageError(ctx, 'mkdir', 'missing operand')
  const modeText = last(parsed, 'm')
  const mode = modeText === undefined ? 0o755 : parseSymbolicMode(modeText, 0o777)
  if (mode === undefined) {
    ctx.stderr.write(`mkdir: invalid mode ‘${modeText}’\n`)
    return 1
  }
  let status = 0
  const fs = ctx.system.fs
  for (const operand of parsed.operands) {
    const path = resolvePath(ctx.cwd, operand)
    if (has(parsed, 'p')) {
      // report the first component that could not be made, as GNU does
      const parts = path.split('/').filter(Boolean)
      let current = ''
      let failed = false
      for (const part of parts) {
        current += `/${part}`
        const stat = fs.stat(current, ctx.cred)
        if (!isFsError(stat)) continue
        const result = fs.mkdir(current, ctx.cred, { mode: current === path ? mode : 0o755 })
        if (isFsError(result)) {
          const shown = operand.startsWith('/') ? current : operand
          ctx.stderr.write(`mkdir: cannot create directory ‘${current === path ? operand : shown}’: ${fsMessage(result.error)}\n`)
          failed = true
          break
        }
      }
      if (failed) status = 1
      continue
    }
    const result = fs.mkdir(path, ctx.cred, { mode })
    if (isFsError(result)) {
      ctx.stderr.write(`mkdir: cannot create directory ‘${operand}’: ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  return status
}
