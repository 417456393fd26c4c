import { readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkIds } from '../../checker/catalog.ts'
import { checkCourse, parseLesson, type Lesson } from '../shared/lesson/index.ts'

export const defaultLessonsDir = fileURLToPath(new URL('../../lessons', import.meta.url))

const lessonFilePattern = /^\d+-.+\.md$/
const knownChecks: ReadonlySet<string> = new Set(checkIds)

/** Lesson files of a folder, in course order (README.md and other files are not lessons). */
export async function lessonFiles(dir = defaultLessonsDir): Promise<string[]> {
  const names = await readdir(dir)
  return names.filter((name) => lessonFilePattern.test(name)).sort().map((name) => join(dir, name))
}

/**
 * Reads and validates every lesson of a folder. Throws a LessonError naming the file
 * (relative to the working directory) and the line of the first mistake.
 */
export async function loadLessons(dir = defaultLessonsDir): Promise<Lesson[]> {
  const files = await lessonFiles(dir)
  const lessons = await Promise.all(
    files.map(async (path) => parseLesson(await readFile(path, 'utf8'), { file: relative(process.cwd(), path) || path, knownChecks })),
  )
  return checkCourse(lessons)
}
