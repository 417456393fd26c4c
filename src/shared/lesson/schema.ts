import { z } from 'zod'

/** Step ids and lesson slugs: stable, URL-safe. */
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export const frontMatterSchema = z
  .object({
    title: z.string().trim().min(1, 'title は空にできません / title must not be empty'),
    summary: z.string().trim().min(1, 'summary は空にできません / summary must not be empty'),
    kind: z.enum(['steps', 'glossary']).default('steps'),
  })
  .strict()

export type FrontMatter = z.infer<typeof frontMatterSchema>

/** The YAML inside a step's ```step block. */
export const stepMetaSchema = z
  .object({
    checks: z.array(z.string()).min(1, 'checks が空です / checks must name at least one check'),
  })
  .strict()

export const stepSchema = z.object({
  id: z.string().regex(slugPattern),
  title: z.string().min(1),
  /** 1-based line of the step's heading in the lesson file. */
  line: z.number().int().positive(),
  checks: z.array(z.string()).min(1),
  /** The step's Markdown without its ```step and ```sh solve blocks. */
  body: z.string(),
  /** Every learner command of the step, one per line of its ```sh blocks. */
  commands: z.array(z.string()),
  /** Non-interactive root script that accomplishes the step on a real Debian server. */
  solve: z.string().min(1),
})

export type Step = z.infer<typeof stepSchema>

export const glossaryTermSchema = z.object({
  term: z.string().min(1),
  /** Markdown of the explanation. */
  description: z.string().min(1),
  line: z.number().int().positive(),
})

export const glossaryGroupSchema = z.object({
  title: z.string().min(1),
  /** Markdown between the group heading and its list. */
  intro: z.string(),
  terms: z.array(glossaryTermSchema).min(1),
})

export type GlossaryTerm = z.infer<typeof glossaryTermSchema>
export type GlossaryGroup = z.infer<typeof glossaryGroupSchema>

export const lessonSchema = z.object({
  slug: z.string().regex(slugPattern),
  order: z.number().int().nonnegative(),
  /** Path of the source file, as given to the parser (used in messages). */
  file: z.string(),
  title: z.string(),
  summary: z.string(),
  kind: z.enum(['steps', 'glossary']),
  /** Markdown before the first step or group. */
  intro: z.string(),
  /** Commands of the intro, e.g. `cat /etc/services`. */
  introCommands: z.array(z.string()),
  steps: z.array(stepSchema),
  glossary: z.array(glossaryGroupSchema),
})

export type Lesson = z.infer<typeof lessonSchema>
