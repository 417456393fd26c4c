import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, has, parseArgs, usageError } from './_util.ts'

/** `755`, `u+x`, `go-w`, `a=r,u+w`: the new mode from the old, or undefined when invalid. */
export function parseSymbolicMode(text: string, current: number): number | undefined {
  if (/^[0-7]{1,4}$/.test(text)) return Number.parseInt(text, 8)
  let mode = current
  for (const clause of text.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwxXst]*)$/.exec(clause)
    if (!match) return undefined
    const [, who = '', op, perms = ''] = match
    const targets = who === '' || who.includes('a') ? 'ugo' : who
    let bits = 0
    for (const target of targets) {
      const shift = target === 'u' ? 6 : target === 'g' ? 3 : 0
      if (perms.includes('r')) bits |= 4 << shift
      if (perms.includes('w')) bits |= 2 << shift
      if (perms.includes('x') || (perms.includes('X') && (current & 0o111) !== 0)) bits |= 1 << shift
      if (perms.includes('s') && target === 'u') bits |= 0o4000
      if (perms.includes('s') && target === 'g') bits |= 0o2000
      if (perms.includes('t')) bits |= 0o1000
    }
    if (op === '+') mode |= bits
    else if (op === '-') mode &= ~bits
    else {
      let clear = 0
      for (const target of targets) clear |= 7 << (target === 'u' ? 6 : target === 'g' ? 3 : 0)
      mode = (mode & ~clear) | bits
    }
  }
  return mode
}

export const chmod: Command = (ctx) => {
  // `chmod -w file` / `chmod -x file`: a mode, not an option
  const modeFirst = ctx.argv.slice(1).find((arg) => /^-[rwxXst]+$/.test(arg))
  const argv = modeFirst ? ctx.argv.filter((arg) => arg !== modeFirst) : ctx.argv
  const parsed = parseArgs({ ...ctx, argv }, 'chmod', { short: 'Rvfc', long: { recursive: 'R' } })
  if (typeof parsed === 'number') return parsed
  const operands = modeFirst ? [modeFirst, ...parsed.operands] : parsed.operands
  const modeText = operands[0]
  if (modeText === undefined) return usageError(ctx, 'chmod', 'missing operand')
  if (operands.length === 1) return usageError(ctx, 'chmod', `missing operand after ‘${modeText}’`)
  if (parseSymbolicMode(modeText, 0) === undefined) return usageError(ctx, 'chmod', `invalid mode: ‘${modeText}’`)
  let status = 0
  const fs = ctx.system.fs
  const apply = (path: string, shown: string) => {
    const stat = fs.stat(path, ctx.cred)
    if (isFsError(stat)) {
      ctx.stderr.write(`chmod: cannot access '${shown}': ${fsMessage(stat.error)}\n`)
      status = 1
      return
    }
    const result = fs.chmod(path, parseSymbolicMode(modeText, stat.mode) as number, ctx.cred)
    if (isFsError(result)) {
      ctx.stderr.write(`chmod: changing permissions of '${shown}': ${fsMessage(result.error)}\n`)
      status = 1
    }
    if (has(parsed, 'R') && stat.kind === 'dir') {
      const names = fs.readdir(path, ctx.cred)
      if (!isFsError(names)) for (const name of names) apply(`${path}/${name}`, `${shown}/${name}`)
    }
  }
  for (const operand of operands.slice(1)) apply(resolvePath(ctx.cwd, operand), operand)
  return status
}
