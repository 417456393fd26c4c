import type { MarkdownIt, StateBlock } from 'markdown-it'

export interface DetailsOptions {
  /** Kind word after the opening marker. @default 'details' */
  kind?: string
  /** Summary shown when the author gives none (`::: details`). @default '詳しく' */
  defaultSummary?: string
}

const marker = ':'
const minMarkers = 3

/**
 * `::: details 見出し` … `:::` becomes a collapsed `<details>` with the heading as its
 * `<summary>`: detail for fewer readers (an old release, a rare situation) that should not
 * interrupt the main path. The body is ordinary Markdown, as in a callout; the browser opens and
 * closes it without any script. Same block grammar as the callouts (markdown-it-container's shape).
 */
export function detailsPlugin(md: MarkdownIt, options: DetailsOptions = {}): void {
  const kind = options.kind ?? 'details'
  const defaultSummary = options.defaultSummary ?? '詳しく'

  function markerRun(state: StateBlock, line: number): { start: number; end: number; max: number } | undefined {
    const start = state.bMarks[line]! + state.tShift[line]!
    const max = state.eMarks[line]!
    let end = start
    while (end < max && state.src[end] === marker) end++
    return end - start >= minMarkers ? { start, end, max } : undefined
  }

  function details(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
    // Indented four or more is an indented code block.
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false
    const opening = markerRun(state, startLine)
    if (!opening) return false
    const params = state.src.slice(opening.end, opening.max).trim()
    const [word = '', ...summaryWords] = params.split(/\s+/)
    if (word !== kind) return false
    if (silent) return true

    let nextLine = startLine
    let closed = false
    while (++nextLine < endLine) {
      const lineStart = state.bMarks[nextLine]! + state.tShift[nextLine]!
      const lineMax = state.eMarks[nextLine]!
      if (lineStart < lineMax && state.sCount[nextLine]! < state.blkIndent) break
      if (state.sCount[nextLine]! - state.blkIndent >= 4) continue
      const run = markerRun(state, nextLine)
      if (!run || run.end - run.start < opening.end - opening.start) continue
      if (state.src.slice(run.end, run.max).trim() !== '') continue
      closed = true
      break
    }

    const oldParent = state.parentType
    const oldLineMax = state.lineMax
    state.parentType = 'container' as typeof state.parentType
    state.lineMax = nextLine

    const open = state.push('details_open', 'details', 1)
    open.block = true
    open.markup = state.src.slice(opening.start, opening.end)
    open.info = kind
    open.meta = { summary: summaryWords.join(' ') || defaultSummary }
    open.map = [startLine, nextLine]
    state.md.block.tokenize(state, startLine + 1, nextLine)
    const close = state.push('details_close', 'details', -1)
    close.block = true

    state.parentType = oldParent
    state.lineMax = oldLineMax
    state.line = nextLine + (closed ? 1 : 0)
    return true
  }

  md.block.ruler.before('fence', 'details', details, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  })

  md.renderer.rules.details_open = (tokens, idx, _opts, env) => {
    const summary = md.renderInline(String((tokens[idx]!.meta as { summary: string }).summary), env)
    return `<details class="details">\n<summary>${summary}</summary>\n`
  }
  md.renderer.rules.details_close = () => '</details>\n'
}
