import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { linksPlugin } from '../../../src/client/markdown/links.ts'

const md = new MarkdownIt().use(linksPlugin)

describe('linksPlugin', () => {
  it.each([
    ['[次へ](02-ssh-port.md)', '<p><a href="/lessons/ssh-port">次へ</a></p>\n'],
    ['[次へ](./03-firewall.md#enable-ufw)', '<p><a href="/lessons/firewall#enable-ufw">次へ</a></p>\n'],
    ['[外](https://www.debian.org/)', '<p><a href="https://www.debian.org/" target="_blank" rel="noopener noreferrer">外</a></p>\n'],
    ['[相対](notes.md)', '<p><a href="notes.md">相対</a></p>\n'],
  ])('%s', (source, expected) => {
    expect(md.render(source)).toBe(expected)
  })

  it('uses the lessonHref option', () => {
    const custom = new MarkdownIt().use(linksPlugin, { lessonHref: (slug, hash) => `/course/lessons/${slug}${hash}` })
    expect(custom.render('[x](01-updates.md)')).toBe('<p><a href="/course/lessons/updates">x</a></p>\n')
    expect(custom.render('[x](01-updates.md#apply-updates)')).toBe('<p><a href="/course/lessons/updates#apply-updates">x</a></p>\n')
  })

  it('does not rewrite a link written inside a code block', () => {
    expect(md.render('```md\n[次へ](02-ssh-port.md)\n```\n')).toMatchInlineSnapshot(`
      "<pre><code class="language-md">[次へ](02-ssh-port.md)
      </code></pre>
      "
    `)
  })
})
