import MarkdownIt, { type Token } from 'markdown-it'
import { LessonError } from './error.ts'
import { parseYaml } from './_yaml.ts'
import { frontMatterSchema, stepMetaSchema, type GlossaryGroup, type GlossaryTerm, type Lesson, type Step } from './schema.ts'

export interface ParseLessonOptions {
  /** The lesson's path, used for its slug and order (`NN-slug.md`) and in every message. */
  file: string
  /** Check ids a step may name; when given, any other id is an error. */
  knownChecks?: ReadonlySet<string>
}

const fileNamePattern = /(?:^|\/)(\d+)-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/
const stepIdPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const headingIdPattern = /\s*\{#([^}]*)\}\s*$/
const glossaryItemPattern = /^\*\*(.+?)\*\*\s*[:：]\s*([\s\S]+)$/

/** Only used to find structure (headings, fences, lists) with line numbers; rendering happens elsewhere. */
const structure = new MarkdownIt()

/** Turns the text of one lesson file into a validated Lesson. Pure: no file system. */
export function parseLesson(source: string, options: ParseLessonOptions): Lesson {
  const { file } = options
  const name = fileNamePattern.exec(file)
  if (!name) {
    throw new LessonError(file, 1, 'ファイル名は「NN-英小文字.md」にしてください (例: 01-updates.md)', 'file name must be "NN-slug.md" (e.g. 01-updates.md)')
  }
  const { frontMatter, body, bodyFirstLine } = splitFrontMatter(source.replace(/\r\n?/g, '\n'), file)
  const lines = body.split('\n')
  const { leading, sections } = splitSections(structure.parse(body, {}), lines, file, bodyFirstLine)
  const intro = lines.slice(0, sections[0]?.start ?? lines.length).join('\n').trim()
  const lesson: Lesson = {
    slug: name[2]!,
    order: Number(name[1]),
    file,
    title: frontMatter.title,
    summary: frontMatter.summary,
    kind: frontMatter.kind,
    intro,
    introCommands: commandsOf(leading, file, bodyFirstLine),
    steps: [],
    glossary: [],
  }

  if (frontMatter.kind === 'glossary') {
    lesson.glossary = sections.map((section) => glossaryGroup(section, lines, file, bodyFirstLine))
    if (lesson.glossary.length === 0) {
      throw new LessonError(file, bodyFirstLine, '用語集に「## グループ名」がありません', 'a glossary needs at least one "## group"')
    }
  } else {
    lesson.steps = sections.map((section) => step(section, lines, options, bodyFirstLine))
    if (lesson.steps.length === 0) {
      throw new LessonError(file, bodyFirstLine, 'ステップ (## 見出し {#id}) がひとつもありません', 'a lesson needs at least one step (## heading {#id})')
    }
    const seen = new Map<string, number>()
    for (const s of lesson.steps) {
      const first = seen.get(s.id)
      if (first !== undefined) {
        throw new LessonError(file, s.line, `ステップ ID「${s.id}」が ${first} 行目と重複しています`, `duplicate step id "${s.id}" (first on line ${first})`)
      }
      seen.set(s.id, s.line)
    }
  }
  return lesson
}

function splitFrontMatter(source: string, file: string) {
  const lines = source.split('\n')
  if (lines[0]?.trim() !== '---') {
    throw new LessonError(file, 1, 'ファイルの先頭に「---」で囲んだフロントマターが必要です', 'the file must start with front matter between "---" lines')
  }
  const end = lines.indexOf('---', 1)
  if (end < 0) {
    throw new LessonError(file, 1, 'フロントマターを閉じる「---」がありません', 'front matter is not closed with "---"')
  }
  const frontMatter = parseYaml(lines.slice(1, end).join('\n'), frontMatterSchema, { file, firstLine: 2 })
  return { frontMatter, body: lines.slice(end + 1).join('\n'), bodyFirstLine: end + 2 }
}

/** A `##` section of the body: its heading and the tokens until the next `##`. */
interface Section {
  heading: string
  /** 0-based body lines: [start, end) including the heading line. */
  start: number
  end: number
  tokens: Token[]
}

/** Splits the body's tokens at each top-level `##`; `leading` holds the tokens before the first one. */
function splitSections(tokens: Token[], lines: string[], file: string, bodyFirstLine: number) {
  const sections: Section[] = []
  const leading: Token[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.type === 'heading_open' && token.tag === 'h1') {
      throw new LessonError(file, bodyFirstLine + token.map![0], '本文に「#」の見出しは使えません (題名はフロントマターの title に書きます)', 'no "#" heading in the body: the title belongs in the front matter')
    }
    if (token.type === 'heading_open' && token.tag === 'h2' && token.level === 0) {
      const previous = sections.at(-1)
      if (previous) previous.end = token.map![0]
      sections.push({ heading: tokens[i + 1]?.content ?? '', start: token.map![0], end: lines.length, tokens: [] })
      continue
    }
    const current = sections.at(-1)
    if (current) current.tokens.push(token)
    else leading.push(token)
  }
  return { leading, sections }
}

