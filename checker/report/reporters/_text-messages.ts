/** The text reporter's own words, in both languages. */
import type { CheckGroup } from '../../catalog.ts'
import type { Lang } from '../schema.ts'

interface Messages {
  /** Headings name the lesson of the site each group belongs to, so learners find their place. */
  groups: Record<CheckGroup, string>
  hint: string
  notRoot: string
  danger: string
  /** goss and InSpec end with the counts and the time; so do we. */
  summary: (counts: { total: number; pass: number; fail: number; warn: number; unknown: number }, seconds: string) => string
  allDone: string
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`

export const textMessages: Record<Lang, Messages> = {
  ja: {
    groups: {
      guard: '締め出し防止',
      updates: 'レッスン 1: アップデートの適用',
      autoupdate: 'レッスン 1: 自動アップデート',
      ssh: 'レッスン 2: SSH のポート変更',
      firewall: 'レッスン 3: ファイアウォール (ufw)',
    },
    hint: 'ヒント',
    notRoot: 'sudo なしで実行しています。root 権限が必要な項目は「未確認」になります。sudo をつけて実行してください。',
    danger: '危険: このままでは SSH から締め出されます',
    summary: ({ total, pass, fail, warn, unknown }, seconds) => `${total} 項目: 完了 ${pass}・未完了 ${fail}・注意 ${warn}・未確認 ${unknown} (${seconds} 秒)`,
    allDone: 'すべての項目が完了しています。おつかれさまでした!',
  },
  en: {
    groups: {
      guard: 'Lockout guard',
      updates: 'Lesson 1: Applying updates',
      autoupdate: 'Lesson 1: Automatic updates',
      ssh: 'Lesson 2: SSH port',
      firewall: 'Lesson 3: Firewall (ufw)',
    },
    hint: 'Hint',
    notRoot: 'Running without sudo: checks that need root are "unknown". Run it with sudo.',
    danger: 'DANGER: you are about to be locked out of SSH',
    summary: ({ total, pass, fail, warn, unknown }, seconds) =>
      `${plural(total, 'check')}: ${pass} passed, ${fail} failed, ${plural(warn, 'warning')}, ${unknown} unknown (${seconds} s)`,
    allDone: 'Every check is done. Well done!',
  },
}
