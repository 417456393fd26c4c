import type { Builtin } from '../runtime.ts'

/** exit and logout of a login shell: bash prints `logout` on the terminal before it leaves. */
export const exit: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1)
  if (ctx.tty) ctx.stderr.write('logout\n')
  if (args.length === 0) return shell.exit(shell.lastStatus)
  const arg = args[0] as string
  if (!/^[-+]?\d+$/.test(arg.trim())) {
    ctx.stderr.write(`bash: ${ctx.argv[0]}: ${arg}: numeric argument required\n`)
    return shell.exit(2)
  }
  if (args.length > 1) {
    ctx.stderr.write(`bash: ${ctx.argv[0]}: too many arguments\n`)
    return 1
  }
  return shell.exit(((Number(arg) % 256) + 256) % 256)
}
