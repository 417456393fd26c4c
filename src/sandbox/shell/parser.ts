/** Tokens → syntax tree, with bash's wording for what it cannot accept. */
import type { AndOr, Assignment, CommandNode, List, Pipeline, Redirect, Word } from './ast.ts'
import { ShellSyntaxError, tokenize } from './lexer.ts'
import type { Token } from './lexer.ts'

export { ShellSyntaxError }

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Reserved words that end a list and so cannot start a command. */
const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', '}', 'esac'])

/** `aliases` looks up the text a first word stands for (interactive shells only). */
export function parse(source: string, aliases?: (name: string) => string | undefined): List {
  const tokens = tokenize(source)
  let pos = 0
  const peek = (): Token | undefined => tokens[pos]
  const isOp = (token: Token | undefined, ...ops: string[]): boolean => token?.kind === 'op' && ops.includes(token.op)
  /** An unquoted word spelled as one of `words` (a reserved word where a command may start). */
  const isWord = (token: Token | undefined, ...words: string[]): boolean => token?.kind === 'word' && words.includes(token.raw)
  const unexpected = (token: Token | undefined): ShellSyntaxError => {
    if (token === undefined) return new ShellSyntaxError('syntax error: unexpected end of file')
    const text = token.kind === 'word' ? token.raw : token.kind === 'op' ? (token.op === '\n' ? 'newline' : token.op) : token.raw
    return new ShellSyntaxError(`syntax error near unexpected token \`${text}'`)
  }
  const skipNewlines = () => {
    while (isOp(peek(), '\n')) pos++
  }
  const expectWord = (word: string) => {
    if (!isWord(peek(), word)) throw unexpected(peek())
    pos++
  }

  /** A list up to one of `terminators` (reserved words, or the `)` operator); `required`: at least one command. */
  function parseList(terminators: string[], required: boolean): List {
    const list: List = []
    const atEnd = () => {
      const next = peek()
      return next === undefined || (next.kind === 'op' ? terminators.includes(next.op) : next.kind === 'word' && terminators.includes(next.raw))
    }
    skipNewlines()
    while (!atEnd()) {
      list.push(parseAndOr())
      const next = peek()
      if (next === undefined) break
      if (isOp(next, ';', '&', '\n')) {
        pos++
        skipNewlines()
        continue
      }
      if (atEnd()) break
      throw unexpected(next)
    }
    if (required && list.length === 0) throw unexpected(peek())
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
    while (isWord(peek(), '!')) {
      negated = !negated
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
    const redirect: Redirect = { fd: token.fd, op: token.op, target: target.word }
    if (token.heredoc) redirect.heredoc = token.heredoc
    return redirect
  }

  function trailingRedirects(): Redirect[] {
    const redirects: Redirect[] = []
    for (let next = peek(); next?.kind === 'redirect'; next = peek()) redirects.push(parseRedirect(next))
    return redirects
  }

  function parseCompound(): CommandNode | undefined {
    const start = peek()
    if (isOp(start, '(')) {
      pos++
      const body = parseList([')'], true)
      if (!isOp(peek(), ')')) throw unexpected(peek())
      pos++
      return { kind: 'subshell', body, redirects: trailingRedirects() }
    }
    if (start?.kind !== 'word') return undefined
    switch (start.raw) {
      case '{': {
        pos++
        const body = parseList(['}'], true)
        expectWord('}')
        return { kind: 'group', body, redirects: trailingRedirects() }
      }
      case 'if': {
        pos++
        const branches: { condition: List; body: List }[] = []
        let otherwise: List | undefined
        for (;;) {
          const condition = parseList(['then'], true)
          expectWord('then')
          branches.push({ condition, body: parseList(['elif', 'else', 'fi'], true) })
          if (isWord(peek(), 'elif')) {
            pos++
            continue
          }
          if (isWord(peek(), 'else')) {
            pos++
            otherwise = parseList(['fi'], true)
          }
          expectWord('fi')
          break
        }
        return { kind: 'if', branches, ...(otherwise ? { otherwise } : {}), redirects: trailingRedirects() }
      }
      case 'while':
      case 'until': {
        pos++
        const condition = parseList(['do'], true)
        expectWord('do')
        const body = parseList(['done'], true)
        expectWord('done')
        return { kind: start.raw, condition, body, redirects: trailingRedirects() }
      }
      case 'for': {
        pos++
        const nameToken = peek()
        if (nameToken?.kind !== 'word') throw unexpected(nameToken)
        if (!NAME.test(nameToken.raw)) throw new ShellSyntaxError(`\`${nameToken.raw}': not a valid identifier`)
        pos++
        let words: Word[] | undefined
        skipNewlines()
        if (isWord(peek(), 'in')) {
          pos++
          words = []
          for (let next = peek(); next?.kind === 'word'; next = peek()) {
            words.push(next.word)
            pos++
          }
          if (!isOp(peek(), ';', '\n')) throw unexpected(peek())
          pos++
        } else if (isOp(peek(), ';')) pos++
        skipNewlines()
        expectWord('do')
        const body = parseList(['done'], true)
        expectWord('done')
        return { kind: 'for', name: nameToken.raw, words, body, redirects: trailingRedirects() }
      }
      case 'function': {
        pos++
        const nameToken = peek()
        if (nameToken?.kind !== 'word') throw unexpected(nameToken)
        pos++
        if (isOp(peek(), '(')) {
          pos++
          if (!isOp(peek(), ')')) throw unexpected(peek())
          pos++
        }
        return functionBody(nameToken.raw)
      }
    }
    if (CLOSERS.has(start.raw)) throw unexpected(start)
    if (isOp(tokens[pos + 1], '(') && NAME.test(start.raw)) {
      pos += 2
      if (!isOp(peek(), ')')) throw unexpected(peek())
      pos++
      return functionBody(start.raw)
    }
    return undefined
  }

  function functionBody(name: string): CommandNode {
    skipNewlines()
    const next = peek()
    if (!(isOp(next, '(') || isWord(next, '{', 'if', 'while', 'until', 'for'))) throw unexpected(next)
    const body = parseCompound() as CommandNode
    return { kind: 'function', name, body, redirects: [] }
  }

  /** Alias expansion: an unquoted first word that names an alias is replaced by its tokens (once per name). */
  function expandAliases() {
    if (!aliases) return
    const seen = new Set<string>()
    for (let next = peek(); next?.kind === 'word' && !seen.has(next.raw); next = peek()) {
      const text = /^[A-Za-z0-9_.:@%+-]+$/.test(next.raw) ? aliases(next.raw) : undefined
      if (text === undefined) return
      seen.add(next.raw)
      tokens.splice(pos, 1, ...tokenize(text))
    }
  }

  function parseCommand(): CommandNode {
    expandAliases()
    const compound = parseCompound()
    if (compound) return compound
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

  const list = parseList([], false)
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
