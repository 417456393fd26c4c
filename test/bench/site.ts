/**
 * `npm run bench:site`: builds the site and prints the gzip size of the JS and CSS the first
 * page loads (the entry script, its modulepreloads and stylesheets named in index.html).
 * Lessons and other pages are lazy chunks and do not count. Exits 1 over the budget.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'vite'

const budgetJsBytes = 120 * 1024

const root = fileURLToPath(new URL('../..', import.meta.url))
const siteDir = join(root, 'dist/site')

interface FirstPageFile {
  kind: 'js' | 'css'
  path: string
  bytes: number
  gzipBytes: number
}

/** The files index.html makes the browser load before the first page can show. */
function firstPageFiles(html: string): Array<{ kind: 'js' | 'css'; path: string }> {
  const files: Array<{ kind: 'js' | 'css'; path: string }> = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attribute = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1]
    if (tag.startsWith('<script') && attribute('type') === 'module' && attribute('src')) {
      files.push({ kind: 'js', path: attribute('src')! })
    } else if (tag.startsWith('<link') && attribute('rel') === 'modulepreload' && attribute('href')) {
      files.push({ kind: 'js', path: attribute('href')! })
    } else if (tag.startsWith('<link') && attribute('rel') === 'stylesheet' && attribute('href')) {
      files.push({ kind: 'css', path: attribute('href')! })
    }
  }
  return files
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

async function main(): Promise<void> {
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
  const html = readFileSync(join(siteDir, 'index.html'), 'utf8')
  const files: FirstPageFile[] = firstPageFiles(html).map(({ kind, path }) => {
    const content = readFileSync(join(siteDir, path))
    return { kind, path, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length }
  })
  if (!files.some((file) => file.kind === 'js')) throw new Error('index.html names no entry script')

  console.log('first page / 最初のページが読み込むファイル')
  for (const file of files) {
    console.log(`  ${file.kind.padEnd(3)} ${file.path.padEnd(44)} ${kb(file.bytes).padStart(9)}  gzip ${kb(file.gzipBytes).padStart(8)}`)
  }
  const total = (kind: 'js' | 'css') => files.filter((file) => file.kind === kind).reduce((sum, file) => sum + file.gzipBytes, 0)
  const js = total('js')
  console.log(`JS  gzip ${kb(js)} (budget ${kb(budgetJsBytes)})`)
  console.log(`CSS gzip ${kb(total('css'))}`)
  if (js > budgetJsBytes) {
    console.error(`予算超過 / over budget: first-page JS is ${kb(js)} gzip, budget ${kb(budgetJsBytes)}`)
    process.exitCode = 1
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