function commandsOf(tokens: Token[], file: string, bodyFirstLine: number): string[] {
  const commands: string[] = []
  for (const token of tokens) {
    if (token.type !== 'fence' || token.info.trim() !== 'sh') continue
    for (const [offset, line] of token.content.split('\n').entries()) {
      const command = line.trim()
      if (command === '') continue
      if (command.startsWith('$ ')) {
        const at = bodyFirstLine + token.map![0] + 1 + offset
        throw new LessonError(file, at, 'コマンドに「$ 」を書かないでください (サイトが付けます)', 'do not write the "$ " prompt: the site adds it')
      }
      commands.push(command)
    }
  }
  return commands
}

function step(section: Section, lines: string[], options: ParseLessonOptions, bodyFirstLine: number): Step {
  const { file, knownChecks } = options
  const line = bodyFirstLine + section.start
  const idMatch = headingIdPattern.exec(section.heading)
  if (!idMatch) {
    throw new LessonError(file, line, 'ステップの見出しの末尾に {#step-id} がありません', 'a step heading must end with {#step-id}')
  }
  const id = idMatch[1]!.trim()
  if (!stepIdPattern.test(id)) {
    throw new LessonError(file, line, `ステップ ID「${id}」は英小文字・数字・ハイフンで書いてください`, `step id "${id}" must be lowercase letters, digits and hyphens`)
  }
  const title = section.heading.slice(0, idMatch.index).trim()
  if (title === '') throw new LessonError(file, line, 'ステップの見出しが空です', 'a step heading must have a title')

  const fences = section.tokens.filter((t) => t.type === 'fence')
  const metaFences = fences.filter((t) => t.info.trim() === 'step')
  const solveFences = fences.filter((t) => t.info.trim() === 'sh solve')
  if (metaFences.length !== 1) {
    const at = metaFences[1] ? bodyFirstLine + metaFences[1].map![0] : line
    throw new LessonError(file, at, `ステップ「${id}」には \`\`\`step のブロックがちょうど 1 つ必要です`, `step "${id}" needs exactly one \`\`\`step block`)
  }
  if (solveFences.length !== 1) {
    const at = solveFences[1] ? bodyFirstLine + solveFences[1].map![0] : line
    throw new LessonError(file, at, `ステップ「${id}」には \`\`\`sh solve のブロックがちょうど 1 つ必要です`, `step "${id}" needs exactly one \`\`\`sh solve block`)
  }
  const metaFence = metaFences[0]!
  const metaLine = bodyFirstLine + metaFence.map![0] + 1
  const meta = parseYaml(metaFence.content, stepMetaSchema, { file, firstLine: metaLine })
  for (const check of meta.checks) {
    if (knownChecks && !knownChecks.has(check)) {
      throw new LessonError(file, metaLine, `知らないチェック ID「${check}」です`, `unknown check id "${check}"`)
    }
  }
  const solve = solveFences[0]!.content.trim()
  if (solve === '') throw new LessonError(file, bodyFirstLine + solveFences[0]!.map![0], 'solve スクリプトが空です', 'the solve script is empty')

  const hidden = [metaFence, solveFences[0]!].map((t) => t.map!)
  const body = lines
    .slice(section.start + 1, section.end)
    .filter((_, i) => !hidden.some(([from, to]) => section.start + 1 + i >= from && section.start + 1 + i < to))
    .join('\n')
    .trim()

  return { id, title, line, checks: meta.checks, body, commands: commandsOf(section.tokens, file, bodyFirstLine), solve }
}

function glossaryGroup(section: Section, lines: string[], file: string, bodyFirstLine: number): GlossaryGroup {
  const line = bodyFirstLine + section.start
  const title = section.heading.replace(headingIdPattern, '').trim()
  if (title === '') throw new LessonError(file, line, 'グループの見出しが空です', 'a glossary group needs a title')
  for (const token of section.tokens) {
    if (token.type === 'fence' && ['step', 'sh solve'].includes(token.info.trim())) {
      throw new LessonError(file, bodyFirstLine + token.map![0], '用語集にステップのブロックは書けません', 'a glossary has no step blocks')
    }
  }

  const terms: GlossaryTerm[] = []
  let firstListLine = section.end
  for (let i = 0; i < section.tokens.length; i++) {
    const token = section.tokens[i]!
    if (token.type !== 'list_item_open') continue
    firstListLine = Math.min(firstListLine, token.map![0])
    const inline = section.tokens[i + 2]
    const at = bodyFirstLine + token.map![0]
    const match = inline?.type === 'inline' ? glossaryItemPattern.exec(inline.content) : null
    if (!match) {
      throw new LessonError(file, at, '用語は「- **用語**: 説明」の形で書いてください', 'write each term as "- **term**: explanation"')
    }
    terms.push({ term: match[1]!.trim(), description: match[2]!.trim(), line: at })
  }
  if (terms.length === 0) throw new LessonError(file, line, `グループ「${title}」に用語がありません`, `group "${title}" has no terms`)
  const intro = lines.slice(section.start + 1, firstListLine).join('\n').trim()
  return { title, intro, terms }
}
