import { resolve } from 'node:path'
import type { MarkdownIt as MarkdownRenderer } from 'markdown-it'
import type { Plugin, ViteDevServer } from 'vite'
import { catalog } from '../../checker/catalog.ts'
import { createMarkdownRenderer, type HeadingLevelsEnv } from '../client/markdown/index.ts'
import type { LessonContent, LessonSummary, LessonsManifest } from '../client/data/types.ts'
import { LessonError, type Lesson } from '../shared/lesson/index.ts'
import { estimateMinutes, proseChars } from './estimate.ts'
import { defaultLessonsDir, lessonFiles, loadLessons } from './lessons.ts'

export interface LessonsPluginOptions {
  /**
   * Folder of the lesson files.
   * @default the repository's lessons/
   */
  dir?: string
}

const indexId = 'virtual:lessons'
const lessonIdPrefix = 'virtual:lessons/'
// The \0 prefix tells other plugins (and Vite's import analysis) that these are not files.
const resolved = (id: string) => `\0${id}`
const manifestFileName = 'lessons.json'

const checkTitles = new Map(catalog.map((entry) => [entry.id as string, entry.title.ja]))

/**
 * Loads and validates the lessons, renders their Markdown at build time and serves them as
 * virtual modules, so the site ships HTML and no markdown-it:
 *
 * - `virtual:lessons`: every lesson's summary and step titles (for the overview and progress),
 *   and `loadLesson(slug)`, which imports
 * - `virtual:lessons/<slug>`: one lesson's rendered content, a chunk of its own.
 *
 * A broken lesson fails the build with the LessonError's "file:line: …" message. The build
 * also writes lessons.json (slugs, steps, commands) beside the site for tests and tools.
 */
export function lessonsPlugin(options: LessonsPluginOptions = {}): Plugin {
  const dir = resolve(options.dir ?? defaultLessonsDir)
  // Links between lessons are history-mode URLs under the site's base, known once the config is.
  let md = createMarkdownRenderer()
  let cached: Promise<LessonContent[]> | undefined

  function contents(): Promise<LessonContent[]> {
    cached ??= loadLessons(dir).then((lessons) => lessons.map((lesson) => renderLesson(lesson, md)))
    // A failed load must not stick: the next request after the author's fix tries again.
    cached.catch(() => (cached = undefined))
    return cached
  }

  function watchLessons(server: ViteDevServer): void {
    server.watcher.add(dir)
    const onChange = (file: string) => {
      if (!resolve(file).startsWith(dir) || !file.endsWith('.md')) return
      cached = undefined
      const graph = server.environments.client.moduleGraph
      for (const module of graph.idToModuleMap.values()) {
        if (module.id?.startsWith(resolved(indexId))) graph.invalidateModule(module)
      }
      server.ws.send({ type: 'full-reload' })
    }
    server.watcher.on('add', onChange)
    server.watcher.on('change', onChange)
    server.watcher.on('unlink', onChange)
  }

  return {
    name: 'secure-course:lessons',

    configResolved(config) {
      const base = config.base.endsWith('/') ? config.base : `${config.base}/`
      md = createMarkdownRenderer({ links: { lessonHref: (slug, hash) => `${base}lessons/${slug}${hash}` } })
      cached = undefined
    },

    configureServer: watchLessons,

    resolveId(id) {
      if (id === indexId || id.startsWith(lessonIdPrefix)) return resolved(id)
      return undefined
    },

    async load(id) {
      if (!id.startsWith(resolved(indexId))) return undefined
      let lessons: LessonContent[]
      try {
        for (const file of await lessonFiles(dir)) this.addWatchFile(file)
        lessons = await contents()
      } catch (error) {
        if (error instanceof LessonError) {
          const file = resolve(error.file)
          this.error({ message: error.message, id: file, loc: { file, line: error.line, column: 0 } })
        }
        throw error
      }

      if (id === resolved(indexId)) return indexModule(lessons)
      const slug = id.slice(resolved(lessonIdPrefix).length)
      const lesson = lessons.find((candidate) => candidate.slug === slug)
      if (!lesson) this.error(`unknown lesson "${slug}" / レッスン "${slug}" はありません`)
      return `export default ${JSON.stringify(lesson)}\n`
    },

    async generateBundle() {
      const manifest: LessonsManifest = {
        lessons: (await contents()).map((lesson) => ({
          ...summarize(lesson),
          introCommands: lesson.introCommands,
          steps: lesson.steps.map((step) => ({
            id: step.id,
            title: step.title,
            checks: step.checks.map((check) => check.id),
            commands: step.commands,
          })),
          glossaryGroups: lesson.glossary.map((group) => group.title),
        })),
      }
      this.emitFile({ type: 'asset', fileName: manifestFileName, source: JSON.stringify(manifest, null, 2) })
    },
  }
}

const introEnv: HeadingLevelsEnv = { headingShift: -1 }

function renderLesson(lesson: Lesson, md: MarkdownRenderer): LessonContent {
  // The intro sits right under the page's h1: its ### subsections become h2.
  const introHtml = md.render(lesson.intro, introEnv)
  const steps = lesson.steps.map((step) => ({
    id: step.id,
    title: step.title,
    checks: step.checks.map((id) => ({ id, title: checkTitles.get(id) ?? id })),
    html: md.render(step.body),
    commands: step.commands,
  }))
  const glossary = lesson.glossary.map((group) => ({
    title: group.title,
    introHtml: md.render(group.intro),
    terms: group.terms.map((term) => ({
      termHtml: md.renderInline(term.term),
      html: md.render(term.description),
    })),
  }))
  const prose = [
    introHtml,
    ...steps.flatMap((step) => [step.title, step.html]),
    ...glossary.flatMap((group) => [group.title, group.introHtml, ...group.terms.flatMap((term) => [term.termHtml, term.html])]),
  ]
  return {
    slug: lesson.slug,
    order: lesson.order,
    title: lesson.title,
    summary: lesson.summary,
    kind: lesson.kind,
    termCount: lesson.glossary.reduce((sum, group) => sum + group.terms.length, 0),
    minutes: estimateMinutes({
      textChars: prose.reduce((sum, html) => sum + proseChars(html), 0),
      commands: lesson.introCommands.length + steps.reduce((sum, step) => sum + step.commands.length, 0),
    }),
    introHtml,
    introCommands: lesson.introCommands,
    steps,
    glossary,
  }
}

function summarize(lesson: LessonContent): LessonSummary {
  return {
    slug: lesson.slug,
    order: lesson.order,
    title: lesson.title,
    summary: lesson.summary,
    kind: lesson.kind,
    steps: lesson.steps.map((step) => ({ id: step.id, title: step.title })),
    termCount: lesson.termCount,
    minutes: lesson.minutes,
  }
}

function indexModule(lessons: LessonContent[]): string {
  const loaders = lessons
    .map((lesson) => `  [${JSON.stringify(lesson.slug)}, () => import(${JSON.stringify(lessonIdPrefix + lesson.slug)})],`)
    .join('\n')
  return [
    `export const lessons = ${JSON.stringify(lessons.map(summarize))}`,
    `const loaders = new Map([\n${loaders}\n])`,
    `export function loadLesson(slug) {`,
    `  const load = loaders.get(slug)`,
    `  return load ? load().then((module) => module.default) : Promise.resolve(undefined)`,
    `}`,
    ``,
  ].join('\n')
}
