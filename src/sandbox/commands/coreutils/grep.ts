import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { compile, RegexError } from './_regex.ts'
import { fsMessage, has, parseArgs, splitLines } from './_util.ts'

export const grep: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'grep', {
    short: 'nwivcqEFrRHhlLoe:sxA:B:C:',
    long: {
      'line-number': 'n',
      'word-regexp': 'w',
      'ignore-case': 'i',
      'invert-match': 'v',
      count: 'c',
      quiet: 'q',
      silent: 'q',
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      recursive: 'r',
      'with-filename': 'H',
      'no-filename': 'h',
      'files-with-matches': 'l',
      'only-matching': 'o',
      'regexp=': 'e',
      'after-context=': 'A',
      'before-context=': 'B',
      'context=': 'C',
      'color=': 'color',
      color: 'color',
    },
    usageStatus: 2,
  })
  if (typeof parsed === 'number') return parsed
  const operands = [...parsed.operands]
  const patterns = parsed.options.get('e') ?? []
  if (patterns.length === 0) {
    const first = operands.shift()
    if (first === undefined) {
      ctx.stderr.write("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
      return 2
    }
    patterns.push(...first.split('\n'))
  }
  const fixed = has(parsed, 'F')
  const extended = has(parsed, 'E')
  let regex: RegExp
  try {
    const sources = patterns.map((p) => (fixed ? p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : compile(p, extended, '').source))
    let source = sources.map((s) => `(?:${s})`).join('|')
    if (has(parsed, 'w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`
    if (has(parsed, 'x')) source = `^(?:${source})$`
    regex = new RegExp(source, has(parsed, 'i') ? 'gi' : 'g')
  } catch (error) {
    ctx.stderr.write(`grep: ${error instanceof RegexError ? error.message : 'Invalid regular expression'}\n`)
    return 2
  }
  const recursive = has(parsed, 'r') || has(parsed, 'R')
  if (operands.length === 0) operands.push(recursive ? '.' : '-')
  const files: { name: string; text: string }[] = []
  let status = 1
  let failed = false
  const fs = ctx.system.fs
  const collect = (name: string) => {
    if (name === '-') {
      files.push({ name: '(standard input)', text: ctx.stdin.read() })
      return
    }
    const path = resolvePath(ctx.cwd, name)
    const stat = fs.stat(path, ctx.cred)
    if (isFsError(stat)) {
      if (!has(parsed, 's')) ctx.stderr.write(`grep: ${name}: ${fsMessage(stat.error)}\n`)
      failed = true
      return
    }
    if (stat.kind === 'dir') {
      if (!recursive) {
        if (!has(parsed, 's')) ctx.stderr.write(`grep: ${name}: Is a directory\n`)
        return
      }
      const names = fs.readdir(path, ctx.cred)
      if (isFsError(names)) {
        ctx.stderr.write(`grep: ${name}: ${fsMessage(names.error)}\n`)
        failed = true
        return
      }
      for (const child of names) {
        const childName = name.endsWith('/') ? name + child : `${name}/${child}`
        const lstat = fs.lstat(resolvePath(ctx.cwd, childName), ctx.cred)
        if (!isFsError(lstat) && lstat.kind === 'symlink' && !has(parsed, 'R')) continue
        collect(childName)
      }
      return
    }
    const text = fs.readFile(path, ctx.cred)
    if (isFsError(text)) {
      if (!has(parsed, 's')) ctx.stderr.write(`grep: ${name}: ${fsMessage(text.error)}\n`)
      failed = true
      return
    }
    files.push({ name, text })
  }
  for (const operand of operands) collect(operand)
  const withName = has(parsed, 'H') || (!has(parsed, 'h') && (operands.length > 1 || recursive))
  const invert = has(parsed, 'v')
  const contextCount = (key: string): number | string => {
    const value = parsed.options.get(key)?.at(-1) ?? parsed.options.get('C')?.at(-1)
    if (value === undefined) return 0
    return /^\d+$/.test(value) ? Number(value) : `${value}: invalid context length argument`
  }
  const after = contextCount('A')
  const before = contextCount('B')
  for (const value of [after, before]) {
    if (typeof value === 'string') {
      ctx.stderr.write(`grep: ${value}\n`)
      return 2
    }
  }
  const useContext = (after as number) > 0 || (before as number) > 0
  /** index of the last line printed (match or context), across files for the `--` separator */
  let lastPrinted = -2
  let printedAny = false
  let out = ''
  for (const file of files) {
    let count = 0
    const lines = splitLines(file.text)
    let afterLeft = 0
    lastPrinted = -2
    const contextLine = (index: number) => {
      if (printedAny && lastPrinted !== index - 1) out += '--\n'
      out += `${withName ? `${file.name}-` : ''}${has(parsed, 'n') ? `${index + 1}-` : ''}${lines[index]}\n`
      lastPrinted = index
      printedAny = true
    }
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index] as string
      regex.lastIndex = 0
      const matched = regex.test(line) !== invert
      if (!matched) {
        if (useContext && afterLeft > 0 && !has(parsed, 'c') && !has(parsed, 'l') && !has(parsed, 'L')) {
          afterLeft--
          contextLine(index)
        }
        continue
      }
      count++
      status = 0
      if (has(parsed, 'q')) {
        ctx.stdout.write(out)
        return 0
      }
      if (has(parsed, 'c') || has(parsed, 'l') || has(parsed, 'L')) continue
      if (useContext) {
        for (let b = Math.max(index - (before as number), lastPrinted + 1, 0); b < index; b++) contextLine(b)
        if (printedAny && lastPrinted !== index - 1) out += '--\n'
        lastPrinted = index
        printedAny = true
        afterLeft = after as number
      }
      const prefix = `${withName ? `${file.name}:` : ''}${has(parsed, 'n') ? `${index + 1}:` : ''}`
      if (has(parsed, 'o') && !invert) {
        regex.lastIndex = 0
        for (const match of line.matchAll(regex)) if (match[0] !== '') out += `${prefix}${match[0]}\n`
      } else out += `${prefix}${line}\n`
    }
    if (has(parsed, 'c')) out += `${withName ? `${file.name}:` : ''}${count}\n`
    if (has(parsed, 'l') && count > 0) out += `${file.name}\n`
    if (has(parsed, 'L') && count === 0) out += `${file.name}\n`
  }
  ctx.stdout.write(out)
  return failed && !has(parsed, 'q') ? 2 : status
}
