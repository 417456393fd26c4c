/** Builtins that steer the shell: return, break, continue, shift, local, set, read, eval. */
import type { CommandContext } from '../../commands/types.ts'
import { isLineInput } from '../streams.ts'
import { LoopSignal, ReturnSignal } from '../runtime.ts'
import type { Builtin, ShellFlags, ShellRuntime } from '../runtime.ts'

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export const returnBuiltin: Builtin = (ctx, shell) => {
  const arg = ctx.argv[1]
  if (shell.returnDepth === 0) {
    ctx.stderr.write("bash: return: can only `return' from a function or sourced script\n")
    return 1
  }
  if (arg !== undefined && !/^[-+]?\d+$/.test(arg)) {
    ctx.stderr.write(`bash: return: ${arg}: numeric argument required\n`)
    throw new ReturnSignal(2)
  }
  throw new ReturnSignal(arg === undefined ? shell.lastStatus : ((Number(arg) % 256) + 256) % 256)
}

function loopControl(kind: 'break' | 'continue'): Builtin {
  return (ctx, shell) => {
    const arg = ctx.argv[1]
    let levels = 1
    if (arg !== undefined) {
      if (!/^\d+$/.test(arg)) {
        ctx.stderr.write(`bash: ${kind}: ${arg}: numeric argument required\n`)
        return 1
      }
      levels = Number(arg)
      if (levels < 1) {
        ctx.stderr.write(`bash: ${kind}: ${arg}: loop count out of range\n`)
        return 1
      }
    }
    if (shell.loopDepth === 0) {
      ctx.stderr.write("bash: " + kind + ": only meaningful in a `for', `while', or `until' loop\n")
      return 0
    }
    throw new LoopSignal(kind, Math.min(levels, shell.loopDepth))
  }
}

export const breakBuiltin = loopControl('break')
export const continueBuiltin = loopControl('continue')

export const shift: Builtin = (ctx, shell) => {
  const arg = ctx.argv[1] ?? '1'
  if (!/^\d+$/.test(arg)) {
    ctx.stderr.write(`bash: shift: ${arg}: numeric argument required\n`)
    return 1
  }
  const count = Number(arg)
  if (count > shell.positional.length) return 1
  shell.positional = shell.positional.slice(count)
  return 0
}

export const local: Builtin = (ctx, shell) => {
  let status = 0
  for (const arg of ctx.argv.slice(1)) {
    if (arg.startsWith('-')) continue
    const equals = arg.indexOf('=')
    const name = equals === -1 ? arg : arg.slice(0, equals)
    if (!NAME.test(name)) {
      ctx.stderr.write(`bash: local: \`${arg}': not a valid identifier\n`)
      status = 1
      continue
    }
    if (!shell.makeLocal(name)) {
      ctx.stderr.write('bash: local: can only be used in a function\n')
      return 1
    }
    if (equals === -1) shell.unsetVariable(name)
    else shell.setVariable(name, arg.slice(equals + 1))
  }
  return status
}

const LONG_FLAGS: Record<string, keyof ShellFlags> = { errexit: 'errexit', nounset: 'nounset', xtrace: 'xtrace', pipefail: 'pipefail' }
const SHORT_FLAGS: Record<string, keyof ShellFlags> = { e: 'errexit', u: 'nounset', x: 'xtrace' }

export const set: Builtin = (ctx, shell) => {
  const args = ctx.argv.slice(1)
  if (args.length === 0) {
    const names = new Set<string>()
    let out = ''
    for (const [name, value] of shell.exportedVariables()) names.add(name) && (out += `${name}=${quoteValue(value)}\n`)
    ctx.stdout.write(out)
    return 0
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--' || arg === '-') {
      shell.positional = args.slice(i + 1)
      return 0
    }
    const on = arg.startsWith('-')
    if (!on && !arg.startsWith('+')) {
      shell.positional = args.slice(i)
      return 0
    }
    if (arg.slice(1) === 'o') {
      const name = args[++i]
      if (name === undefined) {
        for (const [long, key] of Object.entries(LONG_FLAGS)) ctx.stdout.write(on ? `${long.padEnd(15)}\t${shell.flags[key] ? 'on' : 'off'}\n` : `set ${shell.flags[key] ? '-' : '+'}o ${long}\n`)
        continue
      }
      const key = LONG_FLAGS[name]
      if (!key) {
        ctx.stderr.write(`bash: set: ${name}: invalid option name\n`)
        return 2
      }
      shell.flags[key] = on
      continue
    }
    for (const letter of arg.slice(1)) {
      const key = SHORT_FLAGS[letter]
      if (key) shell.flags[key] = on
      else if (!'hmBHv'.includes(letter)) {
        ctx.stderr.write(`bash: set: ${arg[0]}${letter}: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]\n`)
        return 2
      }
    }
  }
  return 0
}

function quoteValue(value: string): string {
  return /^[A-Za-z0-9_./:,+=@%-]*$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`
}

/** read [-r] [-p prompt] [NAME…]: one line from stdin (or the terminal), split on blanks. */
export const read: Builtin = async (ctx, shell) => {
  const args = ctx.argv.slice(1)
  let raw = false
  let prompt = ''
  let silent = false
  while (args[0]?.startsWith('-') && args[0] !== '-') {
    const flag = args.shift() as string
    if (flag === '--') break
    for (let j = 1; j < flag.length; j++) {
      const letter = flag[j]
      if (letter === 'r') raw = true
      else if (letter === 's') silent = true
      else if (letter === 'p') {
        prompt = flag.slice(j + 1) || (args.shift() ?? '')
        break
      } else {
        ctx.stderr.write(`bash: read: -${letter}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]\n`)
        return 2
      }
    }
  }
  for (const name of args) {
    if (!NAME.test(name)) {
      ctx.stderr.write(`bash: read: \`${name}': not a valid identifier\n`)
      return 1
    }
  }
  const line = await readLine(ctx, prompt, silent)
  if (line === undefined) {
    for (const name of args.length ? args : ['REPLY']) shell.setVariable(name, '')
    return 1
  }
  const text = raw ? line : line.replace(/\\(.)/g, '$1')
  if (args.length === 0) {
    shell.setVariable('REPLY', text)
    return 0
  }
  let rest = text.replace(/^[ \t\n]+/, '')
  args.forEach((name, index) => {
    if (index === args.length - 1) {
      shell.setVariable(name, rest.replace(/[ \t\n]+$/, ''))
      return
    }
    const match = /^([^ \t\n]*)[ \t\n]*/.exec(rest) as RegExpExecArray
    shell.setVariable(name, match[1] as string)
    rest = rest.slice(match[0].length)
  })
  return 0
}

async function readLine(ctx: CommandContext, prompt: string, silent: boolean): Promise<string | undefined> {
  if (ctx.stdin.isTty) {
    if (!ctx.tty) return undefined
    const line = await ctx.tty.readLine(prompt, { echo: !silent })
    if (silent) ctx.tty.write('\n')
    return line ?? undefined
  }
  if (isLineInput(ctx.stdin)) return ctx.stdin.readLine()
  const text = ctx.stdin.read()
  if (text === '') return undefined
  return text.split('\n')[0]
}

export const evalBuiltin: Builtin = (ctx, shell: ShellRuntime) => {
  const text = ctx.argv.slice(1).join(' ')
  if (text.trim() === '') return 0
  return shell.runSource(text, 'eval', { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: ctx.tty })
}
