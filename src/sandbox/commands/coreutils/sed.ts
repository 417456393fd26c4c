/** A small GNU sed: s d p = q a i c y and { } blocks, line, `$`, /regex/ and 0,/re/ addresses and ranges, `!`, -n -i -e -E. */
import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { compile, RegexError } from './_regex.ts'
import { fsMessage, has, parseArgs, readOperand } from './_util.ts'

type Address = { kind: 'line'; line: number } | { kind: 'last' } | { kind: 'regex'; regex: RegExp }

interface SedCommand {
  from?: Address
  to?: Address
  negate: boolean
  name: 's' | 'd' | 'p' | '=' | 'q' | 'a' | 'i' | 'c' | 'y' | '{'
  /** a, i, c: the text; y: the source characters */
  text?: string
  target?: string
  block?: SedCommand[]
  regex?: RegExp
  replacement?: string
  global?: boolean
  print?: boolean
  occurrence?: number
  inRange?: boolean
}

class SedError extends Error {}

function parseScript(script: string, extended: boolean, expressionNumber: number): SedCommand[] {
  const stack: SedCommand[][] = [[]]
  let commands = stack[0] as SedCommand[]
  let lastRegex: RegExp | undefined
  let i = 0
  const fail = (message: string): never => {
    throw new SedError(`-e expression #${expressionNumber}, char ${i}: ${message}`)
  }
  const readDelimited = (delimiter: string): string => {
    let text = ''
    while (i < script.length && script[i] !== delimiter) {
      if (script[i] === '\\' && i + 1 < script.length) {
        text += script[i + 1] === delimiter ? delimiter : `\\${script[i + 1]}`
        i += 2
      } else text += script[i++]
    }
    if (i >= script.length) return fail("unterminated `s' command")
    i++
    return text
  }
  const regexOf = (source: string, flags: string) => {
    if (source === '') {
      if (!lastRegex) return fail('no previous regular expression')
      return new RegExp(lastRegex.source, flags)
    }
    try {
      return (lastRegex = compile(source, extended, flags))
    } catch (error) {
      if (error instanceof RegexError) return fail(error.message)
      throw error
    }
  }
  const readAddress = (): Address | undefined => {
    const digits = /^\d+/.exec(script.slice(i))
    if (digits) {
      i += digits[0].length
      return { kind: 'line', line: Number(digits[0]) }
    }
    if (script[i] === '$') {
      i++
      return { kind: 'last' }
    }
    if (script[i] === '/' || script[i] === '\\') {
      const delimiter = script[i] === '\\' ? (script[++i] as string) : '/'
      i++
      const source = readDelimited(delimiter)
      let flags = ''
      if (script[i] === 'I') {
        flags = 'i'
        i++
      }
      return { kind: 'regex', regex: regexOf(source, flags) }
    }
    return undefined
  }
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i] as string)) i++
    if (i >= script.length) break
    const command: Partial<SedCommand> & { negate: boolean } = { negate: false }
    const from = readAddress()
    if (from) command.from = from
    if (from && script[i] === ',') {
      i++
      const to = readAddress()
      if (!to) fail('unexpected `,\'')
      else command.to = to
    }
    while (script[i] === ' ') i++
    if (script[i] === '!') {
      command.negate = true
      i++
    }
    const name = script[i++]
    if (name === undefined) fail('missing command')
    if (name === '}') {
      if (stack.length < 2) fail("unexpected `}'")
      stack.pop()
      commands = stack[stack.length - 1] as SedCommand[]
      continue
    }
    if (name === '{') {
      const block: SedCommand[] = []
      commands.push({ ...command, name: '{', block } as SedCommand)
      stack.push(block)
      commands = block
      continue
    }
    if (name === 'a' || name === 'i' || name === 'c') {
      // GNU one-liner `a text`, or `a\` then the text on the next line (or the next -e)
      while (script[i] === ' ' || script[i] === '\t') i++
      if (script[i] === '\\') {
        i++
        if (script[i] === '\n') i++
      }
      let text = ''
      while (i < script.length && script[i] !== '\n') {
        if (script[i] === '\\' && i + 1 < script.length) {
          text += script[i + 1]
          i += 2
        } else text += script[i++]
      }
      commands.push({ ...command, name, text } as SedCommand)
      continue
    }
    if (name === 'y') {
      const delimiter = script[i++] as string
      const source = readDelimited(delimiter)
      const target = readDelimited(delimiter)
      if ([...source].length !== [...target].length) fail("strings for `y' command are different lengths")
      commands.push({ ...command, name, text: source, target } as SedCommand)
      continue
    }
    if (name === 's') {
      const delimiter = script[i++]
      if (delimiter === undefined) fail("unterminated `s' command")
      const source = readDelimited(delimiter as string)
      const replacement = readDelimited(delimiter as string)
      let flags = ''
      let occurrence: number | undefined
      for (;;) {
        const c = script[i]
        if (c === 'g') command.global = true
        else if (c === 'p') command.print = true
        else if (c === 'I' || c === 'i') flags += 'i'
        else if (c !== undefined && /\d/.test(c)) occurrence = (occurrence ?? 0) * 10 + Number(c)
        else break
        i++
      }
      if (i < script.length && !/[\s;}]/.test(script[i] as string)) fail("unknown option to `s'")
      commands.push({ ...command, name: 's', regex: regexOf(source, `g${flags}`), replacement, ...(occurrence ? { occurrence } : {}) } as SedCommand)
      continue
    }
    if (name === 'd' || name === 'p' || name === '=' || name === 'q') {
      commands.push({ ...command, name } as SedCommand)
      continue
    }
    fail(`unknown command: \`${name}'`)
  }
  if (stack.length > 1) {
    i = script.length
    fail("unmatched `{'")
  }
  return stack[0] as SedCommand[]
}

