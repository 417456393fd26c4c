import type { MarkdownIt } from 'markdown-it'
import { fenceWords } from './_fence.ts'

export interface CommandBlockOptions {
  /**
   * Fence languages that hold commands for the learner to type, one command per line.
   * A fence with more words after the language (```sh solve) is not a command block.
   * @default ['sh', 'bash', 'shell']
   */
  languages?: string[]
  /**
   * Prompt shown before every line. It is not part of the text: it cannot be selected and is
   * never copied.
   * @default '$'
   */
  prompt?: string
  /** @default 'コピー' */
  copyLabel?: string
  /** Accessible name of the copy button; must contain copyLabel. @default 'コマンドをコピー' */
  copyAccessibleName?: string
  /** Text of the button that types the commands into the practice terminal. @default '実行' */
  runLabel?: string
  /**
   * Accessible name of the run button, naming its commands; must contain runLabel.
   * @default (commands) => `ターミナルで実行: ${commands.join('、')}`
   */
  runAccessibleName?: (commands: readonly string[]) => string
}

/**
 * ```sh fences become command blocks: each line gets a `$` prompt and the block a copy button
 * and a ▶ 実行 button. The buttons only carry markup; the site's click handlers read the
 * `.command-text` of each line, so the copied or typed text is exactly the commands without
 * prompts. The run button is hidden where the page has no practice terminal.
 */
export function commandBlockPlugin(md: MarkdownIt, options: CommandBlockOptions = {}): void {
  const languages = options.languages ?? ['sh', 'bash', 'shell']
  const prompt = options.prompt ?? '$'
  const copyLabel = options.copyLabel ?? 'コピー'
  const copyName = options.copyAccessibleName ?? 'コマンドをコピー'
  const runLabel = options.runLabel ?? '実行'
  const runName = options.runAccessibleName ?? ((commands: readonly string[]) => `ターミナルで実行: ${commands.join('、')}`)
  const escape = md.utils.escapeHtml

  const previous = md.renderer.rules.fence
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!
    const words = fenceWords(token)
    const isCommandBlock = words.length === 1 && languages.includes(words[0]!)
    if (!isCommandBlock) {
      return previous ? previous(tokens, idx, opts, env, self) : self.renderToken(tokens, idx, opts)
    }
    const lines = token.content
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== '')
    const body = lines
      .map(
        (line) =>
          `<span class="command-line"><span class="command-prompt" aria-hidden="true">${escape(prompt)} </span>` +
          `<span class="command-text">${escape(line)}</span></span>`,
      )
      .join('\n')
    return (
      `<div class="command-block">` +
      `<pre class="command-lines"><code>${body}</code></pre>` +
      `<span class="command-buttons">` +
      `<button type="button" class="run-button" data-run-commands aria-label="${escape(runName(lines))}">` +
      `<span aria-hidden="true">▶ </span><span class="run-label">${escape(runLabel)}</span></button>` +
      `<button type="button" class="copy-button" data-copy-commands aria-label="${escape(copyName)}">${escape(copyLabel)}</button>` +
      `</span>` +
      `<span class="copy-feedback" role="status" aria-live="polite"></span>` +
      `</div>\n`
    )
  }
}
