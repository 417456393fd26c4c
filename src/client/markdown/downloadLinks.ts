import type { MarkdownIt } from 'markdown-it'

export interface DownloadLinksOptions {
  /**
   * Links whose address matches are downloads: they get the `download` attribute, so the browser
   * saves `check.mjs` under its own name instead of showing it as a script.
   * @default /(?:^|\/)downloads\/[^/?#]+$/
   */
  pattern?: RegExp
}

/**
 * Lessons link to the files the site offers (`../downloads/check.mjs`) with ordinary Markdown
 * links, relative so they work under any base path; this marks them as downloads.
 */
export function downloadLinksPlugin(md: MarkdownIt, options: DownloadLinksOptions = {}): void {
  const pattern = options.pattern ?? /(?:^|\/)downloads\/[^/?#]+$/
  const previous = md.renderer.rules.link_open
  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!
    const href = String(token.attrGet('href') ?? '')
    if (!/^[a-z][a-z0-9+.-]*:/i.test(href) && pattern.test(href)) token.attrSet('download', '')
    return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
  }
}
