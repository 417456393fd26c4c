import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { precompressPlugin } from '../../src/node/vite-plugin-precompress.ts'

let dir: string
const script = 'export const lesson = "ファイアウォール";\n'.repeat(100)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'course-precompress-'))
  await mkdir(join(dir, 'assets'))
  await writeFile(join(dir, 'index.html'), `<!doctype html>${'<p>講座</p>'.repeat(100)}`)
  await writeFile(join(dir, 'assets/app-1234abcd.js'), script)
  await writeFile(join(dir, 'assets/tiny-1234abcd.css'), 'a{}')
  await writeFile(join(dir, 'assets/font-1234abcd.woff2'), Buffer.alloc(4096, 7))
  const plugin = precompressPlugin()
  ;(plugin.configResolved as (config: unknown) => void)({ build: { outDir: dir } })
  await (plugin.writeBundle as { handler: () => Promise<void> }).handler()
})

afterAll(() => rm(dir, { recursive: true, force: true }))

describe('precompressPlugin', () => {
  it('writes .br and .gz beside text files that are worth it, and nothing else', async () => {
    expect((await readdir(join(dir, 'assets'))).sort()).toEqual([
      'app-1234abcd.js',
      'app-1234abcd.js.br',
      'app-1234abcd.js.gz',
      'font-1234abcd.woff2',
      'tiny-1234abcd.css',
    ])
    expect((await readdir(dir)).filter((name) => name.startsWith('index.html')).sort()).toEqual(['index.html', 'index.html.br', 'index.html.gz'])
  })

  it('writes variants that decompress to the file itself', async () => {
    expect(brotliDecompressSync(await readFile(join(dir, 'assets/app-1234abcd.js.br'))).toString()).toBe(script)
    expect(gunzipSync(await readFile(join(dir, 'assets/app-1234abcd.js.gz'))).toString()).toBe(script)
  })
})
