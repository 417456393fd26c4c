import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { tablesPlugin } from '../../../src/client/markdown/tables.ts'

const md = new MarkdownIt().use(tablesPlugin)

describe('tablesPlugin', () => {
  it('wraps a table in a scroll box (focusable on the site only while it scrolls)', () => {
    expect(md.render('| ポート | 用途 |\n| --- | --- |\n| 22 | SSH |\n')).toMatchInlineSnapshot(`
      "<div class="table-scroll">
      <table>
      <thead>
      <tr>
      <th>ポート</th>
      <th>用途</th>
      </tr>
      </thead>
      <tbody>
      <tr>
      <td>22</td>
      <td>SSH</td>
      </tr>
      </tbody>
      </table>
      </div>
      "
    `)
  })

  it('does not wrap a table written inside a code block', () => {
    expect(md.render('```md\n| a |\n| - |\n```\n')).not.toContain('table-scroll')
  })
})
