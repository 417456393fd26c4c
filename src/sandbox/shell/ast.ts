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

export type RedirectOp = '>' | '>>' | '<' | '>&' | '<&' | '&>' | '&>>' | '<<<' | '<<' | '<<-'

export interface Redirect {
  fd: number
  op: RedirectOp
  /** for a here-document: its delimiter */
  target: Word
  /** a here-document's body (quoted parts only: `<<'EOF'` keeps it literal) */
  heredoc?: Word
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

/** `{ LIST; }` */
export interface Group {
  kind: 'group'
  body: List
  redirects: Redirect[]
}

export interface If {
  kind: 'if'
  /** `if`/`elif` conditions with their bodies, in order */
  branches: { condition: List; body: List }[]
  otherwise?: List
  redirects: Redirect[]
}

/** `while` and `until` */
export interface Loop {
  kind: 'while' | 'until'
  condition: List
  body: List
  redirects: Redirect[]
}

export interface For {
  kind: 'for'
  name: string
  /** undefined: `for x; do` iterates "$@" */
  words: Word[] | undefined
  body: List
  redirects: Redirect[]
}

export interface FunctionDef {
  kind: 'function'
  name: string
  body: CommandNode
  redirects: Redirect[]
}

export type CommandNode = SimpleCommand | Subshell | Group | If | Loop | For | FunctionDef

export interface Pipeline {
  negated: boolean
  commands: CommandNode[]
}

export interface AndOr {
  first: Pipeline
  rest: { op: '&&' | '||'; pipeline: Pipeline }[]
}

export type List = AndOr[]
