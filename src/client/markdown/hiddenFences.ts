import type { MarkdownIt } from 'markdown-it'
import { fenceWords } from './_fence.ts'

export interface HiddenFencesOptions {
  /**
   * Fences that hold data for the tools, not text for the learner: a fence is hidden when its
   * info string starts with one of these word sequences.
   * @default [['step'], ['sh', 'solve']]
   */
  hidden?: string[][]
}

/**
 * The lesson parser removes ```step and ```sh solve blocks before rendering; this plugin makes
 * sure they never reach a page even if one slips through (a solve script shown to the learner
 * would give the exercise away and confuse `$` commands with root scripts).
 */
export function hiddenFencesPlugin(md: MarkdownIt, options: HiddenFencesOptions = {}): void {
  const hidden = options.hidden ?? [['step'], ['sh', 'solve']]

  const previous = md.renderer.rules.fence
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const words = fenceWords(tokens[idx]!)
    const isHidden = hidden.some((prefix) => prefix.every((word, i) => words[i] === word))
    if (isHidden) return ''
    return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
  }
}
