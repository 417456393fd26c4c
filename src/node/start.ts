import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
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

const usage = `使い方 (usage): npm start -- [--host ADDRESS] [--port N] [--data DIR] [--trust-proxy ADDRESS,…]
  --host         待ち受けるアドレス (listen address; HOST) 既定 127.0.0.1
  --port         ポート (PORT) 既定 4173
  --data         採点データのフォルダ (grading store folder; DATA_DIR) 既定 ./data、なければ作ります
  --trust-proxy  前に置いた TLS リバースプロキシのアドレス (TLS reverse proxy in front; TRUST_PROXY)`

interface StartOptions {
  host: string
  port: number
  dataDir: string
  trustProxy: string[]
}

/** Arguments win over the environment, which wins over the defaults. */
function startOptions(argv: string[], env: NodeJS.ProcessEnv): StartOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      data: { type: 'string' },
      'trust-proxy': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) return 'help'
  const portText = values.port ?? env.PORT ?? '4173'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`ポートが不正です / invalid port: ${portText}`)
  const proxies = (values['trust-proxy'] ?? env.TRUST_PROXY ?? '').split(',').map((part) => part.trim()).filter(Boolean)
  return {
    host: values.host ?? env.HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(values.data ?? env.DATA_DIR ?? 'data'),
    trustProxy: proxies,
  }
}

async function main(): Promise<void> {
  const options = startOptions(process.argv.slice(2), process.env)
  if (options === 'help') {
    console.log(usage)
    return
  }
  const index = join(siteDir, 'index.html')
  if (!existsSync(index) || Math.max(...sources.map(newest)) > statSync(index).mtimeMs) {
    console.log('サイトをビルドしています… / building the site…')
    const { build } = await import('vite')
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })
  }
  const started = await startServer({
    siteDir,
    host: options.host,
    port: options.port,
    grading: { dataDir: options.dataDir },
    trustProxy: options.trustProxy,
  })
  for (const warning of started.warnings) console.warn(warning)
  console.log(`講座サイト (course site): ${started.url}  (Ctrl+C で終了 / Ctrl+C to stop)`)
  console.log(`採点ダッシュボード (dashboard): ${new URL('dashboard', started.url)}  採点データ (store): ${options.dataDir}`)
  const stop = () => {
    started.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
