import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { headingLevelsPlugin } from '../../../src/client/markdown/headingLevels.ts'

const md = new MarkdownIt().use(headingLevelsPlugin)

describe('headingLevelsPlugin', () => {
  it('leaves headings alone by default', () => {
    expect(md.render('### ポートとは')).toBe('<h3>ポートとは</h3>\n')
  })

  it('moves headings by env.headingShift for one render only', () => {
    const source = '### ポートとは\n\n#### 詳しく\n'
    expect(md.render(source, { headingShift: -1 })).toMatchInlineSnapshot(`
      "<h2>ポートとは</h2>
      <h3>詳しく</h3>
      "
    `)
    expect(md.render(source)).toBe('<h3>ポートとは</h3>\n<h4>詳しく</h4>\n')
  })

  it.each([
    [-3, '# a', '<h1>a</h1>\n'],
    [2, '###### a', '<h6>a</h6>\n'],
  ])('keeps h1–h6 when shifting by %i', (shift, source, expected) => {
    expect(md.render(source, { headingShift: shift })).toBe(expected)
  })

  it('takes a default shift from the options', () => {
    expect(new MarkdownIt().use(headingLevelsPlugin, { shift: 1 }).render('## a')).toBe('<h3>a</h3>\n')
  })

  it('does not touch a heading written inside a code block', () => {
    expect(md.render('```md\n### ポートとは\n```\n', { headingShift: -1 })).toMatchInlineSnapshot(`
      "<pre><code class="language-md">### ポートとは
      </code></pre>
      "
    `)
  })
})
