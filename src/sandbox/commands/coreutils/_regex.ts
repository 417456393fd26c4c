/**
 * POSIX basic/extended regular expressions to JavaScript ones. Bracket classes ([:space:]) and
 * word anchors (\< \>) are translated; in BRE `\(`, `\{`, `\|`, `\+`, `\?` are the operators.
 */
const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f\\x7f',
}

export class RegexError extends Error {}

export function posixToJs(pattern: string, extended: boolean): string {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string
    if (c === '[') {
      const { source, end } = bracket(pattern, i)
      out += source
      i = end
      continue
    }
    if (c === '\\') {
      const next = pattern[++i]
      if (next === undefined) throw new RegexError('Trailing backslash')
      if (next === '<') out += '\\b(?=\\w)'
      else if (next === '>') out += '\\b(?<=\\w)'
      else if (!extended && '(){}|+?'.includes(next)) out += next
      else if (/[1-9wWsSbB]/.test(next)) out += `\\${next}`
      else if (next === 'n') out += '\\n'
      else out += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
      continue
    }
    if (!extended && '(){}|+?'.includes(c)) {
      out += `\\${c}`
      continue
    }
    if (c === '*' && (out === '' || out.endsWith('(') || out.endsWith('|') || out === '^')) {
      out += '\\*'
      continue
    }
    if (c === '{' && extended && !/^\{\d*(,\d*)?\}/.test(pattern.slice(i))) {
      out += '\\{'
      continue
    }
    if (c === '/') out += '\\/'
    else out += c
  }
  return out
}

function bracket(pattern: string, start: number): { source: string; end: number } {
  let i = start + 1
  let body = ''
  if (pattern[i] === '^') {
    body += '^'
    i++
  }
  if (pattern[i] === ']') {
    body += '\\]'
    i++
  }
  while (i < pattern.length && pattern[i] !== ']') {
    if (pattern.startsWith('[:', i)) {
      const close = pattern.indexOf(':]', i)
      const name = close === -1 ? undefined : pattern.slice(i + 2, close)
      const cls = name === undefined ? undefined : CLASSES[name]
      if (cls === undefined) throw new RegexError('Invalid character class name')
      body += cls
      i = close + 2
      continue
    }
    const c = pattern[i] as string
    body += c === '\\' || c === '[' ? `\\${c}` : c
    i++
  }
  if (i >= pattern.length) throw new RegexError('Unmatched [, [^, [:, [., or [=')
  return { source: `[${body}]`, end: i }
}

export function compile(pattern: string, extended: boolean, flags: string): RegExp {
  try {
    return new RegExp(posixToJs(pattern, extended), flags)
  } catch (error) {
    if (error instanceof RegexError) throw error
    throw new RegexError(extended ? 'Unmatched ( or \\(' : 'Invalid regular expression')
  }
}
