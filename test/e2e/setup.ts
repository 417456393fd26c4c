import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import type { TestProject } from 'vitest/node'
import { startServer } from '../../src/node/server.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const siteDir = fileURLToPath(new URL('../../dist/site', import.meta.url))

declare module 'vitest' {
  export interface ProvidedContext {
    /** Address of the built site, served by the same server as `npm start`. */
    siteUrl: string
    /** Folder of the built site (holds lessons.json). */
    siteDir: string
  }
}

/**
 * Builds the real site from the real lessons (as `npm run build` does), then serves it on a free
 * port of 127.0.0.1 with the server behind `npm start`. The browser tests run against that.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ configFile: `${root}vite.config.ts`, logLevel: 'warn' })
  const { server, url } = await startServer({ siteDir, host: '127.0.0.1', port: 0 })
  project.provide('siteUrl', url)
  project.provide('siteDir', siteDir)
  return () => new Promise<void>((done) => server.close(() => done()))
}
