// Modules served by src/node/vite-plugin-lessons.ts.

declare module 'virtual:lessons' {
  /** Every lesson in course order, without its content. */
  export const lessons: import('./data/types.ts').LessonSummary[]
  /** Loads one lesson's rendered content (a separate chunk per lesson). */
  export function loadLesson(slug: string): Promise<import('./data/types.ts').LessonContent | undefined>
}
