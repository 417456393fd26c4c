/** The text reporter's own words, in both languages. */
import type { CheckGroup } from '../../catalog.ts'
import type { Lang } from '../schema.ts'

interface Messages {
  groups: Record<CheckGroup, string>
  hint: string
  notRoot: string
  danger: string
  progress: (done: number, total: number) => string
  breakdown: (counts: { fail: number; warn: number; unknown: number }) => string
  allDone: string
}

export const textMessages: Record<Lang, Messages> = {
  ja: {
    groups: {
      guard: '締め出し防止',
      updates: 'ステップ 1: アップデート',
      autoupdate: 'ステップ 2: 自動アップデート',
      ssh: 'ステップ 3: SSH のポート変更',
      firewall: 'ステップ 4: ファイアウォール (ufw)',
    },
    hint: 'ヒント',
    notRoot: 'sudo なしで実行しています。root 権限が必要な項目は「未確認」になります。sudo をつけて実行してください。',
    danger: '危険: このままでは SSH から締め出されます',
    progress: (done, total) => `${total} 項目中 ${done} 項目 完了`,
    breakdown: ({ fail, warn, unknown }) => `(未完了 ${fail}・注意 ${warn}・未確認 ${unknown})`,
    allDone: 'すべての項目が完了しています。おつかれさまでした!',
  },
  en: {
    groups: {
      guard: 'Lockout guard',
      updates: 'Step 1: Updates',
      autoupdate: 'Step 2: Automatic updates',
      ssh: 'Step 3: SSH port',
      firewall: 'Step 4: Firewall (ufw)',
    },
    hint: 'Hint',
    notRoot: 'Running without sudo: checks that need root are "unknown". Run it with sudo.',
    danger: 'DANGER: you are about to be locked out of SSH',
    progress: (done, total) => `${done} of ${total} checks done`,
    breakdown: ({ fail, warn, unknown }) => `(failed ${fail}, warnings ${warn}, unknown ${unknown})`,
    allDone: 'Every check is done. Well done!',
  },
}
