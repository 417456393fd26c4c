/**
 * A mistake in a lesson file. The message names the file and the 1-based line,
 * in Japanese for the course authors and in English after a slash.
 */
export class LessonError extends Error {
  override readonly name = 'LessonError'

  constructor(
    readonly file: string,
    readonly line: number,
    readonly ja: string,
    readonly en: string,
  ) {
    super(`${file}:${line}: ${ja} / ${en}`)
  }
}
