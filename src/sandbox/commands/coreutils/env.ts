import { commandPath } from '../../shell/builtins/type.ts'
import type { Command } from '../types.ts'

/** env: print the environment, or run a command with `NAME=value` added. */
export const env: Command = (ctx) => {
  const args = [...ctx.argv.slice(1)]
  const environment: Record<string, string> = { ...ctx.env }
  let clear = false
  while (args[0] === '-i' || args[0] === '-') {
    clear = true
    args.shift()
  }
  const assigned: Record<string, string> = clear ? {} : environment
  while (args[0] !== undefined && /^[^=]+=/.test(args[0])) {
    const arg = args.shift() as string
    const at = arg.indexOf('=')
    assigned[arg.slice(0, at)] = arg.slice(at + 1)
  }
  if (args.length === 0) {
    ctx.stdout.write(Object.entries(assigned).map(([name, value]) => `${name}=${value}\n`).join(''))
    return 0
  }
  const name = args[0] as string
  if (!ctx.system.command(name, assigned.PATH ?? ctx.env.PATH)) {
    ctx.stderr.write(`env: ‘${name}’: No such file or directory\n`)
    return 127
  }
  return ctx.exec(args, { env: assigned })
}

export const which: Command = (ctx) => {
  const names = ctx.argv.slice(1).filter((arg) => !arg.startsWith('-'))
  let status = names.length === 0 ? 1 : 0
  for (const name of names) {
    const found = commandPath(name, ctx.system, ctx.env.PATH ?? '')
    if (found) ctx.stdout.write(`${found}\n`)
    else status = 1
  }
  return status
}

export const clear: Command = (ctx) => {
  ctx.stdout.write('\x1b[H\x1b[2J\x1b[3J')
  return 0
}
