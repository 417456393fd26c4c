import { createServer, type Server } from 'node:http'
import { resolve } from 'node:path'
import { sendText, serveStatic } from './static.ts'

export interface ServerOptions {
  /** Folder of the built site. */
  siteDir: string
  /** @default '127.0.0.1' — only this machine, unless told otherwise */
  host?: string
  /** @default 4173 */
  port?: number
}

/** Starts the course server and resolves once it listens. Close it with `server.close()`. */
export async function startServer(options: ServerOptions): Promise<{ server: Server; url: string }> {
  const siteDir = resolve(options.siteDir)
  const host = options.host ?? '127.0.0.1'
  const server = createServer((request, response) => {
    serveStatic(siteDir, request, response)
      .then((served) => {
        if (!served) sendText(response, 405, 'この方法では使えません / method not allowed')
      })
      .catch(() => {
        if (!response.headersSent) sendText(response, 500, 'サーバの内部エラーです / internal error')
        else response.destroy()
      })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    server.listen(options.port ?? 4173, host, () => done())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return { server, url: `http://${shownHost}:${port}/` }
}
