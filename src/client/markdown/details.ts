import type { MarkdownIt } from 'markdown-it'
import { addContainerRule } from './_container.ts'

export interface DetailsOptions {
  /** Kind word after the opening marker. @default 'details' */
  kind?: string
  /** Summary shown when the author gives none (`::: details`). @default '詳しく' */
  defaultSummary?: string
}

/**
 * `::: details 見出し` … `:::` becomes a collapsed `<details>` with the heading as its
 * `<summary>`: detail for fewer readers (an old release, a rare situation) that should not
 * interrupt the main path. The body is ordinary Markdown, as in a callout (the same block
 * grammar, ./_container.ts); the browser opens and closes it without any script.
 */
export function detailsPlugin(md: MarkdownIt, options: DetailsOptions = {}): void {
  const kind = options.kind ?? 'details'
  const defaultSummary = options.defaultSummary ?? '詳しく'
  addContainerRule(md, {
    name: 'details',
    tag: 'details',
    accepts: (word) => word === kind,
    meta: (_word, summary) => ({ summary: summary || defaultSummary }),
  })

  md.renderer.rules.details_open = (tokens, idx, _opts, env) => {
    const summary = md.renderInline(String((tokens[idx]!.meta as { summary: string }).summary), env)
    return `<details class="details">\n<summary>${summary}</summary>\n`
  }
  md.renderer.rules.details_close = () => '</details>\n'
}
