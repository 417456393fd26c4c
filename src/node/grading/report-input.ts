/** A submitted report, checked against the checker's own schema before anything stores it. */
import { reportSchema, type Report } from '../../../checker/report/index.ts'
import type { Text } from './messages.ts'

/** The API's body limit and the store's: a full report is a few kilobytes. */
export const maxReportBytes = 64 * 1024

export type ReportCheck = { ok: true; report: Report } | { ok: false; reason: Text; issues: string[] }

export function checkReport(input: unknown): ReportCheck {
  const parsed = reportSchema.safeParse(input)
  if (parsed.success) return { ok: true, report: parsed.data }
  const issues = parsed.error.issues.slice(0, 20).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  return {
    ok: false,
    reason: { ja: 'check --json のレポートの形をしていません', en: 'not a report as printed by check --json' },
    issues,
  }
}
