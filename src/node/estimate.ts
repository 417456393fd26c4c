/**
 * How long a lesson takes, estimated at build time from what the learner reads and types.
 * Japanese prose reads at roughly 400–600 characters a minute; we take the slow end, since a
 * learner reads to act. Each command costs typing it, reading its output and comparing that
 * with the lesson: about a minute and a half.
 */
export interface LessonSize {
  /** Characters of prose (commands and output examples not counted). */
  textChars: number
  /** Commands the learner runs. */
  commands: number
}

const charsPerMinute = 400
const minutesPerCommand = 1.5
/** Shown in steps of this many minutes: a finer number would promise a precision we lack. */
const roundTo = 5

export function estimateMinutes(size: LessonSize): number {
  const minutes = size.textChars / charsPerMinute + size.commands * minutesPerCommand
  return Math.max(roundTo, Math.ceil(minutes / roundTo) * roundTo)
}

/** The prose of rendered HTML: code blocks dropped, tags removed, whitespace collapsed. */
export function proseChars(html: string): number {
  const text = html
    .replace(/<pre\b[\s\S]*?<\/pre>/g, '')
    .replace(/<button\b[\s\S]*?<\/button>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, 'x')
    .replace(/\s+/g, '')
  return [...text].length
}
