import type { Builtin } from '../runtime.ts'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function quoteForDeclare(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`)
}

export const exportBuiltin: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1).filter((arg) => arg !== '-p' && arg !== '--')
  if (args.length === 0) {
    for (const [name, value] of shell.exportedVariables()) ctx.stdout.write(`declare -x ${name}="${quoteForDeclare(value)}"\n`)
    return 0
  }
  let status = 0
  for (const arg of args) {
    const equals = arg.indexOf('=')
    const name = equals === -1 ? arg : arg.slice(0, equals)
    if (!NAME.test(name)) {
      ctx.stderr.write(`bash: export: \`${arg}': not a valid identifier\n`)
      status = 1
      continue
    }
    if (equals === -1) shell.exportVariable(name)
    else shell.setVariable(name, arg.slice(equals + 1), true)
  }
  return status
}

export const unset: Builtin = (ctx, shell) => {
  let status = 0
  const functions = ctx.argv[1] === '-f'
  for (const name of ctx.argv.slice(1)) {
    if (name === '-v' || name === '-f') continue
    if (functions) {
      shell.unsetFunction(name)
      continue
    }
    // `unset NAME` removes a function of that name when no variable has it
    if (shell.variable(name) === undefined && shell.unsetFunction(name)) continue
    if (!NAME.test(name)) {
      ctx.stderr.write(`bash: unset: \`${name}': not a valid identifier\n`)
      status = 1
      continue
    }
    shell.unsetVariable(name)
  }
  return status
}
