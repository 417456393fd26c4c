/** alias and unalias, printed as bash prints them (`alias ls='ls --color=auto'`). */
import type { Builtin } from '../runtime.ts'

const quote = (value: string) => `'${value.replace(/'/g, "'\\''")}'`

export const alias: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1).filter((arg) => arg !== '-p' && arg !== '--')
  if (args.length === 0) {
    const names = [...shell.aliases.keys()].sort()
    ctx.stdout.write(names.map((name) => `alias ${name}=${quote(shell.aliases.get(name) as string)}\n`).join(''))
    return 0
  }
  let status = 0
  for (const arg of args) {
    const equals = arg.indexOf('=')
    if (equals === -1) {
      const value = shell.aliases.get(arg)
      if (value === undefined) {
        ctx.stderr.write(`bash: alias: ${arg}: not found\n`)
        status = 1
      } else ctx.stdout.write(`alias ${arg}=${quote(value)}\n`)
      continue
    }
    const name = arg.slice(0, equals)
    if (name === '' || /[\s/$`=|&;<>()'"\\]/.test(name)) {
      ctx.stderr.write(`bash: alias: \`${name}': invalid alias name\n`)
      status = 1
      continue
    }
    shell.aliases.set(name, arg.slice(equals + 1))
  }
  return status
}

export const unalias: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1)
  if (args[0] === '-a') {
    shell.aliases.clear()
    return 0
  }
  if (args.length === 0) {
    ctx.stderr.write('unalias: usage: unalias [-a] name [name ...]\n')
    return 2
  }
  let status = 0
  for (const name of args) {
    if (!shell.aliases.delete(name)) {
      ctx.stderr.write(`bash: unalias: ${name}: not found\n`)
      status = 1
    }
  }
  return status
}
