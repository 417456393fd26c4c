import type { MarkdownIt } from 'markdown-it'

export interface HeadingLevelsOptions {
  /**
   * Levels to move every heading by; a render can override it with `env.headingShift`.
   * Clamped to h1–h6.
   * @default 0
   */
  shift?: number
}

/** Render-time setting read from markdown-it's env (a type alias, so it fits markdown-it's Env). */
export type HeadingLevelsEnv = {
  headingShift?: number
}

/**
 * Fits a piece of Markdown into the page's outline. A lesson's intro writes its subsections as
 * `###` (below the `##` steps in the file), but on the page it sits right under the lesson's h1;
 * rendering it with shift -1 makes them h2 instead of skipping a level.
 */
export function headingLevelsPlugin(md: MarkdownIt, options: HeadingLevelsOptions = {}): void {
  const shifted = (tag: string, env: HeadingLevelsEnv | undefined): string => {
    const shift = env?.headingShift ?? options.shift ?? 0
    const level = /^h([1-6])$/.exec(tag)?.[1]
    if (!shift || !level) return tag
    return `h${Math.min(6, Math.max(1, Number(level) + shift))}`
  }

  for (const rule of ['heading_open', 'heading_close'] as const) {
    const previous = md.renderer.rules[rule]
    md.renderer.rules[rule] = (tokens, idx, opts, env, self) => {
      const token = tokens[idx]!
      const original = token.tag
      token.tag = shifted(original, env as HeadingLevelsEnv | undefined)
      try {
        return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
      } finally {
        // Tokens may be rendered again (e.g. with another env); leave them as parsed.
        token.tag = original
      }
    }
  }
}
