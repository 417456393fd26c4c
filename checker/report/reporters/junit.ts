/** JUnit XML for CI dashboards: one testsuite per lesson group; fail → failure, unknown → error. */
import type { ReportResult } from '../schema.ts'
import type { Reporter } from './types.ts'

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char)
}

function testcase(result: ReportResult): string {
  const open = `    <testcase classname="${escapeXml(result.group)}" name="${escapeXml(result.id)}: ${escapeXml(result.title)}" time="0">`
  const body = [result.detail, result.hint, ...(result.fix ?? []).map((command) => `$ ${command}`)].filter(Boolean).join('\n')
  switch (result.status) {
    case 'fail':
      return `${open}\n      <failure message="${escapeXml(result.detail)}">${escapeXml(body)}</failure>\n    </testcase>`
    case 'unknown':
      return `${open}\n      <error message="${escapeXml(result.detail)}">${escapeXml(body)}</error>\n    </testcase>`
    case 'warn':
      return `${open}\n      <system-out>${escapeXml(`warn: ${body}`)}</system-out>\n    </testcase>`
    default:
      return `${open}</testcase>`
  }
}

export const junitReporter: Reporter = (report) => {
  const groups = [...new Set(report.results.map((result) => result.group))]
  const suites = groups.map((group) => {
    const cases = report.results.filter((result) => result.group === group)
    const failures = cases.filter((result) => result.status === 'fail').length
    const errors = cases.filter((result) => result.status === 'unknown').length
    return [
      `  <testsuite name="${escapeXml(group)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" timestamp="${escapeXml(report.startedAt)}" hostname="${escapeXml(report.host.hostname)}">`,
      ...cases.map(testcase),
      '  </testsuite>',
    ].join('\n')
  })
  const { summary } = report
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(report.tool.name)}" tests="${summary.total}" failures="${summary.fail}" errors="${summary.unknown}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
