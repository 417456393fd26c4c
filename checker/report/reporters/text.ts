/**
 * The human report: a loud lockout banner first when it applies, then the lesson's steps in order,
 * one line per check with a mark, and under anything to do its hint and the exact commands.
 */
import type { ReportResult } from '../schema.ts'
import type { Status } from '../../rules/types.ts'
import { visibleReport } from './_escape.ts'
import { styler, type StyleName } from './_style.ts'
import { textMessages } from './_text-messages.ts'
import type { Reporter } from './types.ts'

const marks: Record<Status, { mark: string; styles: StyleName[] }> = {
  pass: { mark: '✔', styles: ['green'] },
  fail: { mark: '✘', styles: ['red', 'bold'] },
  warn: { mark: '!', styles: ['yellow', 'bold'] },
  unknown: { mark: '?', styles: ['magenta'] },
}

const groupOrder = ['guard', 'updates', 'autoupdate', 'ssh', 'firewall'] as const

/** A hint that already opens with its own label (「危険:」, "Danger:") gets no second one. */
const labelled = /^(危険|警告|注意|danger|warning|caution|note)[:：]\s*/i

/** Seconds for the summary: two decimals under one second, one above. */
export function seconds(durationMs: number): string {
  return (durationMs / 1000).toFixed(durationMs < 1000 ? 2 : 1)
}

export const textReporter: Reporter = (raw, { lang, color }) => {
  // Everything that came from the system is made visible first; only then do our colours go in.
  const report = visibleReport(raw)
  const style = styler(color)
  const words = textMessages[lang]
  const lines: string[] = []
  // The OS name has parentheses of its own (`Debian GNU/Linux 12 (bookworm)`): no second pair.
  lines.push(style(`${report.tool.name} ${report.tool.version}`, 'bold') + style(` — ${report.host.hostname} · ${report.host.os}`, 'gray'))
  if (!report.root) lines.push(style(words.notRoot, 'yellow'))

  // Without root the header already says to use sudo; repeating it under every unknown is noise.
  const isSudoAdvice = (result: ReportResult) => !report.root && result.status === 'unknown' && result.fix?.length === 1 && result.fix[0] === 'sudo check'
  const advice = (result: ReportResult, indent: string) => {
    if (isSudoAdvice(result)) return
    if (result.hint) {
      const label = result.hint.match(labelled)?.[0]
      lines.push(label ? `${indent}${style(label.trimEnd(), 'cyan')} ${result.hint.slice(label.length)}` : `${indent}${style(`${words.hint}:`, 'cyan')} ${result.hint}`)
    }
    for (const command of result.fix ?? []) lines.push(`${indent}  ${style(`$ ${command}`, 'bold')}`)
  }

  const lockout = report.results.find((result) => result.id === 'guard.lockout' && result.status === 'fail')
  if (lockout) {
    const bar = '!'.repeat(60)
    lines.push('', style(bar, 'red', 'bold'), style(`  ${words.danger}`, 'red', 'bold', 'inverse'), `  ${lockout.detail}`)
    advice(lockout, '  ')
    lines.push(style(bar, 'red', 'bold'))
  }

  for (const group of groupOrder) {
    const results = report.results.filter((result) => result.group === group)
    if (results.length === 0) continue
    lines.push('', style(`■ ${words.groups[group]}`, 'bold'))
    for (const result of results) {
      const { mark, styles } = marks[result.status]
      const detail = result.detail ? style(` — ${result.detail}`, result.status === 'pass' ? 'gray' : 'dim') : ''
      lines.push(`  ${style(mark, ...styles)} ${result.title}${detail}`)
      // The lockout advice is already in the banner above.
      if (result !== lockout && result.status !== 'pass') advice(result, '      ')
    }
  }

  const { summary } = report
  lines.push('')
  if (summary.fail === 0 && summary.unknown === 0) lines.push(style(words.allDone, 'green', 'bold'))
  lines.push(style(words.summary(summary, seconds(report.durationMs)), 'bold'))
  return `${lines.join('\n')}\n`
}
