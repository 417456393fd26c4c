import { LineCounter, isMap, parseDocument } from 'yaml'
import type { z } from 'zod'
import { LessonError } from './error.ts'

/** Where a YAML text sits in its lesson file: the file and the 1-based line of its first line. */
export interface YamlOrigin {
  file: string
  firstLine: number
}

/**
 * Parses a small YAML mapping and validates it with `schema`. Every mistake becomes a
 * LessonError pointing at the line of the offending key, or at the first line otherwise.
 */
export function parseYaml<S extends z.ZodType>(text: string, schema: S, origin: YamlOrigin): z.infer<S> {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true })
  const lineOf = (offset: number) => origin.firstLine + lineCounter.linePos(offset).line - 1

  const yamlError = doc.errors[0]
  if (yamlError) {
    // The library's own "at line N" counts from the block, not the file: drop it, ours is in front.
    const detail = (yamlError.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')
    throw new LessonError(origin.file, lineOf(yamlError.pos[0]), `YAML を読めません: ${detail}`, `invalid YAML: ${detail}`)
  }

  const data: unknown = doc.toJS() ?? {}
  const result = schema.safeParse(data)
  if (result.success) return result.data

  const issue = result.error.issues[0]!
  const keyLine = (key: PropertyKey | undefined): number => {
    if (isMap(doc.contents) && typeof key === 'string') {
      for (const pair of doc.contents.items) {
        const node = pair.key as { value?: unknown; range?: [number, number, number] } | null
        if (node?.value === key && node.range) return lineOf(node.range[0])
      }
    }
    return origin.firstLine
  }

  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    throw new LessonError(origin.file, keyLine(key), `知らないキー「${key}」があります`, `unknown key "${key}"`)
  }
  const key = issue.path[0]
  if (key === undefined) {
    throw new LessonError(origin.file, origin.firstLine, '「キー: 値」の形で書いてください', 'expected a mapping of "key: value"')
  }
  const name = String(key ?? '')
  if (typeof data === 'object' && data !== null && !(key in data)) {
    throw new LessonError(origin.file, origin.firstLine, `「${name}」がありません`, `missing "${name}"`)
  }
  const [ja, en] = explain(issue)
  throw new LessonError(origin.file, keyLine(key), `「${name}」が正しくありません: ${ja}`, `invalid "${name}": ${en}`)
}

/** Japanese and English for a zod issue; schema messages written as "日本語 / English" are split. */
function explain(issue: z.core.$ZodIssue): [string, string] {
  if (issue.message.includes(' / ')) return issue.message.split(' / ', 2) as [string, string]
  if (issue.code === 'invalid_value') {
    const values = issue.values.map(String)
    return [`${values.join('、')} のどれかを書いてください`, `expected one of ${values.join(', ')}`]
  }
  if (issue.code === 'invalid_type') return [`${issue.expected} で書いてください`, `expected ${issue.expected}`]
  return [issue.message, issue.message]
}
