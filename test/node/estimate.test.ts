import { describe, expect, it } from 'vitest'
import { estimateMinutes, proseChars } from '../../src/node/estimate.ts'

describe('estimateMinutes', () => {
  it.each([
    [{ textChars: 0, commands: 0 }, 5],
    [{ textChars: 400, commands: 0 }, 5],
    [{ textChars: 4000, commands: 0 }, 10],
    [{ textChars: 4000, commands: 10 }, 25],
    [{ textChars: 6000, commands: 14 }, 40],
  ])('%o → %i min', (size, minutes) => {
    expect(estimateMinutes(size)).toBe(minutes)
  })
})

describe('proseChars', () => {
  it.each([
    ['<p>ファイアウォール</p>', 8],
    ['<p>a b\n c</p>', 3],
    ['<p>前</p><pre><code>sudo ufw enable</code></pre><p>後</p>', 2],
    ['<div class="command-block"><pre>x</pre><span><button>コピー</button></span></div><p>&lt;IP&gt;</p>', 4],
  ])('%s → %i', (html, chars) => {
    expect(proseChars(html)).toBe(chars)
  })
})
