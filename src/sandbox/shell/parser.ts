/** Tokens → syntax tree, with bash's wording for what it cannot accept. */
import type { AndOr, Assignment, CommandNode, List, Pipeline, Redirect, Word } from './ast.ts'
import { ShellSyntaxError, tokenize } from './lexer.ts'
import type { Token } from './lexer.ts'

export { ShellSyntaxError }

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/

export function parse(source: string): List {
  const tokens = tokenize(source)
  let pos = 0
  const peek = (): Token | undefined => tokens[pos]
  const isOp = (token: Token | undefined, ...ops: string[]): boolean => token?.kind === 'op' && ops.includes(token.op)
  const unexpected = (token: Token | undefined): ShellSyntaxError => {
    if (token === undefined) return new ShellSyntaxError('syntax error: unexpected end of file')
    const text = token.kind === 'word' ? token.raw : token.kind === 'op' ? (token.op === '\n' ? 'newline' : token.op) : token.raw
    return new ShellSyntaxError(`syntax error near unexpected token \`${text}'`)
  }
  const skipNewlines = () => {
    while (isOp(peek(), '\n')) pos++
  }

  function parseList(endOp?: string): List {
    const list: List = []
    skipNewlines()
    while (pos < tokens.length && !(endOp && isOp(peek(), endOp))) {
      list.push(parseAndOr())
      const next = peek()
      if (next === undefined) break
      if (isOp(next, ';', '&', '\n')) {
        pos++
        skipNewlines()
        continue
      }
      if (endOp && isOp(next, endOp)) break
      throw unexpected(next)
    }
    return list
  }

  function parseAndOr(): AndOr {
    const first = parsePipeline()
    const rest: AndOr['rest'] = []
    for (let next = peek(); isOp(next, '&&', '||'); next = peek()) {
      pos++
      skipNewlines()
      rest.push({ op: (next as { op: '&&' | '||' }).op, pipeline: parsePipeline() })
    }
    return { first, rest }
  }

  function parsePipeline(): Pipeline {
    let negated = false
    const bang = peek()
    if (bang?.kind === 'word' && bang.raw === '!') {
      negated = true
      pos++
    }
    const commands = [parseCommand()]
    while (isOp(peek(), '|', '|&')) {
      const pipe = peek() as { op: string }
      pos++
      skipNewlines()
      if (pipe.op === '|&') {
        const last = commands[commands.length - 1] as CommandNode
        last.redirects.push({ fd: 2, op: '>&', target: { parts: [{ kind: 'text', text: '1', quoted: false }] } })
      }
      commands.push(parseCommand())
    }
    return { negated, commands }
  }

  function parseRedirect(token: Extract<Token, { kind: 'redirect' }>): Redirect {
    pos++
    const target = peek()
    if (target?.kind !== 'word') throw unexpected(target ?? { kind: 'op', op: '\n' })
    pos++
    return { fd: token.fd, op: token.op, target: target.word }
  }

  function parseCommand(): CommandNode {
    const start = peek()
    if (isOp(start, '(')) {
      pos++
      const body = parseList(')')
      if (!isOp(peek(), ')')) throw unexpected(peek())
      if (body.length === 0) throw unexpected(peek())
      pos++
      const redirects: Redirect[] = []
      for (let next = peek(); next?.kind === 'redirect'; next = peek()) redirects.push(parseRedirect(next))
      return { kind: 'subshell', body, redirects }
    }
    const assignments: Assignment[] = []
    const words: Word[] = []
    const redirects: Redirect[] = []
    for (let next = peek(); next !== undefined; next = peek()) {
      if (next.kind === 'redirect') {
        redirects.push(parseRedirect(next))
        continue
      }
      if (next.kind !== 'word') break
      const match = words.length === 0 ? assignmentOf(next) : undefined
      if (match) assignments.push(match)
      else words.push(next.word)
      pos++
    }
    if (words.length === 0 && assignments.length === 0 && redirects.length === 0) {
      throw unexpected(peek() ?? (pos > 0 ? undefined : { kind: 'op', op: '\n' }))
    }
    return { kind: 'simple', assignments, words, redirects }
  }

  const list = parseList()
  if (pos < tokens.length) throw unexpected(peek())
  return list
}

/** `NAME=value` as the first words of a command: the name must be unquoted text. */
function assignmentOf(token: Extract<Token, { kind: 'word' }>): Assignment | undefined {
  const first = token.word.parts[0]
  if (first?.kind !== 'text' || first.quoted) return undefined
  const match = ASSIGNMENT.exec(first.text)
  if (!match) return undefined
  const name = match[1] as string
  const restText = first.text.slice(match[0].length)
  const parts = [...(restText ? [{ ...first, text: restText }] : []), ...token.word.parts.slice(1)]
  return { name, value: { parts } }
}
