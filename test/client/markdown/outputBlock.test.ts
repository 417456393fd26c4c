import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { outputBlockPlugin } from '../../../src/client/markdown/outputBlock.ts'

const md = new MarkdownIt().use(outputBlockPlugin)

describe('outputBlockPlugin', () => {
  it('labels ```text as an output example with no prompt and no copy button', () => {
    expect(md.render('```text\nStatus: active\n\nTo  Action  From\n```\n')).toMatchInlineSnapshot(`
      "<figure class="output-block"><figcaption class="output-label">出力例</figcaption><pre class="output-lines"><code>Status: active

      To  Action  From
      </code></pre></figure>
      "
    `)
  })

  it('escapes the output', () => {
    expect(md.render('```text\n<none> & "x"\n```\n')).toContain('<code>&lt;none&gt; &amp; &quot;x&quot;\n</code>')
  })

  it('takes its label from the options', () => {
    expect(new MarkdownIt().use(outputBlockPlugin, { label: 'Output' }).render('```text\nok\n```\n')).toContain(
      '<figcaption class="output-label">Output</figcaption>',
    )
  })

  it('leaves other fences to the previous rule', () => {
    expect(md.render('```sh\nls\n```\n')).toBe('<pre><code class="language-sh">ls\n</code></pre>\n')
  })

  it('does not transform a ```text fence shown inside a longer code fence', () => {
    expect(md.render('````md\n```text\nok\n```\n````\n')).toMatchInlineSnapshot(`
      "<pre><code class="language-md">\`\`\`text
      ok
      \`\`\`
      </code></pre>
      "
    `)
  })
})
