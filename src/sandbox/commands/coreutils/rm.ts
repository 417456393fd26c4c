import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, usageError } from './_util.ts'

export const rm: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'rm', { short: 'rRfiv', long: { recursive: 'r', force: 'f', verbose: 'v' } })
  if (typeof parsed === 'number') return parsed
  const force = has(parsed, 'f')
  const recursive = has(parsed, 'r') || has(parsed, 'R')
  if (parsed.operands.length === 0) return force ? 0 : usageError(ctx, 'rm', 'missing operand')
  let status = 0
  const fs = ctx.system.fs
  for (const operand of parsed.operands) {
    const path = resolvePath(ctx.cwd, operand)
    if (recursive && path === '/') {
      ctx.stderr.write("rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n")
      status = 1
      continue
    }
    const stat = fs.lstat(path, ctx.cred)
    if (isFsError(stat)) {
      if (!(force && stat.error === 'ENOENT')) {
        ctx.stderr.write(`rm: cannot remove '${operand}': ${fsMessage(stat.error)}\n`)
        status = 1
      }
      continue
    }
    if (stat.kind === 'dir' && !recursive) {
      ctx.stderr.write(`rm: cannot remove '${operand}': Is a directory\n`)
      status = 1
      continue
    }
    const result = fs.remove(path, ctx.cred, { recursive })
    if (isFsError(result)) {
      const shown = result.path === path ? operand : result.path
      ctx.stderr.write(`rm: cannot remove '${shown}': ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  return status
}

export const rmdir: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'rmdir', { short: 'pv', long: { parents: 'p', 'ignore-fail-on-non-empty': 'ignore' } })
  if (typeof parsed === 'number') return parsed
  if (parsed.operands.length === 0) return usageError(ctx, 'rmdir', 'missing operand')
  let status = 0
  for (const operand of parsed.operands) {
    const path = resolvePath(ctx.cwd, operand)
    const stat = ctx.system.fs.lstat(path, ctx.cred)
    const result = isFsError(stat) ? stat : stat.kind !== 'dir' ? { error: 'ENOTDIR' as const, path } : ctx.system.fs.remove(path, ctx.cred, { dir: true })
    if (isFsError(result)) {
      if (result.error === 'ENOTEMPTY' && has(parsed, 'ignore')) continue
      ctx.stderr.write(`rmdir: failed to remove '${operand}': ${fsMessage(result.error)}\n`)
      status = 1
    }
  }
  return status
}
