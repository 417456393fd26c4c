/**
 * JUnit XML for CI dashboards: one testsuite per lesson group; fail → failure, unknown → error,
 * except an unknown that only needed root, which is skipped (as goss and InSpec report it).
 * Control characters XML 1.0 forbids are shown as escapes first (see _escape.ts), so it parses.
 */
import type { ReportResult } from '../schema.ts'
import { visible } from './_escape.ts'
import type { Reporter } from './types.ts'

const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\t': '&#9;' }

/** Text content keeps its newlines; attributes encode them, or parsers fold them into spaces. */
function escapeXml(text: string, inAttribute = true): string {
  return visible(text).replace(inAttribute ? /[<>&"'\n\t]/g : /[<>&"']/g, (char) => entities[char] ?? char)
}

const isSkipped = (result: ReportResult) => result.status === 'unknown' && result.needsRoot === true

function testcase(result: ReportResult): string {
  const open = `    <testcase classname="${escapeXml(result.group)}" name="${escapeXml(result.id)}: ${escapeXml(result.title)}" time="0">`
  const body = escapeXml([result.detail, result.hint, ...(result.fix ?? []).map((command) => `$ ${command}`)].filter(Boolean).join('\n'), false)
  const message = escapeXml(result.detail)
  switch (result.status) {
    case 'fail':
      return `${open}\n      <failure message="${message}">${body}</failure>\n    </testcase>`
    case 'unknown':
      if (isSkipped(result)) return `${open}\n      <skipped message="${message}">${body}</skipped>\n    </testcase>`
      return `${open}\n      <error message="${message}">${body}</error>\n    </testcase>`
    case 'warn':
      return `${open}\n      <system-out>warn: ${body}</system-out>\n    </testcase>`
    default:
      return `${open}</testcase>`
  }
}

function counts(results: readonly ReportResult[]) {
  return {
    tests: results.length,
    failures: results.filter((result) => result.status === 'fail').length,
    errors: results.filter((result) => result.status === 'unknown' && !isSkipped(result)).length,
    skipped: results.filter(isSkipped).length,
  }
}

export const junitReporter: Reporter = (report) => {
  const groups = [...new Set(report.results.map((result) => result.group))]
  const suites = groups.map((group) => {
    const cases = report.results.filter((result) => result.group === group)
    const { tests, failures, errors, skipped } = counts(cases)
    return [
      `  <testsuite name="${escapeXml(group)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" timestamp="${escapeXml(report.startedAt)}" hostname="${escapeXml(report.host.hostname)}">`,
      ...cases.map(testcase),
      '  </testsuite>',
    ].join('\n')
  })
  const { tests, failures, errors, skipped } = counts(report.results)
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(report.tool.name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${(report.durationMs / 1000).toFixed(3)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}
