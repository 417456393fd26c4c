import type { Server } from 'node:http'
import { resolve } from 'node:path'
import Fastify, { type FastifyError } from 'fastify'
import { securityHeaders, sendText, siteRoutes } from './static.ts'

export interface ServerOptions {
  /** Folder of the built site. */
  siteDir: string
  /** @default '127.0.0.1' — only this machine, unless told otherwise */
  host?: string
  /** @default 4173 */
  port?: number
}

/**
 * Starts the course server and resolves once it listens. Close it with `server.close()`.
 *
 * Fastify, so the grading API and its schemas can grow beside the site as routes and plugins
 * instead of hand routing; the site itself is one plugin (./static.ts).
 */
export async function startServer(options: ServerOptions): Promise<{ server: Server; url: string }> {
  const siteDir = resolve(options.siteDir)
  const host = options.host ?? '127.0.0.1'
  const app = Fastify({
    logger: false,
    // A URL that does not decode is the client's mistake: say so in text, like every other answer.
    frameworkErrors(error, _request, reply) {
      if (error.code === 'FST_ERR_BAD_URL') return sendText(reply, 400, '不正な URL です / malformed URL')
      return sendText(reply, error.statusCode ?? 400, `${error.message}`)
    },
  })
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders)
  })
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500
    if (status === 403) return sendText(reply, 403, 'このパスは読めません / path outside the site')
    if (status < 500) return sendText(reply, status, error.message)
    return sendText(reply, 500, 'サーバの内部エラーです / internal error')
  })
  await app.register(siteRoutes, { siteDir })
  await app.listen({ port: options.port ?? 4173, host })

  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const shownHost = host.includes(':') ? `[${host}]` : host
  return { server: app.server, url: `http://${shownHost}:${port}/` }
}
