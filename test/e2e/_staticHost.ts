import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { extname, join, normalize } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
}

/**
 * A plain static host as learners may deploy to (GitHub Pages and the like): files under
 * `prefix`, no single-page fallback, its 404.html for anything else, with status 404.
 */
export async function startStaticHost(dir: string, prefix = '/'): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname
      let file: string | undefined
      if (path.startsWith(prefix)) {
        const candidate = normalize(join(dir, decodeURIComponent(path.slice(prefix.length)) || 'index.html'))
        const info = await stat(candidate).catch(() => undefined)
        if (candidate.startsWith(dir) && info?.isFile()) file = candidate
        else if (info?.isDirectory() && (await stat(join(candidate, 'index.html')).catch(() => undefined))) file = join(candidate, 'index.html')
      }
      response.writeHead(file ? 200 : 404, { 'content-type': types[extname(file ?? '404.html')] ?? 'application/octet-stream' })
      createReadStream(file ?? join(dir, '404.html')).pipe(response)
    })()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { server, url: `http://127.0.0.1:${port}${prefix}` }
}
