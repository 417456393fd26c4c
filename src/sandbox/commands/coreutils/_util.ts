/** What the coreutils share: GNU-style option parsing, error wording, reading files or stdin. */
import { strerror } from '../../fs/errors.ts'
import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { FsErrorCode } from '../../fs/types.ts'
import type { CommandContext } from '../types.ts'

export interface OptionSpec {
  /** getopt string: letters, `:` after one that takes a value (`n:`) */
  short: string
  /** long name → short letter (or its own key); a trailing `=` means it takes a value */
  long?: Record<string, string>
  /** exit status for a usage error (ls: 2) */
  usageStatus?: number
}

export interface ParsedArgs {
  /** option key → values given (flags get ''), in order */
  options: Map<string, string[]>
  operands: string[]
}

export function usageError(ctx: CommandContext, name: string, message: string, status = 1): number {
  ctx.stderr.write(`${name}: ${message}\nTry '${name} --help' for more information.\n`)
  return status
}

/** GNU getopt_long with permutation: options may follow operands until `--`. */
export function parseArgs(ctx: CommandContext, name: string, spec: OptionSpec): ParsedArgs | number {
  const options = new Map<string, string[]>()
  const operands: string[] = []
  const args = ctx.argv.slice(1)
  const status = spec.usageStatus ?? 1
  const add = (key: string, value: string) => {
    const list = options.get(key) ?? []
    list.push(value)
    options.set(key, list)
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--') {
      operands.push(...args.slice(i + 1))
      break
    }
    if (arg.startsWith('--')) {
      const [longName = '', inlineValue] = arg.slice(2).split(/=(.*)/s, 2)
      const matches = Object.keys(spec.long ?? {}).filter((key) => key.replace(/=$/, '').startsWith(longName))
      const exact = matches.find((key) => key.replace(/=$/, '') === longName)
      const key = exact ?? (matches.length === 1 ? matches[0] : undefined)
      if (key === undefined) return usageError(ctx, name, matches.length > 1 ? `option '${arg}' is ambiguous` : `unrecognized option '${arg}'`, status)
      const target = (spec.long ?? {})[key] as string
      if (key.endsWith('=')) {
        const value = inlineValue ?? args[++i]
        if (value === undefined) return usageError(ctx, name, `option '--${key.slice(0, -1)}' requires an argument`, status)
        add(target, value)
      } else {
        if (inlineValue !== undefined) return usageError(ctx, name, `option '--${key}' doesn't allow an argument`, status)
        add(target, '')
      }
      continue
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j] as string
        const at = spec.short.indexOf(letter)
        if (at === -1 || letter === ':') return usageError(ctx, name, `invalid option -- '${letter}'`, status)
        if (spec.short[at + 1] === ':') {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : args[++i]
          if (value === undefined) return usageError(ctx, name, `option requires an argument -- '${letter}'`, status)
          add(letter, value)
          break
        }
        add(letter, '')
      }
      continue
    }
    operands.push(arg)
  }
  return { options, operands }
}

export const has = (parsed: ParsedArgs, key: string) => parsed.options.has(key)
export const last = (parsed: ParsedArgs, key: string) => parsed.options.get(key)?.at(-1)

export const fsMessage = (code: FsErrorCode) => strerror(code)

/** Reads an operand (`-` is stdin) or gives the errno. */
export function readOperand(ctx: CommandContext, operand: string): string | { error: FsErrorCode } {
  if (operand === '-') return ctx.stdin.read()
  const text = ctx.system.fs.readFile(resolvePath(ctx.cwd, operand), ctx.cred)
  return isFsError(text) ? { error: text.error } : text
}

/** Lines of a text, the last one's newline optional (as GNU tools see them). */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

export function userName(ctx: CommandContext, uid: number): string {
  return ctx.system.user(uid)?.name ?? String(uid)
}

/** /etc/group as gid → name and name → gid, plus members. */
export function groups(ctx: CommandContext): { name: string; gid: number; members: string[] }[] {
  const text = ctx.system.fs.readFile('/etc/group', { uid: 0, gid: 0, groups: [0] })
  if (isFsError(text)) return []
  return splitLines(text).flatMap((line) => {
    const [name, , gid, members] = line.split(':')
    if (name === undefined || gid === undefined) return []
    return [{ name, gid: Number(gid), members: members ? members.split(',').filter(Boolean) : [] }]
  })
}

export function groupName(ctx: CommandContext, gid: number): string {
  return groups(ctx).find((group) => group.gid === gid)?.name ?? String(gid)
}

export function modeString(kind: 'file' | 'dir' | 'symlink', mode: number): string {
  const type = kind === 'dir' ? 'd' : kind === 'symlink' ? 'l' : '-'
  const triplet = (bits: number, special: boolean, specialChar: string) =>
    `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${special ? (bits & 1 ? specialChar : specialChar.toUpperCase()) : bits & 1 ? 'x' : '-'}`
  return (
    type +
    triplet((mode >> 6) & 7, (mode & 0o4000) !== 0, 's') +
    triplet((mode >> 3) & 7, (mode & 0o2000) !== 0, 's') +
    triplet(mode & 7, (mode & 0o1000) !== 0, 't')
  )
}

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
export const pad2 = (n: number) => String(n).padStart(2, '0')
