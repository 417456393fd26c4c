/**
 * The grading API on a Fastify instance of its own: for the durability test, the benchmark, and
 * as the reference for mounting it into the course server (the same three steps there).
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { registerGradingApi, type GradingApiOptions } from './api.ts'
import { createEventHub, watchStore } from './events.ts'
import { createProber, type ProberOptions } from './probe.ts'
import { createGradingService, type GradingService } from './service.ts'
import { openStoreIn } from './store/index.ts'

export interface GradingAppOptions {
  /** @default 'data' */
  dataDir?: string
  /** false: store reports without probing them */
  probe?: ProberOptions | false
  rateLimit?: GradingApiOptions['rateLimit']
  /** Fastify's logger; tokens never reach it */
  logger?: boolean
}

export interface GradingApp {
  app: FastifyInstance
  service: GradingService
  /** closes the HTTP side, waits for running probes, then closes the store */
  close(): Promise<void>
}

export async function createGradingApp(options: GradingAppOptions = {}): Promise<GradingApp> {
  const store = openStoreIn(options.dataDir ?? 'data')
  const events = createEventHub()
  const watch = watchStore(store, events)
  const service = createGradingService({
    store,
    events,
    watch,
    prober: options.probe === false ? undefined : createProber(options.probe ?? {}),
  })
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 64 * 1024 })
  await registerGradingApi(app, { service, rateLimit: options.rateLimit })
  await app.ready()
  return {
    app,
    service,
    async close() {
      await app.close()
      watch.stop()
      await service.idle()
      await store.close()
    },
  }
}
