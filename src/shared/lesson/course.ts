import { LessonError } from './error.ts'
import type { Lesson } from './schema.ts'

/**
 * Checks what no single file can: step ids unique across the course and one lesson per number.
 * Returns the lessons in course order.
 */
export function checkCourse(lessons: readonly Lesson[]): Lesson[] {
  const ordered = [...lessons].sort((a, b) => a.order - b.order)
  const orders = new Map<number, Lesson>()
  const slugs = new Map<string, Lesson>()
  const steps = new Map<string, { file: string; line: number }>()
  for (const lesson of ordered) {
    const sameOrder = orders.get(lesson.order)
    if (sameOrder) {
      throw new LessonError(lesson.file, 1, `番号 ${lesson.order} は ${sameOrder.file} と重複しています`, `lesson number ${lesson.order} is also used by ${sameOrder.file}`)
    }
    const sameSlug = slugs.get(lesson.slug)
    if (sameSlug) {
      throw new LessonError(lesson.file, 1, `「${lesson.slug}」は ${sameSlug.file} と重複しています`, `slug "${lesson.slug}" is also used by ${sameSlug.file}`)
    }
    orders.set(lesson.order, lesson)
    slugs.set(lesson.slug, lesson)
    for (const step of lesson.steps) {
      const first = steps.get(step.id)
      if (first) {
        throw new LessonError(lesson.file, step.line, `ステップ ID「${step.id}」は ${first.file}:${first.line} と重複しています`, `duplicate step id "${step.id}" (first at ${first.file}:${first.line})`)
      }
      steps.set(step.id, { file: lesson.file, line: step.line })
    }
  }
  return ordered
}
