import type { Builtin } from '../runtime.ts'

/** `history [N]` numbered as bash prints it (`%5d  %s`); `history -c` clears. */
export const history: Builtin = (ctx, shell) => {
  const arg = ctx.argv[1]
  if (arg === '-c') {
    shell.history.length = 0
    return 0
  }
  let first = 0
  if (arg !== undefined) {
    if (!/^\d+$/.test(arg)) {
      ctx.stderr.write(`bash: history: ${arg}: numeric argument required\n`)
      return 1
    }
    first = Math.max(0, shell.history.length - Number(arg))
  }
  let out = ''
  for (let i = first; i < shell.history.length; i++) out += `${String(i + 1).padStart(5)}  ${shell.history[i]}\n`
  ctx.stdout.write(out)
  return 0
}
