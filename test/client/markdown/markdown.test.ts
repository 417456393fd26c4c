import { describe, expect, it } from 'vitest'
import { createMarkdownRenderer } from '../../../src/client/markdown/index.ts'

const md = createMarkdownRenderer()

describe('createMarkdownRenderer', () => {
  it('never shows step or solve blocks, even next to command blocks', () => {
    const html = md.render('```step\nchecks: [a]\n```\n\n```sh\nsudo ufw enable\n```\n\n```sh solve\nufw --force enable\n```\n')
    expect(html).toContain('<span class="command-text">sudo ufw enable</span>')
    expect(html).not.toContain('checks:')
    expect(html).not.toContain('--force')
  })

  it('escapes raw HTML written in a lesson', () => {
    expect(md.render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>')).toMatchInlineSnapshot(`
      "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>
      <p>&lt;img src=x onerror=alert(1)&gt;</p>
      "
    `)
  })

  it('makes ** emphasis work next to Japanese punctuation (markdown-it-cjk-friendly)', () => {
    // Plain CommonMark leaves these asterisks alone because of the closing 」 before them.
    expect(md.render('**「脆弱性」**とは')).toBe('<p><strong>「脆弱性」</strong>とは</p>\n')
  })

  it('renders command blocks, output and callouts together', () => {
    expect(md.render('::: caution 注意\n```sh\nsudo sshd -t\n```\n\n```text\nok\n```\n:::\n')).toMatchInlineSnapshot(`
      "<div class="callout callout-caution" role="note">
      <p class="callout-title">注意</p>
      <div class="command-block"><pre class="command-lines"><code><span class="command-line"><span class="command-prompt" aria-hidden="true">$ </span><span class="command-text">sudo sshd -t</span></span></code></pre><span class="command-buttons"><button type="button" class="run-button" data-run-commands aria-label="ターミナルで実行: sudo sshd -t"><span aria-hidden="true">▶ </span><span class="run-label">実行</span></button><button type="button" class="copy-button" data-copy-commands aria-label="コマンドをコピー">コピー</button></span><span class="copy-feedback" role="status" aria-live="polite"></span></div>
      <figure class="output-block"><figcaption class="output-label">出力例</figcaption><pre class="output-lines"><code>ok
      </code></pre></figure>
      </div>
      "
    `)
  })
})
