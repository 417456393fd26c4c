import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { downloadLinksPlugin } from '../../../src/client/markdown/downloadLinks.ts'
import { linksPlugin } from '../../../src/client/markdown/links.ts'

const md = new MarkdownIt().use(linksPlugin).use(downloadLinksPlugin)

describe('downloadLinksPlugin', () => {
  it.each([
    ['../downloads/check.mjs', '<p><a href="../downloads/check.mjs" download="">check.mjs</a></p>\n'],
    ['/downloads/secure-course-check_all.deb', '<p><a href="/downloads/secure-course-check_all.deb" download="">check.mjs</a></p>\n'],
  ])('marks a link to %s as a download', (href, html) => {
    expect(md.render(`[check.mjs](${href})`)).toBe(html)
  })

  it.each(['../downloads/', '02-ssh-port.md', 'https://example.org/downloads/check.mjs'])('leaves %s alone', (href) => {
    expect(md.render(`[x](${href})`)).not.toContain(' download=')
  })

  it('keeps what the links plugin does to other sites', () => {
    expect(md.render('[x](https://example.org/)')).toContain('target="_blank"')
  })
})
