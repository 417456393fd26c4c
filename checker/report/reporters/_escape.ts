/**
 * Text from the system (a hostname, an sshd -t message, a file name) reaches every reporter. A
 * terminal would obey its escape sequences and an XML parser would reject its control characters,
 * so they are shown instead: `\x1b` for C0, DEL and C1 (except tab and newline), `\u202e` for
 * bidirectional overrides, line separators and lone surrogates. Our own colours are added later.
 */
import type { Report } from '../schema.ts'

const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

function escapeChar(char: string): string {
  const code = char.charCodeAt(0)
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
}

export function visible(text: string): string {
  return text.replace(unsafe, escapeChar)
}

/** The same report with every string made visible (numbers, booleans and ids left alone). */
export function visibleReport(report: Report): Report {
  return deepMap(report) as Report
}

function deepMap(value: unknown): unknown {
  if (typeof value === 'string') return visible(value)
  if (Array.isArray(value)) return value.map(deepMap)
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, deepMap(inner)]))
  return value
}

/** For JSON: the same characters as \u escapes, so the text is unchanged once parsed. */
export function jsonSafe(json: string): string {
  return json.replace(unsafe, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
