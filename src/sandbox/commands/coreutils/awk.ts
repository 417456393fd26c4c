/**
 * A small awk (as mawk on Debian 12): BEGIN/END, /re/ and expression patterns (and ranges),
 * print and printf, if/else, next, variables with = += -= ++ --, fields $N and NF/NR/FS/OFS,
 * comparisons, ~ !~, && || !, arithmetic, concatenation, length/substr/index/toupper/tolower.
 */
import { printf as printfBuiltin } from '../../shell/builtins/printf.ts'
import { bufferOutput } from '../../shell/streams.ts'
import type { Command, CommandContext } from '../types.ts'
import { compile } from './_regex.ts'
import { fsMessage, readOperand } from './_util.ts'

type Tok = { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'op'; v: string }

class AwkError extends Error {}

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '+=', '-=', '*=', '/=', '++', '--', '!~', '{', '}', '(', ')', ';', ',', '$', '+', '-', '*', '/', '%', '<', '>', '!', '~', '=', '?', ':', '\n']

function lex(src: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  const regexAllowed = () => {
    const prev = out[out.length - 1]
    return !prev || (prev.t === 'op' && !')$'.includes(prev.v) && prev.v !== '++' && prev.v !== '--')
  }
  while (i < src.length) {
    const c = src[i] as string
    if (c === ' ' || c === '\t' || (c === '\\' && src[i + 1] === '\n')) {
      i += c === '\\' ? 2 : 1
      continue
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
      continue
    }
    const num = /^\d+(\.\d*)?/.exec(src.slice(i))
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) })
      i += num[0].length
      continue
    }
    if (c === '"') {
      let s = ''
      i++
      while (i < src.length && src[i] !== '"') {
        if (src[i] === '\\' && i + 1 < src.length) {
          const e = src[i + 1] as string
          s += ({ n: '\n', t: '\t', '\\': '\\', '"': '"', '/': '/' } as Record<string, string>)[e] ?? `\\${e}`
          i += 2
        } else s += src[i++]
      }
      if (i >= src.length) throw new AwkError('runaway string constant "' + s.slice(0, 10) + ' ...')
      i++
      out.push({ t: 'str', v: s })
      continue
    }
    if (c === '/' && regexAllowed()) {
      let s = ''
      i++
      while (i < src.length && src[i] !== '/') {
        if (src[i] === '\\' && src[i + 1] === '/') {
          s += '/'
          i += 2
        } else s += src[i++]
      }
      i++
      out.push({ t: 're', v: s })
      continue
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))
    if (name) {
      out.push({ t: 'name', v: name[0] })
      i += name[0].length
      continue
    }
    const op = OPS.find((o) => src.startsWith(o, i))
    if (!op) throw new AwkError(`syntax error at or near ${c}`)
    out.push({ t: 'op', v: op })
    i += op.length
  }
  return out
}

type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; re: RegExp }
  | { k: 'var'; name: string }
  | { k: 'field'; index: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'not'; a: Node }
  | { k: 'neg'; a: Node }
  | { k: 'assign'; op: string; target: Node; value: Node }
  | { k: 'incr'; op: '++' | '--'; target: Node; prefix: boolean }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'cond'; c: Node; a: Node; b: Node }

type Stmt =
  | { k: 'print'; args: Node[] }
  | { k: 'printf'; args: Node[] }
  | { k: 'expr'; e: Node }
  | { k: 'if'; c: Node; then: Stmt[]; else?: Stmt[] }
  | { k: 'next' }
  | { k: 'block'; body: Stmt[] }

interface Rule {
  kind: 'begin' | 'end' | 'main'
  pattern?: Node
  to?: Node
  inRange?: boolean
  body?: Stmt[]
}

