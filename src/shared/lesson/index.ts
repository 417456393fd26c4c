export { LessonError } from './error.ts'
export { parseLesson, type ParseLessonOptions } from './parse.ts'
export { checkCourse } from './course.ts'
export * from './schema.ts'
