import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { hiddenFencesPlugin } from '../../../src/client/markdown/hiddenFences.ts'

const md = new MarkdownIt().use(hiddenFencesPlugin)

describe('hiddenFencesPlugin', () => {
  it.each([
    ['a step block', '```step\nchecks: [ssh.config-valid]\n```\n'],
    ['a solve script', '```sh solve\nsed -i "s/^#Port 22/Port 54723/" /etc/ssh/sshd_config\n```\n'],
    ['a solve script with extra spaces', '```  sh   solve\napt-get update\n```\n'],
  ])('never renders %s', (_name, source) => {
    expect(md.render(source)).toBe('')
  })

  it('renders the text around a hidden block', () => {
    expect(md.render('前\n\n```step\nchecks: [a]\n```\n\n後\n')).toMatchInlineSnapshot(`
      "<p>前</p>
      <p>後</p>
      "
    `)
  })

  it('leaves ordinary fences, including a plain ```sh, to the previous rule', () => {
    expect(md.render('```sh\nsudo sshd -t\n```\n')).toBe('<pre><code class="language-sh">sudo sshd -t\n</code></pre>\n')
    expect(md.render('```stepper\nx\n```\n')).toBe('<pre><code class="language-stepper">x\n</code></pre>\n')
  })

  it('still shows a solve fence quoted inside a longer code fence (it is an example there)', () => {
    expect(md.render('````md\n```sh solve\napt-get update\n```\n````\n')).toMatchInlineSnapshot(`
      "<pre><code class="language-md">\`\`\`sh solve
      apt-get update
      \`\`\`
      </code></pre>
      "
    `)
  })
})
