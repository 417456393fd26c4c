import { hasPermission } from '../../fs/_permissions.ts'
import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { CommandContext } from '../../commands/types.ts'
import type { Builtin } from '../runtime.ts'

/** test / [ : the unary file and string tests and the binary comparisons scripts use. */
export const test: Builtin = (ctx) => {
  const name = ctx.argv[0] as string
  let args = ctx.argv.slice(1)
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.stderr.write("bash: [: missing `]'\n")
      return 2
    }
    args = args.slice(0, -1)
  }
  try {
    return evaluate(args, ctx) ? 0 : 1
  } catch (error) {
    ctx.stderr.write(`bash: ${name}: ${(error as Error).message}\n`)
    return 2
  }
}

function evaluate(args: readonly string[], ctx: CommandContext): boolean {
  if (args.length === 0) return false
  if (args[0] === '!') return !evaluate(args.slice(1), ctx)
  const orAt = args.indexOf('-o')
  if (orAt > 0) return evaluate(args.slice(0, orAt), ctx) || evaluate(args.slice(orAt + 1), ctx)
  const andAt = args.indexOf('-a')
  if (andAt > 0 && args.length > 3) return evaluate(args.slice(0, andAt), ctx) && evaluate(args.slice(andAt + 1), ctx)
  if (args.length === 1) return args[0] !== ''
  if (args.length === 2) return unary(args[0] as string, args[1] as string, ctx)
  if (args.length === 3) return binary(args[0] as string, args[1] as string, args[2] as string)
  throw new Error('too many arguments')
}

function unary(op: string, operand: string, ctx: CommandContext): boolean {
  if (op === '-z') return operand === ''
  if (op === '-n') return operand !== ''
  const path = resolvePath(ctx.cwd, operand)
  const fs = ctx.system.fs
  const stat = op === '-L' || op === '-h' ? fs.lstat(path, ctx.cred) : fs.stat(path, ctx.cred)
  if (isFsError(stat)) {
    if ('-e-f-d-r-w-x-s-L-h'.includes(op)) return false
    throw new Error(`${op}: unary operator expected`)
  }
  switch (op) {
    case '-e':
      return true
    case '-f':
      return stat.kind === 'file'
    case '-d':
      return stat.kind === 'dir'
    case '-L':
    case '-h':
      return stat.kind === 'symlink'
    case '-s':
      return stat.size > 0
    case '-r':
      return hasPermission(stat, ctx.cred, 'r')
    case '-w':
      return hasPermission(stat, ctx.cred, 'w')
    case '-x':
      return ctx.cred.uid === 0 ? (stat.mode & 0o111) !== 0 || stat.kind === 'dir' : hasPermission(stat, ctx.cred, 'x')
  }
  throw new Error(`${op}: unary operator expected`)
}

function binary(left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return left === right
    case '!=':
      return left !== right
    case '<':
      return left < right
    case '>':
      return left > right
  }
  const comparisons: Record<string, (a: number, b: number) => boolean> = {
    '-eq': (a, b) => a === b,
    '-ne': (a, b) => a !== b,
    '-lt': (a, b) => a < b,
    '-le': (a, b) => a <= b,
    '-gt': (a, b) => a > b,
    '-ge': (a, b) => a >= b,
  }
  const compare = comparisons[op]
  if (!compare) throw new Error(`${op}: binary operator expected`)
  for (const operand of [left, right]) if (!/^\s*[-+]?\d+\s*$/.test(operand)) throw new Error(`${operand}: integer expression expected`)
  return compare(Number(left), Number(right))
}
