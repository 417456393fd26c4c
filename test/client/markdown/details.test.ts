import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { calloutsPlugin } from '../../../src/client/markdown/callouts.ts'
import { detailsPlugin } from '../../../src/client/markdown/details.ts'

const md = new MarkdownIt().use(detailsPlugin)

describe('detailsPlugin', () => {
  it('renders a collapsed block with its summary and Markdown body', () => {
    expect(md.render('::: details Ubuntu 22.10〜23.10 の場合\n`ssh.socket` を **上書き** します。\n\n```sh\nsudo systemctl edit ssh.socket\n```\n:::\n')).toMatchInlineSnapshot(`
      "<details class="details">
      <summary>Ubuntu 22.10〜23.10 の場合</summary>
      <p><code>ssh.socket</code> を <strong>上書き</strong> します。</p>
      <pre><code class="language-sh">sudo systemctl edit ssh.socket
      </code></pre>
      </details>
      "
    `)
  })

  it('gives a block without a summary the default one', () => {
    expect(md.render('::: details\n本文\n:::\n')).toContain('<summary>詳しく</summary>')
  })

  it('escapes the summary', () => {
    expect(md.render('::: details <b>x</b>\ny\n:::\n')).toContain('<summary>&lt;b&gt;x&lt;/b&gt;</summary>')
  })

  it('closes at the end of the document when the closing marker is missing', () => {
    expect(md.render('::: details 見出し\n最後まで\n')).toBe('<details class="details">\n<summary>見出し</summary>\n<p>最後まで</p>\n</details>\n')
  })

  it('ends where the next marker line is, so text after it is outside', () => {
    expect(md.render('::: details a\nin\n:::\n\nout\n')).toBe('<details class="details">\n<summary>a</summary>\n<p>in</p>\n</details>\n<p>out</p>\n')
  })

  it('does not transform the syntax inside a code block', () => {
    expect(md.render('```md\n::: details 見出し\n:::\n```\n')).not.toContain('<details')
  })

  it('leaves other kinds to other rules, and lives beside the callouts', () => {
    expect(md.render('::: caution\nx\n:::\n')).toBe('<p>::: caution\nx\n:::</p>\n')
    const both = new MarkdownIt().use(calloutsPlugin).use(detailsPlugin)
    const html = both.render('::: caution 注意\na\n:::\n\n::: details 詳細\nb\n:::\n')
    expect(html).toContain('<div class="callout callout-caution" role="note">')
    expect(html).toContain('<details class="details">\n<summary>詳細</summary>\n<p>b</p>\n</details>')
  })

  it('takes its kind word and default summary from the options', () => {
    const custom = new MarkdownIt().use(detailsPlugin, { kind: 'more', defaultSummary: 'More' })
    expect(custom.render('::: more\nx\n:::\n')).toContain('<summary>More</summary>')
    expect(custom.render('::: details\nx\n:::\n')).not.toContain('<details')
  })
})
