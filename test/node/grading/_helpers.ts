import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Report } from '../../../checker/report/index.ts'
import type { Status } from '../../../checker/rules/types.ts'
import { openStoreIn, type GradingStore } from '../../../src/node/grading/store/index.ts'

export const fixtureDir = new URL('./fixtures/', import.meta.url).pathname

/** A report recorded from `check --json`, with every status replaced when asked. */
export function sampleReport(status?: Status, overrides: Partial<Record<string, Status>> = {}): Report {
  const report = JSON.parse(readFileSync(join(fixtureDir, 'report.json'), 'utf8')) as Report
  for (const result of report.results) result.status = overrides[result.id] ?? status ?? result.status
  const summary = { pass: 0, fail: 0, warn: 0, unknown: 0, total: report.results.length }
  for (const result of report.results) summary[result.status]++
  report.summary = summary
  return report
}

export async function tempDir(prefix = 'grading-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

export async function tempStore(now?: () => Date): Promise<{ dir: string; store: GradingStore; cleanup: () => Promise<void> }> {
  const { dir, remove } = await tempDir()
  const store = openStoreIn(join(dir, 'data'), now ? { now } : {})
  return {
    dir,
    store,
    cleanup: async () => {
      await store.close()
      await remove()
    },
  }
}
