import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { calloutsPlugin } from '../../../src/client/markdown/callouts.ts'

const md = new MarkdownIt().use(calloutsPlugin)

describe('calloutsPlugin', () => {
  it('renders a caution with its heading and Markdown body', () => {
    expect(md.render('::: caution 接続が切れる前に\n新しいポートで **ログインできる** ことを確かめます。\n\n- 1 つ目\n:::\n')).toMatchInlineSnapshot(`
      "<div class="callout callout-caution" role="note">
      <p class="callout-title">接続が切れる前に</p>
      <p>新しいポートで <strong>ログインできる</strong> ことを確かめます。</p>
      <ul>
      <li>1 つ目</li>
      </ul>
      </div>
      "
    `)
  })

  it.each([
    ['tip', 'ヒント'],
    ['info', '補足'],
    ['caution', '注意'],
  ])('gives a %s without a heading its default heading', (kind, heading) => {
    expect(md.render(`::: ${kind}\n本文\n:::\n`)).toContain(`<p class="callout-title">${heading}</p>`)
  })

  it('escapes the heading', () => {
    expect(md.render('::: info <script>alert(1)</script>\nx\n:::\n')).toContain(
      '<p class="callout-title">&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    )
  })

  it('keeps a fenced block inside the callout intact', () => {
    expect(md.render('::: tip\n```sh\nsudo ufw status\n```\n:::\n')).toMatchInlineSnapshot(`
      "<div class="callout callout-tip" role="note">
      <p class="callout-title">ヒント</p>
      <pre><code class="language-sh">sudo ufw status
      </code></pre>
      </div>
      "
    `)
  })

  it('closes at the end of the document when the closing marker is missing', () => {
    expect(md.render('::: tip\n最後まで\n')).toBe('<div class="callout callout-tip" role="note">\n<p class="callout-title">ヒント</p>\n<p>最後まで</p>\n</div>\n')
  })

  it('leaves an unknown kind as plain text', () => {
    expect(md.render('::: warning\nx\n:::\n')).toBe('<p>::: warning\nx\n:::</p>\n')
  })

  it('does not transform the syntax inside a code block', () => {
    expect(md.render('```md\n::: caution 見出し\n本文\n:::\n```\n')).toMatchInlineSnapshot(`
      "<pre><code class="language-md">::: caution 見出し
      本文
      :::
      </code></pre>
      "
    `)
  })

  it('takes kinds and default headings from the options', () => {
    const custom = new MarkdownIt().use(calloutsPlugin, { kinds: { danger: '危険' } })
    expect(custom.render('::: danger\nx\n:::\n')).toContain('<div class="callout callout-danger" role="note">\n<p class="callout-title">危険</p>')
    expect(custom.render('::: tip\nx\n:::\n')).not.toContain('callout')
  })
})
