import { basename, resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, usageError } from './_util.ts'

/** Only symbolic links exist in the practice machine; `ln` without -s makes one too. */
export const ln: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'ln', { short: 'sfnvT', long: { symbolic: 's', force: 'f' } })
  if (typeof parsed === 'number') return parsed
  const [target, linkName] = parsed.operands
  if (target === undefined) return usageError(ctx, 'ln', 'missing file operand')
  const fs = ctx.system.fs
  let name = linkName ?? basename(target)
  const nameStat = fs.stat(resolvePath(ctx.cwd, name), ctx.cred)
  if (!isFsError(nameStat) && nameStat.kind === 'dir' && !has(parsed, 'n')) name = `${name.replace(/\/$/, '')}/${basename(target)}`
  const path = resolvePath(ctx.cwd, name)
  if (has(parsed, 'f')) fs.remove(path, ctx.cred)
  const result = fs.symlink(target, path, ctx.cred)
  if (isFsError(result)) {
    ctx.stderr.write(`ln: failed to create symbolic link '${name}': ${fsMessage(result.error)}\n`)
    return 1
  }
  return 0
}
