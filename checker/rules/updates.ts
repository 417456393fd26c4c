/** Lesson step 1: the system is up to date. */
import { isUnknown, type Facts } from '../facts.ts'
import type { Rule } from './types.ts'
import { fail, fromUnknown, pass, warn } from './_verdict.ts'
import { clip } from '../parsers/_clip.ts'

const dayMs = 24 * 60 * 60 * 1000

/** Age of the package lists in days; undefined when unknown, Infinity when there are none. */
function listsAgeDays(facts: Facts): number | undefined {
  const updatedAt = facts.apt.listsUpdatedAt
  if (isUnknown(updatedAt)) return undefined
  if (updatedAt === null) return Number.POSITIVE_INFINITY
  const age = (Date.parse(facts.observedAt) - Date.parse(updatedAt)) / dayMs
  return Number.isNaN(age) ? undefined : age
}

export const listsFresh: Rule = ({ facts, settings }) => {
  const updatedAt = facts.apt.listsUpdatedAt
  if (isUnknown(updatedAt)) return fromUnknown(updatedAt, { ja: 'パッケージ一覧の更新日時', en: 'when the package lists were refreshed' })
  if (updatedAt === null) {
    return fail({ ja: 'パッケージ一覧がありません(apt update を一度も実行していません)', en: 'There are no package lists (apt update never ran)' })
  }
  const ageDays = listsAgeDays(facts)
  const evidence = [`lists updated at ${updatedAt}`, `observed at ${facts.observedAt}`]
  if (ageDays === undefined) return { status: 'unknown', detail: { ja: '日時を読み取れませんでした', en: 'Unreadable time' }, evidence }
  const days = Math.max(0, Math.floor(ageDays))
  if (ageDays <= settings.listsMaxAgeDays) {
    return pass({ ja: `最終更新は ${days} 日前です`, en: `Last refreshed ${days} day(s) ago` }, evidence)
  }
  return fail(
    { ja: `最終更新は ${days} 日前です(${settings.listsMaxAgeDays} 日以内が目安)`, en: `Last refreshed ${days} days ago (limit ${settings.listsMaxAgeDays})` },
    { evidence },
  )
}

export const updatesApplied: Rule = ({ facts, settings }) => {
  const pending = facts.apt.pending
  if (isUnknown(pending)) return fromUnknown(pending, { ja: '未適用の更新', en: 'pending updates' })
  const evidence = [
    `upgradable: ${pending.upgradable.join(' ') || '-'}`,
    `kept back: ${pending.keptBack.join(' ') || '-'}`,
    `phased: ${pending.phased.join(' ') || '-'}`,
  ]
  if (pending.upgradable.length > 0) {
    const names = summarise(pending.upgradable)
    return fail(
      { ja: `未適用の更新が ${pending.upgradable.length} 件あります: ${names}`, en: `${pending.upgradable.length} update(s) not applied: ${names}` },
      { evidence },
    )
  }
  if (pending.keptBack.length > 0) {
    const names = summarise(pending.keptBack)
    return warn(
      { ja: `保留 (kept back) のパッケージがあります: ${names}`, en: `Kept back: ${names}` },
      { evidence, fix: ['sudo apt full-upgrade'] },
    )
  }
  const ageDays = listsAgeDays(facts)
  if (ageDays !== undefined && ageDays > settings.listsMaxAgeDays) {
    // apt-get -s only knows what the last `apt update` fetched: "nothing pending" may be stale.
    const days = Math.floor(ageDays)
    return warn(
      { ja: `適用待ちの更新はありませんが、パッケージ一覧が ${days} 日前のものなので新しい更新を見落としている可能性があります`, en: `No pending updates, but the package lists are ${days} days old: newer updates may be missing` },
      { evidence, fix: ['sudo apt update', 'sudo apt upgrade -y'] },
    )
  }
  const count = pending.phased.length
  const phasedNote = count > 0 ? { ja: `(段階的配信待ち ${count} 件は問題ありません)`, en: ` (${count} phased ${count === 1 ? 'update' : 'updates'} will arrive later)` } : { ja: '', en: '' }
  return pass({ ja: `適用待ちの更新はありません${phasedNote.ja}`, en: `No pending updates${phasedNote.en}` }, evidence)
}

export const rebootRequired: Rule = ({ facts }) => {
  const reboot = facts.rebootRequired
  if (isUnknown(reboot)) return fromUnknown(reboot, { ja: '再起動の要否', en: 'whether a reboot is required' })
  if (!reboot.required) return pass({ ja: '再起動は不要です', en: 'No reboot required' })
  const names = reboot.packages.length > 0 ? `: ${summarise(reboot.packages)}` : ''
  return warn({ ja: `再起動が必要です${names}`, en: `A reboot is required${names}` }, { evidence: ['/run/reboot-required exists'] })
}

function summarise(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((name) => clip(name, 60)).join(', ')
  return names.length > 5 ? `${shown} … (+${names.length - 5})` : shown
}
