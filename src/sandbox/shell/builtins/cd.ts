import { hasPermission } from '../../fs/_permissions.ts'
import { strerror } from '../../fs/errors.ts'
import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Builtin } from '../runtime.ts'

/** cd as bash does by default: logical paths (`..` trims the typed path), `cd -` prints where it went. */
export const cd: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1)
  if (args[0] === '--') args.shift()
  if (args.length > 1) {
    ctx.stderr.write('bash: cd: too many arguments\n')
    return 1
  }
  let target = args[0]
  let announce = false
  if (target === undefined || target === '') {
    target = shell.variable('HOME')
    if (target === undefined) {
      ctx.stderr.write('bash: cd: HOME not set\n')
      return 1
    }
  } else if (target === '-') {
    target = shell.variable('OLDPWD')
    if (target === undefined || target === '') {
      ctx.stderr.write('bash: cd: OLDPWD not set\n')
      return 1
    }
    announce = true
  }
  const path = resolvePath(shell.cwd, target)
  const stat = shell.system.fs.stat(path, shell.cred)
  const problem = isFsError(stat) ? strerror(stat.error) : stat.kind !== 'dir' ? strerror('ENOTDIR') : !hasPermission(stat, shell.cred, 'x') ? strerror('EACCES') : undefined
  if (problem) {
    ctx.stderr.write(`bash: cd: ${target}: ${problem}\n`)
    return 1
  }
  shell.setVariable('OLDPWD', shell.cwd)
  shell.cwd = path
  shell.setVariable('PWD', path)
  if (announce) ctx.stdout.write(`${path}\n`)
  return 0
}

export const pwd: Builtin = (ctx, shell) => {
  ctx.stdout.write(`${shell.cwd}\n`)
  return 0
}
