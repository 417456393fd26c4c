/**
 * Word expansion in bash's order: tilde, parameters, command substitution, arithmetic, then
 * field splitting of unquoted results, then pathname expansion. Quoted text is never split or globbed.
 */
import type { Cred, FileSystem } from '../fs/types.ts'
import type { Word, WordPart } from './ast.ts'
import { escapeGlob, glob, hasUnescapedGlob } from './glob.ts'
import type { GlobWord } from './glob.ts'
import { evaluateArithmetic } from './arithmetic.ts'
import { ExpansionError } from './errors.ts'
import { tokenize } from './lexer.ts'

export interface ExpansionScope {
  variable(name: string): string | undefined
  assign(name: string, value: string): void
  home: string
  homeOf(name: string): string | undefined
  substitute(source: string): Promise<string>
  fs: FileSystem
  cwd: string
  cred: Cred
  /** set -u: an unset variable is an error */
  nounset?: boolean
  /** "$@" makes one field per positional parameter */
  positional?: () => string[]
}

const IFS_WHITESPACE = /[ \t\n]+/

async function expandParam(part: Extract<WordPart, { kind: 'param' }>, scope: ExpansionScope): Promise<string> {
  const value = scope.variable(part.name)
  if (value === undefined && scope.nounset && (!part.op || part.op.endsWith('?')) && !'@*'.includes(part.name)) {
    const error = new ExpansionError(`${part.name}: unbound variable`)
    error.fatal = true
    throw error
  }
  if (part.length) return String([...(value ?? '')].length)
  if (!part.op) return value ?? ''
  const unset = value === undefined
  const empty = unset || value === ''
  const missing = part.op.startsWith(':') ? empty : unset
  const argument = async () => (part.arg ? joinWord(part.arg, scope) : '')
  switch (part.op) {
    case ':-':
    case '-':
      return missing ? argument() : (value ?? '')
    case ':=':
    case '=':
      if (missing) {
        const assigned = await argument()
        scope.assign(part.name, assigned)
        return assigned
      }
      return value ?? ''
    case ':+':
    case '+':
      return missing ? '' : argument()
    case ':?':
    case '?': {
      if (!missing) return value ?? ''
      const message = await argument()
      const error = new ExpansionError(`${part.name}: ${message || 'parameter null or not set'}`)
      error.fatal = true
      throw error
    }
  }
}

async function partValue(part: WordPart, scope: ExpansionScope): Promise<string> {
  switch (part.kind) {
    case 'text':
      return part.text
    case 'tilde':
      return part.user === '' ? scope.home : (scope.homeOf(part.user) ?? `~${part.user}`)
    case 'param':
      return expandParam(part, scope)
    case 'command':
      return (await scope.substitute(part.source)).replace(/\n+$/, '')
    case 'arith':
      return String(evaluateArithmetic(await expandText(part.source, scope), scope))
  }
}

/** `$x` inside $(( )) is expanded first, as bash does. */
async function expandText(source: string, scope: ExpansionScope): Promise<string> {
  if (!source.includes('$')) return source
  const tokens = tokenize(source)
  const pieces: string[] = []
  for (const token of tokens) pieces.push(token.kind === 'word' ? await joinWord(token.word, scope) : token.kind === 'op' ? token.op : token.raw)
  return pieces.join(' ')
}

/** A word expanded to one string: no splitting, no globbing (assignments, redirect targets, ${x:-arg}). */
export async function joinWord(word: Word, scope: ExpansionScope): Promise<string> {
  let result = ''
  for (const part of word.parts) result += await partValue(part, scope)
  return result
}

/** A word expanded to fields: split where unquoted expansions hold whitespace, then globbed. */
export async function expandWord(word: Word, scope: ExpansionScope): Promise<string[]> {
  const fields: GlobWord[] = []
  let current: GlobWord | undefined
  const open = (): GlobWord => (current ??= { literal: '', pattern: '', hasGlob: false })
  const close = () => {
    if (current) fields.push(current)
    current = undefined
  }
  for (const part of word.parts) {
    if (part.kind === 'param' && part.name === '@' && part.quoted && !part.op && !part.length && scope.positional) {
      // "$@": each parameter its own field, joined to the text around it at the ends
      scope.positional().forEach((param, index) => {
        if (index > 0) close()
        const field = open()
        field.literal += param
        field.pattern += escapeGlob(param)
      })
      continue
    }
    const value = await partValue(part, scope)
    const quoted = part.kind === 'tilde' || part.quoted
    const splittable = !quoted && part.kind !== 'text'
    if (splittable) {
      const pieces = value.split(IFS_WHITESPACE)
      pieces.forEach((piece, index) => {
        if (index > 0) close()
        if (piece === '') return
        const field = open()
        field.literal += piece
        field.pattern += piece
        field.hasGlob ||= hasUnescapedGlob(piece)
      })
      continue
    }
    const field = open()
    field.literal += value
    if (quoted) field.pattern += escapeGlob(value)
    else {
      field.pattern += value
      field.hasGlob ||= hasUnescapedGlob(value)
    }
  }
  close()
  const words: string[] = []
  for (const field of fields) {
    if (field.hasGlob) {
      const matches = glob(field.pattern, scope.cwd, scope.fs, scope.cred)
      if (matches.length > 0) {
        words.push(...matches)
        continue
      }
    }
    words.push(field.literal)
  }
  return words
}
