/**
 * What the bundle uses that Node 12.22 (Ubuntu 22.04's nodejs) lacks, provided only where missing.
 * build.ts injects this file before everything else; under Node 18+ each line does nothing.
 * Found by running dist/check.mjs under `npx -y node@12` over every fixture host and flag, and by
 * grepping the bundle (test/checker/build/bundle.test.ts runs it there).
 */
import { performance as perfHooksPerformance } from 'node:perf_hooks'

type Writable<T> = { -readonly [K in keyof T]: T[K] }

function define(target: object, name: string, value: unknown): void {
  if (!(name in target)) Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false })
}

const globals = globalThis as unknown as Writable<Record<string, unknown>>
// probes time themselves with performance.now(), a global only since Node 16.
define(globals, 'performance', perfHooksPerformance)
