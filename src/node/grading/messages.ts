/** Texts for people: Japanese first, English beside it, as the checker prints them. */

export interface Text {
  ja: string
  en: string
}

/** One line for a terminal or a log: `日本語 (English)`. */
export function line(text: Text): string {
  return `${text.ja} (${text.en})`
}

/** What the grading modules throw when a request or a command cannot be carried out. */
export class GradingError extends Error {
  readonly code: string
  readonly text: Text
  /** the HTTP status the API answers with */
  readonly status: number

  constructor(code: string, text: Text, status = 400) {
    super(line(text))
    this.name = 'GradingError'
    this.code = code
    this.text = text
    this.status = status
  }
}
