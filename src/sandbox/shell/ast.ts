/** The syntax tree of one command line, as the parser builds it and the interpreter walks it. */

export type WordPart =
  /** `quoted` text is never split or globbed */
  | { kind: 'text'; text: string; quoted: boolean }
  | { kind: 'param'; name: string; op?: ParamOp; arg?: Word; length?: boolean; quoted: boolean }
  | { kind: 'command'; source: string; quoted: boolean }
  | { kind: 'arith'; source: string; quoted: boolean }
  | { kind: 'tilde'; user: string }

export type ParamOp = ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?'

export interface Word {
  parts: WordPart[]
}

export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<<'

export interface Redirect {
  fd: number
  op: RedirectOp
  target: Word
}

export interface Assignment {
  name: string
  value: Word
}

export interface SimpleCommand {
  kind: 'simple'
  assignments: Assignment[]
  words: Word[]
  redirects: Redirect[]
}

export interface Subshell {
  kind: 'subshell'
  body: List
  redirects: Redirect[]
}

export type CommandNode = SimpleCommand | Subshell

export interface Pipeline {
  negated: boolean
  commands: CommandNode[]
}

export interface AndOr {
  first: Pipeline
  rest: { op: '&&' | '||'; pipeline: Pipeline }[]
}

export type List = AndOr[]
