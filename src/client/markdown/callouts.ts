import type { MarkdownIt, StateBlock } from 'markdown-it'

export interface CalloutOptions {
  /**
   * Callout kinds and the heading each shows when the author gives none (`::: tip`).
   * @default { caution: '注意', tip: 'ヒント', info: '補足' }
   */
  kinds?: Record<string, string>
}

const marker = ':'
const minMarkers = 3

/**
 * `::: caution 見出し` … `:::` becomes a note box with a heading. A small block rule of our own
 * (the shape of markdown-it-container): the body is tokenized as ordinary Markdown, so lists,
 * commands and emphasis work inside. An unknown kind is left as plain text.
 */
export function calloutsPlugin(md: MarkdownIt, options: CalloutOptions = {}): void {
  const kinds = options.kinds ?? { caution: '注意', tip: 'ヒント', info: '補足' }

  function markerRun(state: StateBlock, line: number): { start: number; end: number; max: number } | undefined {
    const start = state.bMarks[line]! + state.tShift[line]!
    const max = state.eMarks[line]!
    let end = start
    while (end < max && state.src[end] === marker) end++
    return end - start >= minMarkers ? { start, end, max } : undefined
  }

  function callout(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
    // Indented four or more is an indented code block, not a callout.
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false
    const opening = markerRun(state, startLine)
    if (!opening) return false
    const params = state.src.slice(opening.end, opening.max).trim()
    const [kind = '', ...titleWords] = params.split(/\s+/)
    if (!Object.hasOwn(kinds, kind)) return false
    if (silent) return true

    let nextLine = startLine
    let closed = false
    while (++nextLine < endLine) {
      const lineStart = state.bMarks[nextLine]! + state.tShift[nextLine]!
      const lineMax = state.eMarks[nextLine]!
      // A line indented less than the container ends it (e.g. the end of a list item).
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
    // 'container' is the parent type markdown-it-container uses; it stops lazy paragraph
    // continuation at our closing line.
    state.parentType = 'container' as typeof state.parentType
    state.lineMax = nextLine

    const open = state.push('callout_open', 'div', 1)
    open.block = true
    open.markup = state.src.slice(opening.start, opening.end)
    open.info = kind
    open.meta = { title: titleWords.join(' ') || kinds[kind]! }
    open.map = [startLine, nextLine]
    state.md.block.tokenize(state, startLine + 1, nextLine)
    const close = state.push('callout_close', 'div', -1)
    close.block = true

    state.parentType = oldParent
    state.lineMax = oldLineMax
    state.line = nextLine + (closed ? 1 : 0)
    return true
  }

  md.block.ruler.before('fence', 'callout', callout, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  })

  md.renderer.rules.callout_open = (tokens, idx, _opts, env) => {
    const token = tokens[idx]!
    const kind = md.utils.escapeHtml(token.info)
    const title = md.renderInline(String((token.meta as { title: string }).title), env)
    return `<div class="callout callout-${kind}" role="note">\n<p class="callout-title">${title}</p>\n`
  }
  md.renderer.rules.callout_close = () => '</div>\n'
}
