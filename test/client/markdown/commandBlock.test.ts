import MarkdownIt from 'markdown-it'
import { describe, expect, it } from 'vitest'
import { commandBlockPlugin } from '../../../src/client/markdown/commandBlock.ts'

const md = new MarkdownIt().use(commandBlockPlugin)

describe('commandBlockPlugin', () => {
  it('gives each command line a prompt outside the copied text, and the block run and copy buttons', () => {
    expect(md.render('```sh\nsudo apt update\nsudo apt upgrade -y\n```\n')).toMatchInlineSnapshot(`
      "<div class="command-block"><pre class="command-lines"><code><span class="command-line"><span class="command-prompt" aria-hidden="true">$ </span><span class="command-text">sudo apt update</span></span>
      <span class="command-line"><span class="command-prompt" aria-hidden="true">$ </span><span class="command-text">sudo apt upgrade -y</span></span></code></pre><span class="command-buttons"><button type="button" class="run-button" data-run-commands aria-label="ターミナルで実行: sudo apt update、sudo apt upgrade -y"><span aria-hidden="true">▶ </span><span class="run-label">実行</span></button><button type="button" class="copy-button" data-copy-commands aria-label="コマンドをコピー">コピー</button></span><span class="copy-feedback" role="status" aria-live="polite"></span></div>
      "
    `)
  })

  it('escapes shell syntax that looks like HTML and drops blank lines', () => {
    expect(md.render('```sh\necho "<b>" && cat a > b\n\n```\n')).toMatchInlineSnapshot(`
      "<div class="command-block"><pre class="command-lines"><code><span class="command-line"><span class="command-prompt" aria-hidden="true">$ </span><span class="command-text">echo &quot;&lt;b&gt;&quot; &amp;&amp; cat a &gt; b</span></span></code></pre><span class="command-buttons"><button type="button" class="run-button" data-run-commands aria-label="ターミナルで実行: echo &quot;&lt;b&gt;&quot; &amp;&amp; cat a &gt; b"><span aria-hidden="true">▶ </span><span class="run-label">実行</span></button><button type="button" class="copy-button" data-copy-commands aria-label="コマンドをコピー">コピー</button></span><span class="copy-feedback" role="status" aria-live="polite"></span></div>
      "
    `)
  })

  it('uses the prompt and labels given as options', () => {
    const custom = new MarkdownIt().use(commandBlockPlugin, { prompt: '#', copyLabel: 'Copy', copyAccessibleName: 'Copy commands' })
    expect(custom.render('```sh\nid\n```\n')).toContain('aria-hidden="true"># </span>')
    expect(custom.render('```sh\nid\n```\n')).toContain('aria-label="Copy commands">Copy</button>')
  })

  it('gives the run button a name that says which commands it types', () => {
    const html = md.render('```sh\nsudo ufw allow 54723\nsudo ufw allow 80\n```\n')
    expect(html).toContain('data-run-commands aria-label="ターミナルで実行: sudo ufw allow 54723、sudo ufw allow 80"')
    const custom = new MarkdownIt().use(commandBlockPlugin, { runLabel: 'Run', runAccessibleName: (commands) => `Run ${commands.join(', ')}` })
    expect(custom.render('```sh\nid\n```\n')).toContain('aria-label="Run id"><span aria-hidden="true">▶ </span><span class="run-label">Run</span></button>')
  })

  it.each([
    ['another language', '```python\nprint(1)\n```\n', '<pre><code class="language-python">print(1)\n</code></pre>\n'],
    ['a fence with more words than the language (sh solve)', '```sh solve\napt-get update\n```\n', '<pre><code class="language-sh">apt-get update\n</code></pre>\n'],
    ['an indented code block', '    sudo apt update\n', '<pre><code>sudo apt update\n</code></pre>\n'],
  ])('leaves %s to the previous fence rule', (_name, source, expected) => {
    expect(md.render(source)).toBe(expected)
  })

  it('does not transform a ```sh fence shown inside a longer code fence', () => {
    expect(md.render('````md\n```sh\nsudo apt update\n```\n````\n')).toMatchInlineSnapshot(`
      "<pre><code class="language-md">\`\`\`sh
      sudo apt update
      \`\`\`
      </code></pre>
      "
    `)
  })
})
