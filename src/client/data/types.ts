/**
 * The lesson data the site receives from the Vite plugin (src/node/vite-plugin-lessons.ts):
 * everything already rendered to HTML at build time. Types only.
 */

export type LessonKind = 'steps' | 'glossary'

/** What the overview and the progress bars need; loaded with the first page. */
export interface LessonSummary {
  slug: string
  order: number
  title: string
  summary: string
  kind: LessonKind
  steps: StepSummary[]
  /** Number of glossary terms (0 for a steps lesson). */
  termCount: number
  /** Estimated minutes to work through it, from its prose and commands (src/node/estimate.ts). */
  minutes: number
}

export interface StepSummary {
  id: string
  title: string
}

export interface StepCheck {
  id: string
  /** Japanese title from checker/catalog.ts. */
  title: string
}

export interface LessonStep extends StepSummary {
  checks: StepCheck[]
  /** The step's body rendered to HTML (escaped; no solve or step blocks). */
  html: string
  /** Every command of the step, one per line, as the copy buttons copy them. */
  commands: string[]
}

export interface GlossaryTermContent {
  /** The term rendered as inline HTML. */
  termHtml: string
  /** The explanation rendered as HTML. */
  html: string
}

export interface GlossaryGroupContent {
  title: string
  introHtml: string
  terms: GlossaryTermContent[]
}

/** A whole lesson; loaded lazily when its page opens. */
export interface LessonContent extends Omit<LessonSummary, 'steps'> {
  introHtml: string
  introCommands: string[]
  steps: LessonStep[]
  glossary: GlossaryGroupContent[]
}

/** dist/site/lessons.json: what the built site contains, for tests and other tools. */
export interface LessonsManifest {
  lessons: Array<
    Omit<LessonSummary, 'steps'> & {
      introCommands: string[]
      steps: Array<StepSummary & { checks: string[]; commands: string[] }>
      glossaryGroups: string[]
    }
  >
}
