import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkIds } from '../../../checker/catalog.ts'
import { LessonError, parseLesson } from '../../../src/shared/lesson/index.ts'

const knownChecks = new Set<string>(checkIds)
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/lesson-errors/${name}.md`, import.meta.url), 'utf8')

/** Each broken fixture and the error it must give: the line, and a piece of the English message. */
const cases: Array<[fixture: string, line: number, message: string]> = [
  ['no-front-matter', 1, 'must start with front matter'],
  ['unclosed-front-matter', 1, 'not closed with "---"'],
  ['unknown-front-matter-key', 3, 'unknown key "titel"'],
  ['missing-title', 2, 'missing "title"'],
  ['invalid-yaml', 3, 'invalid YAML'],
  ['unknown-kind', 4, 'invalid "kind"'],
  ['step-without-id', 6, 'must end with {#step-id}'],
  ['bad-step-id', 6, 'step id "Step_One"'],
  ['duplicate-step-id', 20, 'duplicate step id "a" (first on line 6)'],
  ['missing-step-block', 6, 'needs exactly one ```step block'],
  ['two-step-blocks', 12, 'needs exactly one ```step block'],
  ['unknown-check', 9, 'unknown check id "ssh.port-typo"'],
  ['unknown-step-key', 10, 'unknown key "check"'],
  ['empty-checks', 9, 'checks must name at least one check'],
  ['missing-solve', 6, 'needs exactly one ```sh solve block'],
  ['prompt-in-command', 14, 'do not write the "$ " prompt'],
  ['heading-level-one', 6, 'no "#" heading in the body'],
  ['no-steps', 5, 'needs at least one step'],
  ['glossary-bad-item', 10, '"- **term**: explanation"'],
  ['glossary-with-step', 11, 'a glossary has no step blocks'],
]

describe('a malformed lesson names its file and line', () => {
  it.each(cases)('%s → line %i', (name, line, message) => {
    const file = `lessons/01-${name}.md`
    let error: unknown
    try {
      parseLesson(fixture(name), { file, knownChecks })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LessonError)
    const lessonError = error as LessonError
    expect({ file: lessonError.file, line: lessonError.line }).toEqual({ file, line })
    expect(lessonError.en).toContain(message)
    expect(lessonError.message.startsWith(`${file}:${line}: `)).toBe(true)
    // The Japanese half is there for the course authors.
    expect(lessonError.ja).toMatch(/[ぁ-んァ-ヶ一-龠]/)
  })

  it('rejects a file name without a number', () => {
    expect(() => parseLesson(fixture('no-steps'), { file: 'lessons/updates.md' })).toThrow(/lessons\/updates\.md:1: .*NN-slug\.md/)
  })
})
