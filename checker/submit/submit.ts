/**
 * `check --submit`: post the report, after any report kept earlier because the server could not be
 * reached, in the order they were kept. Pure: the POST and the store come through SubmitIo.
 *
 * What happens to a report:
 *   2xx              sent; the queue entry (if it was one) is removed
 *   no answer, 408, 429, 5xx
 *                    kept in the queue (or stays there) and sent first next time; later reports to
 *                    the same server are kept behind it so the order holds
 *   3xx, other 4xx   refused: not retried. A new report is not kept (run check again once fixed);
 *                    a queued one is moved aside (rejected/) so nothing is lost
 */
import type { Lang } from '../report/schema.ts'
import type { Text } from '../rules/types.ts'
import type { PostOutcome, SubmitIo, SubmitState } from './types.ts'

/** Exit codes of a submission that failed in a way the learner must act on (the check's own are 0–2). */
export const submitExit = {
  /** the server refused the report (bad token, invalid report, wrong URL): fix and run again */
  refused: 3,
  /** the server could not be reached: the report is kept and sent with the next submit */
  kept: 4,
} as const

export interface SubmitRequest {
  url: string
  token: string
  body: string
}

export interface SubmitResult {
  /** undefined: submitted; otherwise the exit code from submitExit */
  failure?: (typeof submitExit)[keyof typeof submitExit]
  /** what to tell the learner about the outcome (「提出しました」…) */
  out: string
  /** what went wrong, for stderr */
  err: string
}

interface Receipt {
  id?: number
  receivedAt?: string
  address?: string
  summary?: { pass: number; fail: number; warn: number; unknown: number; total: number }
  student?: { studentId?: string; name?: string | null; className?: string }
  target?: string
}

type Verdict = { kind: 'accepted'; receipt: Receipt } | { kind: 'transient'; reason: string } | { kind: 'refused'; status: number; reason: string }

const pick = (lang: Lang, text: Text) => text[lang]

/** Control characters and the like from the network are shown, never obeyed. */
function printable(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const shown = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return shown.length > max ? `${shown.slice(0, max)}…` : shown
}

function parseJson(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function receiptOf(body: string): Receipt {
  const json = parseJson(body) ?? {}
  const summary = json.summary as Receipt['summary'] | undefined
  const outside = json.outside as { target?: unknown } | undefined
  const student = json.student as Receipt['student'] | undefined
  return {
    id: typeof json.id === 'number' ? json.id : undefined,
    receivedAt: typeof json.receivedAt === 'string' ? json.receivedAt : undefined,
    address: typeof json.address === 'string' ? json.address : undefined,
    summary: summary && typeof summary === 'object' && typeof summary.pass === 'number' ? summary : undefined,
    student: student && typeof student === 'object' ? student : undefined,
    target: outside && typeof outside.target === 'string' ? outside.target : undefined,
  }
}

/** The server's own words for an error (the grading API sends { ja, en, message }). */
function serverText(body: string, lang: Lang): string | undefined {
  const json = parseJson(body)
  const text = json?.[lang] ?? json?.message
  return typeof text === 'string' && text !== '' ? printable(text) : undefined
}

function judge(outcome: PostOutcome, url: string, lang: Lang): Verdict {
  if (outcome.kind === 'unreachable') return { kind: 'transient', reason: outcome.reason }
  const { status, body } = outcome
  const said = serverText(body, lang)
  if (status >= 200 && status < 300) return { kind: 'accepted', receipt: receiptOf(body) }
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'transient', reason: `HTTP ${status}${said ? `: ${said}` : ''}` }
  }
  const ja: Record<number, string> = {
    401: 'トークンが違うか、無効になっています。講師から受け取ったトークンを確かめてください(保存し直すには check login URL TOKEN)',
    403: 'このトークンでは提出できません。受講者用のトークンを使ってください',
    404: `提出先が見つかりません。URL を確かめてください: ${url}`,
  }
  const en: Record<number, string> = {
    401: 'the token is wrong or no longer valid; check the token your instructor gave you (save it again with check login URL TOKEN)',
    403: 'this token may not submit; use your own learner token',
    404: `nothing to submit to at ${url}; check the URL`,
  }
  if (status >= 300 && status < 400) {
    return {
      kind: 'refused',
      status,
      reason: pick(lang, { ja: 'サーバーが別の URL へ転送しようとしました。転送には従いません: 正しい URL(https:// など)を指定してください', en: 'the server redirects elsewhere; check does not follow redirects: give the right URL (https:// perhaps)' }),
    }
  }
  const known = (lang === 'ja' ? ja : en)[status]
  const reason = [known, said].filter(Boolean).join(lang === 'ja' ? '。サーバーより: ' : '. The server says: ')
  return { kind: 'refused', status, reason: reason || `HTTP ${status}` }
}

