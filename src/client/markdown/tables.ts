import type { MarkdownIt } from 'markdown-it'

/**
 * Wraps every table in a scroll box: a wide table then scrolls on its own instead of making the
 * whole page scroll sideways on a 360 px phone. The site makes the box focusable, so keyboard
 * users can scroll it, only while it does scroll (src/client/scrollables.ts).
 */
export function tablesPlugin(md: MarkdownIt): void {
  const previousOpen = md.renderer.rules.table_open
  const previousClose = md.renderer.rules.table_close
  md.renderer.rules.table_open = (tokens, idx, opts, env, self) =>
    '<div class="table-scroll">\n' +
    (previousOpen ? previousOpen(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts))
  md.renderer.rules.table_close = (tokens, idx, opts, env, self) =>
    (previousClose ? previousClose(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)) +
    '</div>\n'
}