function expandReplacement(replacement: string, match: RegExpExecArray): string {
  return replacement.replace(/\\(\d)|\\n|\\t|\\(.)|&/g, (all, digit: string | undefined, other: string | undefined) => {
    if (digit !== undefined) return match[Number(digit)] ?? ''
    if (all === '&') return match[0]
    if (all === '\\n') return '\n'
    if (all === '\\t') return '\t'
    return other ?? ''
  })
}

function matches(address: Address, line: string, number: number, isLast: boolean): boolean {
  if (address.kind === 'line') return number === address.line
  if (address.kind === 'last') return isLast
  address.regex.lastIndex = 0
  return address.regex.test(line)
}

function selects(command: SedCommand, line: string, number: number, isLast: boolean): boolean {
  let selected = true
  if (command.from) {
    if (command.to) {
      const to = command.to
      if (command.inRange) {
        if (to.kind === 'line' ? number >= to.line : matches(to, line, number, isLast)) command.inRange = false
      } else if (command.from.kind === 'line' && command.from.line === 0) selected = false
      else if (matches(command.from, line, number, isLast)) command.inRange = !(to.kind === 'line' && to.line <= number)
      else selected = false
    } else selected = matches(command.from, line, number, isLast)
  }
  return command.negate ? !selected : selected
}

/** Prepares ranges for a new input: `0,/re/` is already open on line 1. */
function reset(commands: SedCommand[]): void {
  for (const command of commands) {
    command.inRange = command.from?.kind === 'line' && command.from.line === 0 && command.to !== undefined
    if (command.block) reset(command.block)
  }
}

