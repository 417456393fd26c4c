import type { Server } from 'node:http'
import { resolve } from 'node:path'
import Fastify, { type FastifyError } from 'fastify'
import { registerGradingApi, type GradingApiOptions } from './grading/api.ts'
import { createEventHub, watchStore } from './grading/events.ts'
import { createProber, type ProberOptions } from './grading/probe.ts'
import { createGradingService, type GradingService } from './grading/service.ts'
import { openStoreIn } from './grading/store/index.ts'
import { exposureWarning } from './exposure.ts'
import { securityHeaders, sendText, siteRoutes } from './static.ts'

export interface GradingMountOptions {
  /** Folder of the SQLite store, created on first start (`npm start` passes ./data). */
  dataDir: string
  /** false: store reports without probing the learners' servers (tests) */
  probe?: ProberOptions | false
  rateLimit?: GradingApiOptions['rateLimit']
  /** @default 15000 */
  heartbeatMs?: number
}

export interface ServerOptions {
  /** Folder of the built site. */
  siteDir: string
  /** @default '127.0.0.1' — only this machine, unless told otherwise */
  host?: string
  /** @default 4173 */
  port?: number
  /** Mounts the grading API under /api. Omitted: the site alone (/api/… still answers JSON 404). */
  grading?: GradingMountOptions
  /**
   * Addresses of the TLS-terminating reverse proxy in front: its X-Forwarded-For names the
   * learner (whose server is then probed), and no warning about clear text is given.
   */
  trustProxy?: readonly string[]
}

export interface StartedServer {
  server: Server
  url: string
  /** the grading service when mounted (tests add classes and learners through its store) */
  grading?: GradingService
  /** bilingual lines for the person starting the server (listening beyond loopback without TLS) */
  warnings: string[]
  /** ends event streams, closes the server, waits for running probes, closes the store */
  close(): Promise<void>
}

/**
 * Starts the course server and resolves once it listens. Close it with `close()` (or, for the
 * site alone, `server.close()` as before).
 *
 * Fastify, so the grading API and its schemas grow beside the site as a plugin instead of hand
 * routing; the site itself is one plugin (./static.ts).
 */
export async function startServer(options: ServerOptions): Promise<StartedServer> {
  const siteDir = resolve(options.siteDir)
  const host = options.host ?? '127.0.0.1'
  const trustProxy = options.trustProxy && options.trustProxy.length > 0 ? [...options.trustProxy] : undefined
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    ...(trustProxy ? { trustProxy } : {}),
    // A URL that does not decode is the client's mistake: say so in text, like every other answer.
    frameworkErrors(error, _request, reply) {
      if (error.code === 'FST_ERR_BAD_URL') return sendText(reply, 400, '不正な URL です / malformed URL')
      return sendText(reply, error.statusCode ?? 400, `${error.message}`)
    },
  })
  // The API's own hook (registered inside its plugin) runs after this one and sets its stricter headers.
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(securityHeaders)
  })
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500
    if (status === 403) return sendText(reply, 403, 'このパスは読めません / path outside the site')
    if (status < 500) return sendText(reply, status, error.message)
    return sendText(reply, 500, 'サーバーの内部エラーです / internal error')
  })

  let grading: GradingService | undefined
  if (options.grading) {
    const store = openStoreIn(options.grading.dataDir)
    const events = createEventHub()
    const watch = watchStore(store, events)
    const service = createGradingService({
      store,
      events,
      watch,
      prober: options.grading.probe === false ? undefined : createProber(options.grading.probe ?? {}),
    })
    grading = service
    app.addHook('onClose', async () => {
      watch.stop()
      await service.idle()
      await store.close()
    })
    await registerGradingApi(app, {
      service,
      rateLimit: options.grading.rateLimit,
      ...(options.grading.heartbeatMs ? { heartbeatMs: options.grading.heartbeatMs } : {}),
    })
  }
  await app.register(siteRoutes, { siteDir })
  try {
    await app.listen({ port: options.port ?? 4173, host })
  } catch (error) {
    await app.close()
    throw error
  }

  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  const shownHost = host.includes(':') ? `[${host}]` : host
  const warning = exposureWarning(host, trustProxy !== undefined)
  return {
    server: app.server,
    url: `http://${shownHost}:${port}/`,
    ...(grading ? { grading } : {}),
    warnings: warning ? [warning] : [],
    close: () => app.close(),
  }
}
