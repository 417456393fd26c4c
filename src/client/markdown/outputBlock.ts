import type { MarkdownIt } from 'markdown-it'
import { fenceWords } from './_fence.ts'

export interface OutputBlockOptions {
  /**
   * Fence languages that hold what a command prints.
   * @default ['text', 'output']
   */
  languages?: string[]
  /** Caption above the output, so it is never mistaken for something to type. @default '出力例' */
  label?: string
}

/** ```text fences become labelled output examples: no prompt, no copy button. */
export function outputBlockPlugin(md: MarkdownIt, options: OutputBlockOptions = {}): void {
  const languages = options.languages ?? ['text', 'output']
  const label = options.label ?? '出力例'
  const escape = md.utils.escapeHtml

  const previous = md.renderer.rules.fence
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!
    const words = fenceWords(token)
    if (words.length !== 1 || !languages.includes(words[0]!)) {
      return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
    }
    return (
      `<figure class="output-block">` +
      `<figcaption class="output-label">${escape(label)}</figcaption>` +
      `<pre class="output-lines"><code>${escape(token.content)}</code></pre>` +
      `</figure>\n`
    )
  }
}
