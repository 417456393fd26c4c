import { readdir, readFile, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Plugin } from 'vite'

export interface PrecompressOptions {
  /**
   * Extensions of the files to compress (already compressed formats gain nothing).
   * @default ['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']
   */
  extensions?: string[]
  /** Smaller files are left alone: the headers would cost more than they save. @default 512 */
  minBytes?: number
}

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/**
 * After the build, writes `file.br` and `file.gz` beside every text file of the output, at the
 * strongest settings (they are made once, served many times). The server (src/node/static.ts)
 * sends one of them when the browser accepts it. A variant that would not be smaller is skipped.
 */
export function precompressPlugin(options: PrecompressOptions = {}): Plugin {
  const extensions = new Set(options.extensions ?? ['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt'])
  const minBytes = options.minBytes ?? 512
  let outDir = ''
  return {
    name: 'secure-course:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    writeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        await Promise.all((await filesUnder(outDir)).filter((file) => extensions.has(extname(file))).map((file) => compressFile(file, minBytes)))
      },
    },
  }
}

async function compressFile(file: string, minBytes: number): Promise<void> {
  const content = await readFile(file)
  if (content.length < minBytes) return
  const [br, gz] = await Promise.all([
    brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
    gzipAsync(content, { level: 9 }),
  ])
  await Promise.all([
    br.length < content.length ? writeFile(`${file}.br`, br) : undefined,
    gz.length < content.length ? writeFile(`${file}.gz`, gz) : undefined,
  ])
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}