function parseProgram(src: string): Rule[] {
  const toks = lex(src)
  let p = 0
  const peek = (v?: string) => {
    const t = toks[p]
    return v === undefined ? t : t?.t === 'op' && t.v === v ? t : t?.t === 'name' && t.v === v ? t : undefined
  }
  const fail = (): never => {
    const t = toks[p]
    throw new AwkError(`syntax error at or near ${t ? (t.t === 'op' && t.v === '\n' ? 'end of line' : String(t.v)) : 'end of file'}`)
  }
  const expect = (v: string) => {
    if (!peek(v)) fail()
    p++
  }
  const skipNl = () => {
    while (peek('\n') || peek(';')) p++
  }
  const skipNewlines = () => {
    while (peek('\n')) p++
  }

  const primary = (): Node => {
    const t = toks[p++]
    if (!t) return fail()
    if (t.t === 'num') return { k: 'num', v: t.v }
    if (t.t === 'str') return { k: 'str', v: t.v }
    if (t.t === 're') return { k: 're', re: compile(t.v, true, '') }
    if (t.t === 'name') {
      if (peek('(') && ['length', 'substr', 'index', 'toupper', 'tolower', 'int', 'sprintf'].includes(t.v)) {
        p++
        const args: Node[] = []
        while (!peek(')')) {
          args.push(expr())
          if (peek(',')) p++
          else break
        }
        expect(')')
        return { k: 'call', name: t.v, args }
      }
      if (t.v === 'length') return { k: 'call', name: 'length', args: [] }
      return { k: 'var', name: t.v }
    }
    switch (t.v) {
      case '$':
        return { k: 'field', index: incDec() }
      case '(': {
        const e = expr()
        expect(')')
        return e
      }
      case '!':
        return { k: 'not', a: unary() }
      case '-':
        return { k: 'neg', a: unary() }
      case '+':
        return unary()
      case '++':
      case '--':
        return { k: 'incr', op: t.v, target: incDec(), prefix: true }
    }
    p--
    return fail()
  }
  const incDec = (): Node => {
    const e = primary()
    if ((e.k === 'var' || e.k === 'field') && (peek('++') || peek('--'))) {
      const op = (toks[p++] as { v: '++' | '--' }).v
      return { k: 'incr', op, target: e, prefix: false }
    }
    return e
  }
  const unary = (): Node => incDec()
  const mul = (): Node => {
    let a = unary()
    while (peek('*') || peek('/') || peek('%')) {
      const op = (toks[p++] as { v: string }).v
      a = { k: 'bin', op, a, b: unary() }
    }
    return a
  }
  const add = (): Node => {
    let a = mul()
    while (peek('+') || peek('-')) {
      const op = (toks[p++] as { v: string }).v
      a = { k: 'bin', op, a, b: mul() }
    }
    return a
  }
  const startsOperand = () => {
    const t = toks[p]
    return !!t && (t.t !== 'op' || ['$', '(', '!', '-', '++', '--'].includes(t.v)) && !(t.t === 'name' && t.v === 'in')
  }
  const concat = (noGt: boolean): Node => {
    let a = add()
    while (startsOperand() && !(toks[p]?.t === 'op' && ['-', '!'].includes((toks[p] as { v: string }).v))) a = { k: 'bin', op: 'cat', a, b: add() }
    void noGt
    return a
  }
  let inPrint = false
  const compare = (): Node => {
    const a = concat(inPrint)
    for (const op of ['==', '!=', '<=', '>=', '<', '>', '~', '!~']) {
      if (op === '>' && inPrint) continue
      if (peek(op)) {
        p++
        return { k: 'bin', op, a, b: concat(inPrint) }
      }
    }
    return a
  }
  const and = (): Node => {
    let a = compare()
    while (peek('&&')) {
      p++
      skipNewlines()
      a = { k: 'bin', op: '&&', a, b: compare() }
    }
    return a
  }
  const or = (): Node => {
    let a = and()
    while (peek('||')) {
      p++
      skipNewlines()
      a = { k: 'bin', op: '||', a, b: and() }
    }
    return a
  }
  const ternary = (): Node => {
    const c = or()
    if (!peek('?')) return c
    p++
    const a = ternary()
    expect(':')
    return { k: 'cond', c, a, b: ternary() }
  }
  function expr(): Node {
    const left = ternary()
    for (const op of ['=', '+=', '-=', '*=', '/=']) {
      if (peek(op)) {
        if (left.k !== 'var' && left.k !== 'field') fail()
        p++
        return { k: 'assign', op, target: left, value: expr() }
      }
    }
    return left
  }

  const simpleStatement = (): Stmt => {
    if (peek('print') || peek('printf')) {
      const name = (toks[p++] as { v: string }).v
      const args: Node[] = []
      const paren = peek('(')
      inPrint = true
      if (!peek(';') && !peek('}') && !peek('\n') && toks[p]) {
        args.push(expr())
        while (peek(',')) {
          p++
          args.push(expr())
        }
      }
      inPrint = false
      void paren
      return name === 'print' ? { k: 'print', args } : { k: 'printf', args }
    }
    if (peek('next')) {
      p++
      return { k: 'next' }
    }
    return { k: 'expr', e: expr() }
  }
  const statement = (): Stmt => {
    if (peek('{')) return { k: 'block', body: block() }
    if (peek('if')) {
      p++
      expect('(')
      const c = expr()
      expect(')')
      skipNewlines()
      const then = [statement()]
      const save = p
      skipNl()
      if (peek('else')) {
        p++
        skipNewlines()
        return { k: 'if', c, then, else: [statement()] }
      }
      p = save
      return { k: 'if', c, then }
    }
    return simpleStatement()
  }
  function block(): Stmt[] {
    expect('{')
    const body: Stmt[] = []
    skipNl()
    while (!peek('}')) {
      if (!toks[p]) fail()
      body.push(statement())
      if (!peek('}') && !peek(';') && !peek('\n')) fail()
      skipNl()
    }
    p++
    return body
  }

  const rules: Rule[] = []
  skipNl()
  while (p < toks.length) {
    if (peek('BEGIN') || peek('END')) {
      const kind = (toks[p++] as { v: string }).v === 'BEGIN' ? 'begin' : 'end'
      skipNewlines()
      rules.push({ kind, body: block() })
    } else {
      const rule: Rule = { kind: 'main' }
      if (!peek('{')) {
        rule.pattern = expr()
        if (peek(',')) {
          p++
          rule.to = expr()
        }
      }
      if (peek('{')) rule.body = block()
      rules.push(rule)
    }
    skipNl()
  }
  return rules
}