function receiptLines(receipt: Receipt, lang: Lang): string[] {
  const lines: string[] = []
  const { student, summary } = receipt
  if (lang === 'ja') {
    lines.push(`提出しました: 受付番号 ${receipt.id ?? '?'}${receipt.receivedAt ? `(${receipt.receivedAt} 受付)` : ''}`)
    if (student) lines.push(`  受講者: ${printable([student.className, student.studentId, student.name].filter(Boolean).join(' '))}`)
    if (summary) lines.push(`  記録された結果: 完了 ${summary.pass}・未完了 ${summary.fail}・注意 ${summary.warn}・未確認 ${summary.unknown}(${summary.total} 項目)`)
    if (receipt.address) lines.push(`  提出元のアドレス: ${printable(receipt.address)}`)
    if (receipt.target) lines.push(`  サーバーが外から確かめるアドレス: ${printable(receipt.target)}`)
  } else {
    lines.push(`Submitted: receipt ${receipt.id ?? '?'}${receipt.receivedAt ? ` (received ${receipt.receivedAt})` : ''}`)
    if (student) lines.push(`  learner: ${printable([student.className, student.studentId, student.name].filter(Boolean).join(' '))}`)
    if (summary) lines.push(`  recorded: ${summary.pass} passed, ${summary.fail} failed, ${summary.warn} warnings, ${summary.unknown} unknown (${summary.total} checks)`)
    if (receipt.address) lines.push(`  sent from: ${printable(receipt.address)}`)
    if (receipt.target) lines.push(`  the server checks from outside: ${printable(receipt.target)}`)
  }
  return lines
}

export async function submitReport(request: SubmitRequest, io: SubmitIo, lang: Lang): Promise<SubmitResult> {
  const out: string[] = []
  const err: string[] = []
  const store = io.state()
  const state: SubmitState | undefined = 'unavailable' in store ? undefined : store
  const unavailable = 'unavailable' in store ? store.unavailable : undefined
  // Servers that did not answer this time: later reports for them wait behind the earlier ones.
  const blocked = new Map<string, string>()

  for (const entry of state?.queued() ?? []) {
    if (blocked.has(entry.url)) continue
    const verdict = judge(await io.post(entry.url, entry.token, entry.body), entry.url, lang)
    if (verdict.kind === 'accepted') {
      state!.dequeue(entry.name)
      out.push(pick(lang, { ja: `前に届かなかった結果 (${entry.name}) を送りました。`, en: `Sent a report kept earlier (${entry.name}).` }), ...receiptLines(verdict.receipt, lang).map((line) => `  ${line}`))
    } else if (verdict.kind === 'transient') {
      blocked.set(entry.url, verdict.reason)
    } else {
      const aside = state!.setAside(entry.name)
      err.push(pick(lang, { ja: `前に保存した結果 (${entry.name}) はサーバーに受け付けられませんでした (HTTP ${verdict.status}): ${verdict.reason}。送るのをやめ、${aside} に残しました。`, en: `A report kept earlier (${entry.name}) was refused (HTTP ${verdict.status}): ${verdict.reason}. Not sent again; kept in ${aside}.` }))
    }
  }

  const earlier = blocked.get(request.url)
  const verdict: Verdict = earlier !== undefined ? { kind: 'transient', reason: earlier } : judge(await io.post(request.url, request.token, request.body), request.url, lang)
  if (verdict.kind === 'accepted') {
    out.push(...receiptLines(verdict.receipt, lang))
    return { out: lines(out), err: lines(err) }
  }
  if (verdict.kind === 'refused') {
    err.push(pick(lang, { ja: `提出できませんでした (HTTP ${verdict.status}): ${verdict.reason}。`, en: `Not submitted (HTTP ${verdict.status}): ${verdict.reason}.` }))
    err.push(pick(lang, { ja: 'この結果は保存していません。直してから、もう一度 sudo check --submit を実行してください。', en: 'This report was not kept: fix the problem, then run sudo check --submit again.' }))
    return { failure: submitExit.refused, out: lines(out), err: lines(err) }
  }
  err.push(pick(lang, { ja: `提出先に届きませんでした: ${printable(verdict.reason)}`, en: `Could not reach the server: ${printable(verdict.reason)}` }))
  if (!state) {
    err.push(pick(lang, { ja: `結果は保存できませんでした: ${unavailable?.ja ?? ''} 後でもう一度 check --submit を実行してください。`, en: `The report could not be kept: ${unavailable?.en ?? ''} Run check --submit again later.` }))
    return { failure: submitExit.kept, out: lines(out), err: lines(err) }
  }
  const path = state.enqueue(request)
  const waiting = state.queued().length
  err.push(
    pick(lang, {
      ja: `結果は ${path} に保存しました(送っていない結果は全部で ${waiting} 件)。次に check --submit で提出できたとき、古いものから順に送ります。`,
      en: `The report is kept in ${path} (${waiting} waiting in all). The next check --submit that reaches the server sends them first, oldest first.`,
    }),
  )
  return { failure: submitExit.kept, out: lines(out), err: lines(err) }
}

function lines(list: readonly string[]): string {
  return list.map((line) => `${line}\n`).join('')
}
