import type { MarkdownIt, StateBlock } from 'markdown-it'

const marker = ':'
const minMarkers = 3

/** One kind of `::: word rest` … `:::` block (callouts, details). */
export interface ContainerSpec {
  /** The rule's name and its tokens' prefix: `${name}_open`, `${name}_close`. */
  name: string
  /** The tokens' HTML tag (the renderer decides the markup). */
  tag: string
  /** Whether the first word after the marker opens this kind of block. */
  accepts(word: string): boolean
  /** What the renderer needs (token.meta), from that word and the rest of the opening line. */
  meta(word: string, rest: string): Record<string, unknown>
}

function markerRun(state: StateBlock, line: number): { start: number; end: number; max: number } | undefined {
  const start = state.bMarks[line]! + state.tShift[line]!
  const max = state.eMarks[line]!
  let end = start
  while (end < max && state.src[end] === marker) end++
  return end - start >= minMarkers ? { start, end, max } : undefined
}

/**
 * A small block rule of our own in markdown-it-container's shape: the body is tokenized as
 * ordinary Markdown, so lists, commands and emphasis work inside; a closing run of at least as
 * many colons ends it, and so does the end of the enclosing container. A word no spec accepts is
 * left as plain text.
 */
export function addContainerRule(md: MarkdownIt, spec: ContainerSpec): void {
  function container(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
    // Indented four or more is an indented code block.
    if (state.sCount[startLine]! - state.blkIndent >= 4) return false
    const opening = markerRun(state, startLine)
    if (!opening) return false
    const params = state.src.slice(opening.end, opening.max).trim()
    const [word = '', ...rest] = params.split(/\s+/)
    if (!spec.accepts(word)) return false
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

    const open = state.push(`${spec.name}_open`, spec.tag, 1)
    open.block = true
    open.markup = state.src.slice(opening.start, opening.end)
    open.info = word
    open.meta = spec.meta(word, rest.join(' '))
    open.map = [startLine, nextLine]
    state.md.block.tokenize(state, startLine + 1, nextLine)
    const close = state.push(`${spec.name}_close`, spec.tag, -1)
    close.block = true

    state.parentType = oldParent
    state.lineMax = oldLineMax
    state.line = nextLine + (closed ? 1 : 0)
    return true
  }

  md.block.ruler.before('fence', spec.name, container, {
    alt: ['paragraph', 'reference', 'blockquote', 'list'],
  })
}