class Next {}

const num = (v: string | number): number => (typeof v === 'number' ? v : Number.parseFloat(/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(v)?.[0] ?? '0') || 0)
const looksNumeric = (v: string) => /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)
const str = (v: string | number): string => (typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))))

function runProgram(ctx: CommandContext, rules: Rule[], vars: Map<string, string | number>, inputs: string[]): string {
  let out = ''
  let fields: string[] = []
  let record = ''
  const splitRecord = () => {
    const fs = str(vars.get('FS') ?? ' ')
    fields = record === '' ? [] : fs === ' ' ? record.trim().split(/[ \t\n]+/).filter(Boolean) : record.split(fs.length === 1 ? fs : new RegExp(fs))
    vars.set('NF', fields.length)
  }
  const rebuild = () => {
    record = fields.join(str(vars.get('OFS') ?? ' '))
  }
  const getField = (i: number): string => (i === 0 ? record : (fields[i - 1] ?? ''))
  const setField = (i: number, v: string) => {
    if (i === 0) {
      record = v
      splitRecord()
      return
    }
    while (fields.length < i) fields.push('')
    fields[i - 1] = v
    vars.set('NF', fields.length)
    rebuild()
  }
  const get = (n: Node): string | number => {
    if (n.k === 'var') return n.name === 'NF' ? fields.length : (vars.get(n.name) ?? '')
    if (n.k === 'field') return getField(Math.trunc(num(evaluate(n.index))))
    return evaluate(n)
  }
  const set = (n: Node, v: string | number) => {
    if (n.k === 'var') {
      vars.set(n.name, v)
      if (n.name === 'NF') {
        fields.length = Math.trunc(num(v))
        rebuild()
      }
    } else if (n.k === 'field') setField(Math.trunc(num(evaluate(n.index))), str(v))
  }
  const truthy = (v: string | number) => (typeof v === 'number' ? v !== 0 : v !== '')
  const isNumericValue = (n: Node, v: string | number) => typeof v === 'number' || ((n.k === 'field' || n.k === 'var') && looksNumeric(v))
  function evaluate(n: Node): string | number {
    switch (n.k) {
      case 'num':
        return n.v
      case 'str':
        return n.v
      case 're':
        n.re.lastIndex = 0
        return n.re.test(record) ? 1 : 0
      case 'var':
      case 'field':
        return get(n)
      case 'not':
        return truthy(evaluate(n.a)) ? 0 : 1
      case 'neg':
        return -num(evaluate(n.a))
      case 'cond':
        return truthy(evaluate(n.c)) ? evaluate(n.a) : evaluate(n.b)
      case 'incr': {
        const before = num(get(n.target))
        const after = n.op === '++' ? before + 1 : before - 1
        set(n.target, after)
        return n.prefix ? after : before
      }
      case 'assign': {
        const value = evaluate(n.value)
        const result = n.op === '=' ? value : arith(n.op[0] as string, num(get(n.target)), num(value))
        set(n.target, result)
        return result
      }
      case 'call':
        return call(n.name, n.args)
      case 'bin': {
        if (n.op === '&&') return truthy(evaluate(n.a)) && truthy(evaluate(n.b)) ? 1 : 0
        if (n.op === '||') return truthy(evaluate(n.a)) || truthy(evaluate(n.b)) ? 1 : 0
        if (n.op === '~' || n.op === '!~') {
          const subject = str(evaluate(n.a))
          const re = n.b.k === 're' ? n.b.re : compile(str(evaluate(n.b)), true, '')
          re.lastIndex = 0
          return re.test(subject) === (n.op === '~') ? 1 : 0
        }
        const a = evaluate(n.a)
        const b = evaluate(n.b)
        if (n.op === 'cat') return str(a) + str(b)
        if (['==', '!=', '<', '<=', '>', '>='].includes(n.op)) {
          const numeric = isNumericValue(n.a, a) && isNumericValue(n.b, b)
          const x = numeric ? num(a) : str(a)
          const y = numeric ? num(b) : str(b)
          const r = x < y ? -1 : x > y ? 1 : 0
          return { '==': r === 0, '!=': r !== 0, '<': r < 0, '<=': r <= 0, '>': r > 0, '>=': r >= 0 }[n.op] ? 1 : 0
        }
        return arith(n.op, num(a), num(b))
      }
    }
  }
  const arith = (op: string, a: number, b: number): number => {
    if ((op === '/' || op === '%') && b === 0) throw new AwkError('division by zero')
    return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b
  }
  function call(name: string, args: Node[]): string | number {
    const values = args.map(evaluate)
    const first = values[0] ?? record
    switch (name) {
      case 'length':
        return [...str(first)].length
      case 'toupper':
        return str(first).toUpperCase()
      case 'tolower':
        return str(first).toLowerCase()
      case 'int':
        return Math.trunc(num(first))
      case 'index':
        return str(first).indexOf(str(values[1] ?? '')) + 1
      case 'substr': {
        const s = str(first)
        const start = Math.round(num(values[1] ?? 1))
        const length = values[2] === undefined ? Infinity : Math.round(num(values[2]))
        const from = Math.max(start, 1)
        const to = Math.min(start + length, s.length + 1)
        return to > from ? s.slice(from - 1, to - 1) : ''
      }
      case 'sprintf':
        return format(values)
    }
    return ''
  }
  const format = (values: (string | number)[]): string => {
    const buffer = bufferOutput()
    printfBuiltin({ ...ctx, argv: ['printf', ...values.map(str)], stdout: buffer, stderr: bufferOutput() }, undefined as never)
    return buffer.text
  }
  const exec = (body: Stmt[]) => {
    for (const s of body) {
      switch (s.k) {
        case 'print':
          out += `${s.args.length === 0 ? record : s.args.map((a) => { const v = evaluate(a); return typeof v === 'number' ? str(v) : v }).join(str(vars.get('OFS') ?? ' '))}${str(vars.get('ORS') ?? '\n')}`
          break
        case 'printf':
          out += format(s.args.map(evaluate))
          break
        case 'expr':
          evaluate(s.e)
          break
        case 'if':
          if (truthy(evaluate(s.c))) exec(s.then)
          else if (s.else) exec(s.else)
          break
        case 'block':
          exec(s.body)
          break
        case 'next':
          throw new Next()
      }
    }
  }
  for (const rule of rules) if (rule.kind === 'begin') exec(rule.body ?? [])
  const main = rules.filter((rule) => rule.kind === 'main')
  let nr = 0
  if (main.length > 0 || rules.some((rule) => rule.kind === 'end')) {
    for (const text of inputs) {
      const lines = text.split('\n')
      if (lines[lines.length - 1] === '') lines.pop()
      for (const line of lines) {
        record = line
        vars.set('NR', ++nr)
        splitRecord()
        try {
          for (const rule of main) {
            let selected = true
            if (rule.pattern && rule.to) {
              if (rule.inRange) {
                if (truthy(evaluate(rule.to))) rule.inRange = false
              } else if (truthy(evaluate(rule.pattern))) rule.inRange = !truthy(evaluate(rule.to))
              else selected = false
            } else if (rule.pattern) selected = truthy(evaluate(rule.pattern))
            if (!selected) continue
            if (rule.body) exec(rule.body)
            else out += `${record}\n`
          }
        } catch (error) {
          if (!(error instanceof Next)) throw error
        }
      }
    }
  }
  for (const rule of rules) if (rule.kind === 'end') exec(rule.body ?? [])
  return out
}

