import type { MarkdownIt } from 'markdown-it'

export interface LinksOptions {
  /**
   * Turns a link to another lesson file (`02-ssh-port.md`, `./02-ssh-port.md#x`) into the site's
   * address for that lesson; `hash` is the link's fragment (`#x`) or ''.
   * @default (slug, hash) → `/lessons/<slug><hash>` (the site's history-mode URLs)
   */
  lessonHref?: (slug: string, hash: string) => string
}

const lessonFile = /^(?:\.\/)?\d+-([a-z0-9]+(?:-[a-z0-9]+)*)\.md(#.*)?$/

/**
 * Lessons link to each other by file name, so the links also work on GitHub; the site rewrites
 * them. Links to other sites open in a new tab so a learner does not lose their place, with
 * rel="noopener noreferrer" so the other page gets no handle on ours.
 */
export function linksPlugin(md: MarkdownIt, options: LinksOptions = {}): void {
  const lessonHref = options.lessonHref ?? ((slug: string, hash: string) => `/lessons/${slug}${hash}`)

  const previous = md.renderer.rules.link_open
  md.renderer.rules.link_open = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!
    const href = String(token.attrGet('href') ?? '')
    const lesson = lessonFile.exec(href)
    if (lesson) {
      token.attrSet('href', lessonHref(lesson[1]!, lesson[2] ?? ''))
    } else if (/^https?:\/\//i.test(href)) {
      token.attrSet('target', '_blank')
      token.attrSet('rel', 'noopener noreferrer')
    }
    return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
  }
}
