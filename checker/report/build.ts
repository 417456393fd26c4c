/** Rule results + catalogue → a Report in one language. */
import { catalogFor, type CatalogSettings } from '../catalog.ts'
import type { Facts } from '../facts.ts'
import type { CheckResult } from '../rules/types.ts'
import { reportSchemaVersion, type Lang, type Report, type ReportResult } from './schema.ts'

export const toolName = 'secure-course-check'

export interface ReportInput {
  facts: Facts
  results: readonly CheckResult[]
  settings: CatalogSettings
  lang: Lang
  version: string
  startedAt: Date
  durationMs: number
}

export function buildReport(input: ReportInput): Report {
  const entries = new Map(catalogFor(input.settings).map((entry) => [entry.id, entry]))
  const results = input.results.map((result): ReportResult => {
    const entry = entries.get(result.id)
    if (!entry) throw new Error(`no catalogue entry for ${result.id}`)
    const out: ReportResult = { id: result.id, group: entry.group, status: result.status, title: entry.title[input.lang], detail: result.detail[input.lang] }
    // Advice only where something is to be done; an unknown without a known cause gets none.
    const advise = result.status === 'fail' || result.status === 'warn' || result.needsRoot === true
    if (advise) {
      out.hint = (result.hint ?? entry.hint)[input.lang]
      out.fix = [...(result.fix ?? entry.fix)]
    }
    if (result.evidence && result.evidence.length > 0) out.evidence = result.evidence
    if (result.status === 'unknown' && result.needsRoot === true) out.needsRoot = true
    return out
  })
  const summary = { pass: 0, fail: 0, warn: 0, unknown: 0, total: results.length }
  for (const result of results) summary[result.status]++
  return {
    schemaVersion: reportSchemaVersion,
    tool: { name: toolName, version: input.version },
    host: input.facts.host,
    root: input.facts.root,
    startedAt: input.startedAt.toISOString(),
    durationMs: Math.round(input.durationMs),
    settings: { sshPort: input.settings.sshPort, httpPort: input.settings.httpPort },
    results,
    summary,
  }
}

/** 0 when everything passed or only warns; 1 when anything failed or could not be checked. */
export function exitCodeFor(report: Report): 0 | 1 {
  return report.summary.fail > 0 || report.summary.unknown > 0 ? 1 : 0
}
