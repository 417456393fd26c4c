import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './server.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const siteDir = join(root, 'dist/site')
const sources = ['src/client', 'src/shared', 'lessons', 'checker/catalog.ts', 'src/node/vite-plugin-lessons.ts', 'src/node/lessons.ts', 'vite.config.ts'].map((p) => join(root, p))

/** The newest modification time under a path (files and folders, recursively). */
function newest(path: string): number {
  if (!existsSync(path)) return 0
  const info = statSync(path)
  if (!info.isDirectory()) return info.mtimeMs
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

async function main(): Promise<void> {
  const index = join(siteDir, 'index.html')
  if (!existsSync(index) || Math.max(...sources.map(newest)) > statSync(index).mtimeMs) {
    console.log('サイトをビルドしています… / building the site…')
    const { build } = await import('vite')
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
  }
  const port = Number(process.env.PORT ?? 4173)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT が不正です / invalid PORT: ${process.env.PORT}`)
  const { server, url } = await startServer({ siteDir, host: process.env.HOST ?? '127.0.0.1', port })
  console.log(`講座サイト: ${url}  (Ctrl+C で終了 / Ctrl+C to stop)`)
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