function run(commands: SedCommand[], text: string, quiet: boolean): string {
  reset(commands)
  const lines = text.split('\n')
  const endsWithNewline = text.endsWith('\n')
  if (endsWithNewline) lines.pop()
  let out = ''
  for (let index = 0; index < lines.length; index++) {
    const state = { line: lines[index] as string, deleted: false, quit: false, appended: '', substituted: false }
    const number = index + 1
    const isLast = index === lines.length - 1
    const execute = (list: SedCommand[]): boolean => {
      for (const command of list) {
        if (!selects(command, state.line, number, isLast)) continue
        switch (command.name) {
          case '{':
            if (!execute(command.block ?? [])) return false
            continue
          case 'd':
            state.deleted = true
            return false
          case 'p':
            out += `${state.line}\n`
            continue
          case '=':
            out += `${number}\n`
            continue
          case 'q':
            state.quit = true
            return false
          case 'a':
            state.appended += `${command.text}\n`
            continue
          case 'i':
            out += `${command.text}\n`
            continue
          case 'c':
            // in a range, the text replaces the whole range: it is printed at its end
            if (!command.to || command.negate || !command.inRange) out += `${command.text}\n`
            state.deleted = true
            return false
          case 'y': {
            const from = [...(command.text ?? '')]
            const to = [...(command.target ?? '')]
            state.line = [...state.line].map((c) => (from.includes(c) ? (to[from.indexOf(c)] as string) : c)).join('')
            continue
          }
          case 's':
            substitute(command, state)
            if (command.print && state.substituted) out += `${state.line}\n`
            continue
        }
      }
      return true
    }
    execute(commands)
    if (!state.deleted && !quiet) out += `${state.line}${isLast && !endsWithNewline && !state.appended ? '' : '\n'}`
    out += state.appended
    if (state.quit) break
  }
  return out
}

function substitute(command: SedCommand, state: { line: string; substituted?: boolean }): void {
  state.substituted = false
  if (!command.regex) return
  let count = 0
  const line = state.line
  const regex = command.regex
  regex.lastIndex = 0
  let result = ''
  let last = 0
  for (let match = regex.exec(line); match; match = regex.exec(line)) {
    count++
    const wanted = command.occurrence ? count === command.occurrence || (command.global && count > command.occurrence) : true
    if (wanted) {
      result += line.slice(last, match.index) + expandReplacement(command.replacement ?? '', match)
      last = match.index + match[0].length
      state.substituted = true
      if (!command.global) break
    }
    if (match[0] === '') regex.lastIndex++
  }
  if (state.substituted) state.line = result + line.slice(last)
}

export const sed: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'sed', { short: 'ne:Erif:s', long: { quiet: 'n', silent: 'n', 'expression=': 'e', 'regexp-extended': 'E', 'in-place': 'i' } })
  if (typeof parsed === 'number') return parsed
  const operands = [...parsed.operands]
  const scripts = parsed.options.get('e') ?? []
  if (scripts.length === 0) {
    const script = operands.shift()
    if (script === undefined) {
      ctx.stderr.write('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n')
      return 1
    }
    scripts.push(script)
  }
  let commands: SedCommand[]
  try {
    commands = parseScript(scripts.join('\n'), has(parsed, 'E') || has(parsed, 'r'), 1)
  } catch (error) {
    if (!(error instanceof SedError)) throw error
    ctx.stderr.write(`sed: ${error.message}\n`)
    return 1
  }
  const quiet = has(parsed, 'n')
  if (has(parsed, 'i')) {
    if (operands.length === 0) {
      ctx.stderr.write('sed: no input files\n')
      return 1
    }
    let status = 0
    for (const operand of operands) {
      const path = resolvePath(ctx.cwd, operand)
      const text = ctx.system.fs.readFile(path, ctx.cred)
      if (isFsError(text)) {
        ctx.stderr.write(`sed: can't read ${operand}: ${fsMessage(text.error)}\n`)
        status = 2
        continue
      }
      // GNU sed -i writes a temporary file in the same directory, then renames it over the original
      const written = ctx.system.fs.writeFile(path, run(commands, text, quiet), ctx.cred)
      if (isFsError(written)) {
        ctx.stderr.write(`sed: couldn't open temporary file ${operand.replace(/[^/]*$/, '')}sed${'XXXXXX'}: Permission denied\n`)
        status = 4
      }
    }
    return status
  }
  let input = ''
  let status = 0
  for (const operand of operands.length ? operands : ['-']) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`sed: can't read ${operand}: ${fsMessage(text.error)}\n`)
      status = 2
      continue
    }
    input += text
  }
  ctx.stdout.write(run(commands, input, quiet))
  return status
}