export const awk: Command = (ctx) => {
  const args = ctx.argv.slice(1)
  const vars = new Map<string, string | number>([
    ['FS', ' '],
    ['OFS', ' '],
    ['ORS', '\n'],
    ['NR', 0],
  ])
  let program: string | undefined
  while (args.length > 0) {
    const arg = args[0] as string
    if (arg === '--') {
      args.shift()
      break
    }
    if (arg.startsWith('-F')) {
      args.shift()
      const fs = arg.length > 2 ? arg.slice(2) : args.shift()
      vars.set('FS', fs === 't' ? '\t' : (fs ?? ' '))
      continue
    }
    if (arg === '-v') {
      args.shift()
      const assignment = args.shift() ?? ''
      const equals = assignment.indexOf('=')
      vars.set(assignment.slice(0, equals), assignment.slice(equals + 1))
      continue
    }
    break
  }
  program = args.shift()
  if (program === undefined) {
    ctx.stderr.write('usage: mawk [-F value] [-v var=value] [--] \'program text\' [file ...]\n')
    return 2
  }
  let rules: Rule[]
  try {
    rules = parseProgram(program)
  } catch (error) {
    if (!(error instanceof AwkError)) throw error
    ctx.stderr.write(`mawk: line 1: ${error.message}\n`)
    return 2
  }
  const inputs: string[] = []
  for (const operand of args.length ? args : ['-']) {
    const text = readOperand(ctx, operand)
    if (typeof text !== 'string') {
      ctx.stderr.write(`mawk: cannot open ${operand} (${fsMessage(text.error)})\n`)
      return 2
    }
    inputs.push(text)
  }
  try {
    ctx.stdout.write(runProgram(ctx, rules, vars, inputs))
  } catch (error) {
    if (!(error instanceof AwkError)) throw error
    ctx.stderr.write(`mawk: ${error.message}\n`)
    return 2
  }
  return 0
}
