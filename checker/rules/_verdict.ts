/** Small constructors shared by the rules. */
import type { UnknownFact } from '../facts.ts'
import type { CheckResult, Text } from './types.ts'

export type Verdict = Omit<CheckResult, 'id'>

export const sudoHint: Text = {
  ja: 'この項目の確認には root 権限が必要です。sudo をつけて実行してください(例: sudo check)。',
  en: 'This check needs root. Run it with sudo (for example: sudo check).',
}

export function fromUnknown(fact: UnknownFact, what: Text): Verdict {
  if (fact.needsRoot) {
    return {
      status: 'unknown',
      detail: { ja: `${what.ja}を確認できません。sudo をつけて実行してください`, en: `Cannot read ${what.en} without root: run with sudo` },
      hint: sudoHint,
      fix: ['sudo check'],
      needsRoot: true,
      evidence: [fact.unknown],
    }
  }
  // The raw reason is English (a program's message): Japanese gets the reason in words, the raw text stays evidence.
  const reason = fact.text
  return {
    status: 'unknown',
    detail: {
      ja: reason ? `${what.ja}を確認できませんでした。${reason.ja}` : `${what.ja}を確認できませんでした`,
      en: `Could not determine ${what.en}${aside(reason ? reason.en : fact.unknown)}`,
    },
    evidence: [fact.unknown],
  }
}

/** ` (reason)`, or `: reason` when the reason has parentheses of its own (no "((" or "))"). */
export function aside(reason: string): string {
  return /[()]/.test(reason) ? `: ${reason}` : ` (${reason})`
}

export function pass(detail: Text, evidence?: string[]): Verdict {
  return evidence ? { status: 'pass', detail, evidence } : { status: 'pass', detail }
}

export function fail(detail: Text, extra: Partial<Verdict> = {}): Verdict {
  return { status: 'fail', detail, ...extra }
}

export function warn(detail: Text, extra: Partial<Verdict> = {}): Verdict {
  return { status: 'warn', detail, ...extra }
}

export function portList(ports: readonly number[]): string {
  return ports.length === 0 ? '-' : ports.join(', ')
}
