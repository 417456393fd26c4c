/**
 * Splits a command line into words and operators, keeping how each piece was quoted so the
 * expansion step can tell `$x` (split, globbed) from `"$x"` (kept whole).
 */
import type { ParamOp, Redirect, RedirectOp, Word, WordPart } from './ast.ts'

export type Token =
  | { kind: 'word'; word: Word; raw: string }
  | { kind: 'op'; op: string }
  | { kind: 'redirect'; fd: number; op: RedirectOp; raw: string; heredoc?: Word }

/** A syntax error worded as bash words it (without the `bash: ` prefix). */
export class ShellSyntaxError extends Error {}

const METACHARS = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')'])
const OPERATORS = ['&&', '||', ';;', '|&', '|', ';', '&', '(', ')', '\n']
const REDIRECTS: RedirectOp[] = ['&>>', '<<<', '<<-', '<<', '&>', '>>', '>&', '<&', '>', '<']
const PARAM_OPS: ParamOp[] = [':-', ':=', ':+', ':?', '-', '=', '+', '?']

const isNameStart = (c: string | undefined) => c !== undefined && /[A-Za-z_]/.test(c)
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c)

export function tokenize(line: string): Token[] {
  const tokens: Token[] = []
  /** here-documents whose bodies start after the next newline */
  let pending: { token: Extract<Token, { kind: 'redirect' }>; delimiter: string; quoted: boolean; stripTabs: boolean }[] = []
  let i = 0
  while (i < line.length) {
    const c = line[i] as string
    if (c === ' ' || c === '\t') {
      i++
      continue
    }
    if (c === '\\' && line[i + 1] === '\n') {
      i += 2
      continue
    }
    if (c === '#') {
      while (i < line.length && line[i] !== '\n') i++
      continue
    }
    const fdMatch = /^(\d+)(?=[<>])/.exec(line.slice(i, i + 12))
    const redirectAt = fdMatch ? i + (fdMatch[1] as string).length : i
    const redirect = REDIRECTS.find((op) => line.startsWith(op, redirectAt))
    if (redirect) {
      const defaultFd = redirect.startsWith('<') ? 0 : 1
      const fd = fdMatch ? Number(fdMatch[1]) : defaultFd
      const token: Extract<Token, { kind: 'redirect' }> = { kind: 'redirect', fd, op: redirect, raw: line.slice(i, redirectAt + redirect.length) }
      tokens.push(token)
      i = redirectAt + redirect.length
      if (redirect === '<<' || redirect === '<<-') {
        while (line[i] === ' ' || line[i] === '\t') i++
        if (i >= line.length || METACHARS.has(line[i] as string)) continue // the parser reports the missing word
        const start = i
        const lexed = lexWord(line, i, false)
        i = lexed.end
        const raw = line.slice(start, i)
        tokens.push({ kind: 'word', word: lexed.word, raw })
        pending.push({ token, delimiter: raw.replace(/\\(.)|['"]/g, '$1'), quoted: /['"\\]/.test(raw), stripTabs: redirect === '<<-' })
      }
      continue
    }
    const op = OPERATORS.find((candidate) => line.startsWith(candidate, i))
    if (op) {
      tokens.push({ kind: 'op', op })
      i += op.length
      if (op === '\n' && pending.length > 0) {
        for (const doc of pending) i = readHeredoc(line, i, doc)
        pending = []
      }
      continue
    }
    const start = i
    const lexed = lexWord(line, i, false)
    i = lexed.end
    tokens.push({ kind: 'word', word: lexed.word, raw: line.slice(start, i) })
  }
  for (const doc of pending) readHeredoc(line, line.length, doc)
  return tokens
}

/** Reads a here-document's lines from `start` up to its delimiter line; returns where the rest of the line resumes. */
function readHeredoc(line: string, start: number, doc: { token: { heredoc?: Word }; delimiter: string; quoted: boolean; stripTabs: boolean }): number {
  let i = start
  let body = ''
  while (i < line.length) {
    const newline = line.indexOf('\n', i)
    const end = newline === -1 ? line.length : newline
    let text = line.slice(i, end)
    if (doc.stripTabs) text = text.replace(/^\t+/, '')
    i = newline === -1 ? line.length : newline + 1
    if (text === doc.delimiter) {
      doc.token.heredoc = heredocWord(body, doc.quoted)
      return i
    }
    body += `${text}\n`
  }
  // bash warns (here-document delimited by end-of-file) and takes what there is
  doc.token.heredoc = heredocWord(body, doc.quoted)
  return i
}

/** An unquoted here-document expands $x, $(…) and `…`; a backslash quotes only $ ` \\ and newline. */
function heredocWord(body: string, quoted: boolean): Word {
  if (quoted) return { parts: [{ kind: 'text', text: body, quoted: true }] }
  const parts: WordPart[] = []
  let text = ''
  let i = 0
  while (i < body.length) {
    const c = body[i] as string
    if (c === '\\' && i + 1 < body.length && '$`\\\n'.includes(body[i + 1] as string)) {
      if (body[i + 1] !== '\n') text += body[i + 1]
      i += 2
      continue
    }
    if (c === '$' || c === '`') {
      const expansion = lexDollar(body, i, true)
      if (expansion) {
        if (text !== '') parts.push({ kind: 'text', text, quoted: true })
        text = ''
        parts.push(expansion.part)
        i = expansion.end
        continue
      }
    }
    text += c
    i++
  }
  if (text !== '' || parts.length === 0) parts.push({ kind: 'text', text, quoted: true })
  return { parts }
}

/** Reads one word from `start`; with `inBraces` it stops at an unquoted `}` (the arg of ${x:-arg}). */
function lexWord(line: string, start: number, inBraces: boolean): { word: Word; end: number } {
  const parts: WordPart[] = []
  let text = ''
  let textQuoted = false
  const flush = () => {
    if (text !== '') parts.push({ kind: 'text', text, quoted: textQuoted })
    text = ''
  }
  const addText = (value: string, quoted: boolean) => {
    if (text !== '' && textQuoted !== quoted) flush()
    textQuoted = quoted
    text += value
  }
  let i = start
  if (!inBraces && line[i] === '~') {
    let j = i + 1
    while (j < line.length && /[A-Za-z0-9_.-]/.test(line[j] as string)) j++
    const next = line[j]
    if (next === undefined || next === '/' || METACHARS.has(next)) {
      parts.push({ kind: 'tilde', user: line.slice(i + 1, j) })
      i = j
    }
  }
  while (i < line.length) {
    const c = line[i] as string
    if (inBraces ? c === '}' : METACHARS.has(c)) break
    if (c === '\\') {
      if (line[i + 1] === '\n') {
        i += 2
        continue
      }
      if (i + 1 < line.length) addText(line[i + 1] as string, true)
      i += 2
      continue
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1)
      if (close === -1) throw new ShellSyntaxError("unexpected EOF while looking for matching `''")
      if (close > i + 1) addText(line.slice(i + 1, close), true)
      else {
        // an empty '' still makes a (quoted, empty) word
        flush()
        parts.push({ kind: 'text', text: '', quoted: true })
      }
      i = close + 1
      continue
    }
    if (c === '"') {
      flush()
      i = lexDoubleQuoted(line, i + 1, parts)
      continue
    }
    if (c === '$' || c === '`') {
      const expansion = lexDollar(line, i, false)
      if (expansion) {
        flush()
        parts.push(expansion.part)
        i = expansion.end
        continue
      }
    }
    addText(c, false)
    i++
  }
  flush()
  return { word: { parts }, end: i }
}

function lexDoubleQuoted(line: string, start: number, parts: WordPart[]): number {
  let text = ''
  let i = start
  let sawAnything = false
  while (i < line.length) {
    const c = line[i] as string
    if (c === '"') {
      if (text !== '' || !sawAnything) parts.push({ kind: 'text', text, quoted: true })
      return i + 1
    }
    if (c === '\\' && i + 1 < line.length && '$`"\\\n'.includes(line[i + 1] as string)) {
      if (line[i + 1] !== '\n') text += line[i + 1]
      i += 2
      continue
    }
    if (c === '$' || c === '`') {
      const expansion = lexDollar(line, i, true)
      if (expansion) {
        if (text !== '') parts.push({ kind: 'text', text, quoted: true })
        text = ''
        sawAnything = true
        parts.push(expansion.part)
        i = expansion.end
        continue
      }
    }
    text += c
    i++
  }
  throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'')
}

/** Finds the `)` closing a `$(` that opened before `start`, skipping quotes and nested parens. */
function matchingParen(line: string, start: number): number {
  let depth = 1
  let i = start
  while (i < line.length) {
    const c = line[i] as string
    if (c === '\\') i += 2
    else if (c === "'") {
      const close = line.indexOf("'", i + 1)
      if (close === -1) break
      i = close + 1
    } else if (c === '"') {
      i++
      while (i < line.length && line[i] !== '"') i += line[i] === '\\' ? 2 : 1
      i++
    } else {
      if (c === '(') depth++
      if (c === ')' && --depth === 0) return i
      i++
    }
  }
  throw new ShellSyntaxError("unexpected EOF while looking for matching `)'")
}

function lexDollar(line: string, i: number, quoted: boolean): { part: WordPart; end: number } | undefined {
  if (line[i] === '`') {
    let j = i + 1
    let source = ''
    while (j < line.length && line[j] !== '`') {
      if (line[j] === '\\' && j + 1 < line.length) {
        source += line[j + 1]
        j += 2
      } else source += line[j++]
    }
    if (j >= line.length) throw new ShellSyntaxError('unexpected EOF while looking for matching ``\'')
    return { part: { kind: 'command', source, quoted }, end: j + 1 }
  }
  const next = line[i + 1]
  if (next === '(') {
    if (line[i + 2] === '(') {
      const close = matchingParen(line, i + 3)
      if (line[close + 1] !== ')') throw new ShellSyntaxError("unexpected EOF while looking for matching `)'")
      return { part: { kind: 'arith', source: line.slice(i + 3, close), quoted }, end: close + 2 }
    }
    const close = matchingParen(line, i + 2)
    return { part: { kind: 'command', source: line.slice(i + 2, close), quoted }, end: close + 1 }
  }
  if (next === '{') return lexBraced(line, i + 2, quoted)
  if (next !== undefined && '?$#!@*-0123456789'.includes(next)) {
    return { part: { kind: 'param', name: next, quoted }, end: i + 2 }
  }
  if (isNameStart(next)) {
    let j = i + 1
    while (isNameChar(line[j])) j++
    return { part: { kind: 'param', name: line.slice(i + 1, j), quoted }, end: j }
  }
  return undefined
}

function lexBraced(line: string, start: number, quoted: boolean): { part: WordPart; end: number } {
  const close = line.indexOf('}', start)
  if (close === -1) throw new ShellSyntaxError("unexpected EOF while looking for matching `}'")
  let i = start
  const length = line[i] === '#' && line[i + 1] !== '}'
  if (length) i++
  let j = i
  if (isNameStart(line[j])) while (isNameChar(line[j])) j++
  else if (line[j] !== undefined && '?$#!@*0123456789'.includes(line[j] as string)) j++
  const name = line.slice(i, j)
  const badSubstitution = () => new ShellSyntaxError(`\${${line.slice(start, close)}}: bad substitution`)
  if (name === '') throw badSubstitution()
  if (line[j] === '}') return { part: { kind: 'param', name, length, quoted }, end: j + 1 }
  const op = PARAM_OPS.find((candidate) => line.startsWith(candidate, j))
  if (!op || length) throw badSubstitution()
  const arg = lexWord(line, j + op.length, true)
  if (line[arg.end] !== '}') throw new ShellSyntaxError("unexpected EOF while looking for matching `}'")
  return { part: { kind: 'param', name, op, arg: arg.word, quoted }, end: arg.end + 1 }
}

export type { Redirect }
