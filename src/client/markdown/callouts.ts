import type { MarkdownIt } from 'markdown-it'
import { addContainerRule } from './_container.ts'

export interface CalloutOptions {
  /**
   * Callout kinds and the heading each shows when the author gives none (`::: tip`).
   * @default { caution: '注意', tip: 'ヒント', info: '補足' }
   */
  kinds?: Record<string, string>
}

/**
 * `::: caution 見出し` … `:::` becomes a note box with a heading (the block grammar is
 * ./_container.ts). An unknown kind is left as plain text.
 */
export function calloutsPlugin(md: MarkdownIt, options: CalloutOptions = {}): void {
  const kinds = options.kinds ?? { caution: '注意', tip: 'ヒント', info: '補足' }
  addContainerRule(md, {
    name: 'callout',
    tag: 'div',
    accepts: (word) => Object.hasOwn(kinds, word),
    meta: (word, title) => ({ title: title || kinds[word]! }),
  })

  md.renderer.rules.callout_open = (tokens, idx, _opts, env) => {
    const token = tokens[idx]!
    const kind = md.utils.escapeHtml(token.info)
    const title = md.renderInline(String((token.meta as { title: string }).title), env)
    return `<div class="callout callout-${kind}" role="note">\n<p class="callout-title">${title}</p>\n`
  }
  md.renderer.rules.callout_close = () => '</div>\n'
}
