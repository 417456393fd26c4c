/** $(( … )): integers with + - * / % and parentheses, names read as variables. */
import { ExpansionError } from './errors.ts'

export function evaluateArithmetic(source: string, scope: { variable(name: string): string | undefined }): number {
  const tokens = source.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|[-+*/%()]|\S/g) ?? []
  let pos = 0
  const fail = (): never => {
    throw new ExpansionError(`${source.trim()}: syntax error: operand expected (error token is "${tokens.slice(pos).join(' ')}")`)
  }
  const primary = (): number => {
    const token = tokens[pos++]
    if (token === undefined) return fail()
    if (token === '(') {
      const value = sum()
      if (tokens[pos++] !== ')') fail()
      return value
    }
    if (token === '-') return -primary()
    if (token === '+') return primary()
    if (/^\d+$/.test(token)) return Number(token)
    if (/^[A-Za-z_]/.test(token)) return Number.parseInt(scope.variable(token) ?? '0', 10) || 0
    pos--
    return fail()
  }
  const product = (): number => {
    let value = primary()
    while (tokens[pos] === '*' || tokens[pos] === '/' || tokens[pos] === '%') {
      const op = tokens[pos++]
      const right = primary()
      if (op !== '*' && right === 0) throw new ExpansionError(`${source.trim()}: division by 0 (error token is "${tokens.slice(pos - 1).join('')}")`)
      value = op === '*' ? value * right : op === '/' ? Math.trunc(value / right) : value % right
    }
    return value
  }
  const sum = (): number => {
    let value = product()
    while (tokens[pos] === '+' || tokens[pos] === '-') value = tokens[pos++] === '+' ? value + product() : value - product()
    return value
  }
  if (tokens.length === 0) return 0
  const value = sum()
  if (pos < tokens.length) fail()
  return value
}
