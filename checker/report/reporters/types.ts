import type { Lang, Report } from '../schema.ts'

export interface ReporterOptions {
  lang: Lang
  color: boolean
}

export type Reporter = (report: Report, options: ReporterOptions) => string
