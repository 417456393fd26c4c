/** tr: translate (SET1 → SET2), -d delete, -s squeeze, -c complement; ranges, classes and escapes. */
import type { Command } from '../types.ts'
import { has, parseArgs } from './_util.ts'

const CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  alnum: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
}
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '\\': '\\' }

function expandSet(set: string): string[] | string {
  const chars: string[] = []
  for (let i = 0; i < set.length; i++) {
    if (set.startsWith('[:', i)) {
      const close = set.indexOf(':]', i)
      const name = close === -1 ? '' : set.slice(i + 2, close)
      const cls = CLASSES[name]
      if (cls === undefined) return `invalid character class '${name}'`
      chars.push(...cls)
      i = close + 1
      continue
    }
    let c = set[i] as string
    if (c === '\\' && i + 1 < set.length) {
      const next = set[++i] as string
      c = ESCAPES[next] ?? next
    }
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const end = set[i + 2] as string
      if (end < c) return `range-endpoints of '${c}-${end}' are in reverse collating sequence order`
      for (let code = c.charCodeAt(0); code <= end.charCodeAt(0); code++) chars.push(String.fromCharCode(code))
      i += 2
      continue
    }
    chars.push(c)
  }
  return chars
}

export const tr: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'tr', { short: 'dscC', long: { delete: 'd', 'squeeze-repeats': 's', complement: 'c' } })
  if (typeof parsed === 'number') return parsed
  const [first, second] = parsed.operands
  const del = has(parsed, 'd')
  const squeeze = has(parsed, 's')
  if (first === undefined) {
    ctx.stderr.write("tr: missing operand\nTry 'tr --help' for more information.\n")
    return 1
  }
  if (second === undefined && !del && !squeeze) {
    ctx.stderr.write(`tr: missing operand after '${first}'\nTry 'tr --help' for more information.\n`)
    return 1
  }
  const set1 = expandSet(first)
  const set2 = second === undefined ? [] : expandSet(second)
  for (const set of [set1, set2]) {
    if (typeof set === 'string') {
      ctx.stderr.write(`tr: ${set}\n`)
      return 1
    }
  }
  const one = new Set(set1 as string[])
  const two = set2 as string[]
  const complement = has(parsed, 'c') || has(parsed, 'C')
  const inSet1 = (c: string) => one.has(c) !== complement
  const map = new Map<string, string>()
  if (!del && !complement) (set1 as string[]).forEach((c, i) => map.set(c, two[Math.min(i, two.length - 1)] ?? c))
  const squeezeSet = new Set(del || second === undefined ? (squeeze && !del ? [...one] : two) : two)
  let out = ''
  for (const c of ctx.stdin.read()) {
    let result: string = c
    if (del) {
      if (inSet1(c)) continue
    } else if (complement && second !== undefined && inSet1(c)) result = two[two.length - 1] ?? c
    else if (second !== undefined) result = map.get(c) ?? c
    if (squeeze && out.endsWith(result) && (squeezeSet.has(result) || (second === undefined && inSet1(result)))) continue
    out += result
  }
  ctx.stdout.write(out)
  return 0
}
