/** Lesson step 2: unattended-upgrades installed, started, enabled, and actually scheduled. */
import { isUnknown, type Facts, type UnitState } from '../facts.ts'
import type { Rule } from './types.ts'
import { fail, fromUnknown, pass, type Verdict } from './_verdict.ts'
import { clip } from '../parsers/_clip.ts'
import { catalogEntry } from '../catalog.ts'

/** dpkg's and systemd's state words, said in Japanese (the raw word stays in the evidence). */
const packageStateJa: Record<string, string> = {
  installed: 'インストール済み',
  'config-files': '設定ファイルだけが残っている',
  'not-installed': '未インストール',
  'half-installed': 'インストールが途中で止まっている',
}
const activeJa: Record<string, string> = { active: '動作中', inactive: '停止中', failed: '失敗', activating: '起動中', deactivating: '停止処理中', reloading: '再読み込み中' }
const enabledJa: Record<string, string> = {
  enabled: '有効',
  disabled: '無効',
  masked: '無効化 (mask) されている',
  static: '単独では有効にできない (static)',
  'not-found': 'ユニットが見つからない',
  '': '不明',
}
const say = (words: Record<string, string>, word: string) => words[word] ?? clip(word, 40)

const packageName = 'unattended-upgrades'
const serviceUnit = 'unattended-upgrades.service'
const timers = ['apt-daily.timer', 'apt-daily-upgrade.timer'] as const

const notInstalled = fail(
  { ja: 'unattended-upgrades がインストールされていません', en: 'unattended-upgrades is not installed' },
  {
    hint: { ja: 'まず unattended-upgrades をインストールしてください。この項目はそのあとで確かめられます。', en: 'Install unattended-upgrades first; this check follows from there.' },
    fix: ['sudo apt install -y unattended-upgrades'],
  },
)

function installState(facts: Facts) {
  return facts.packages[packageName] ?? { unknown: 'package not observed' }
}

export const autoupdateInstalled: Rule = ({ facts }) => {
  const state = installState(facts)
  if (isUnknown(state)) return fromUnknown(state, { ja: 'パッケージの状態', en: 'the package state' })
  if (state === 'installed') return pass({ ja: 'インストール済みです', en: 'Installed' })
  return fail({ ja: `インストールされていません(状態: ${say(packageStateJa, state)})`, en: `Not installed (state: ${state})` }, { evidence: [`dpkg: ${state}`] })
}

/**
 * The service's state once the package is known to be installed; otherwise the verdict to give.
 * Not installed wins over an unreadable unit: the learner's next move is the same.
 */
function installedService(facts: Facts): UnitState | Verdict {
  const state = installState(facts)
  if (!isUnknown(state) && state !== 'installed') return notInstalled
  const unit = facts.units[serviceUnit] ?? { unknown: 'unit not observed' }
  if (isUnknown(unit)) return fromUnknown(unit, { ja: 'サービスの状態', en: 'the service state' })
  if (isUnknown(state)) return fromUnknown(state, { ja: 'パッケージの状態', en: 'the package state' })
  return unit
}

export const autoupdateRunning: Rule = ({ facts }) => {
  const unit = installedService(facts)
  if ('status' in unit) return unit
  const evidence = [`${serviceUnit}: ActiveState=${unit.active}`]
  if (unit.active === 'active') return pass({ ja: 'サービスは起動しています', en: 'The service is active' }, evidence)
  return fail({ ja: `サービスが起動していません(${say(activeJa, unit.active)})`, en: `The service is not active (${clip(unit.active, 40)})` }, { evidence })
}

export const autoupdateEnabled: Rule = ({ facts }) => {
  const unit = installedService(facts)
  if ('status' in unit) return unit
  const evidence = [`${serviceUnit}: UnitFileState=${unit.enabled || '-'}`]
  if (unit.enabled === 'enabled') return pass({ ja: '起動時に有効です', en: 'Enabled at boot' }, evidence)
  return fail({ ja: `起動時に有効になっていません(${say(enabledJa, unit.enabled)})`, en: `Not enabled at boot (${clip(unit.enabled, 40) || 'unknown'})` }, { evidence })
}

/** apt.systemd.daily skips an interval of "0" (or an empty one): that task never runs. */
function isOn(value: string | undefined): boolean {
  const trimmed = value?.trim() ?? ''
  return trimmed !== '' && !/^0+[smhd]?$/.test(trimmed)
}

export const autoupdatePeriodic: Rule = ({ facts }) => {
  const periodic = facts.apt.periodic
  if (isUnknown(periodic)) return fromUnknown(periodic, { ja: 'APT::Periodic の設定', en: 'the APT::Periodic settings' })
  const lists = periodic['update-package-lists']
  const upgrade = periodic['unattended-upgrade']
  const enable = periodic.enable
  const evidence = [
    `APT::Periodic::Enable=${enable ?? '(unset)'}`,
    `APT::Periodic::Update-Package-Lists=${lists ?? '(unset)'}`,
    `APT::Periodic::Unattended-Upgrade=${upgrade ?? '(unset)'}`,
  ]
  const off: string[] = []
  if (enable !== undefined && !isOn(enable)) off.push('APT::Periodic::Enable')
  if (!isOn(lists)) off.push('APT::Periodic::Update-Package-Lists')
  if (!isOn(upgrade)) off.push('APT::Periodic::Unattended-Upgrade')
  if (off.length > 0) {
    return fail({ ja: `${off.join(' と ')} が 0 か未設定です`, en: `${off.join(' and ')} is 0 or unset` }, { evidence })
  }
  const state = installState(facts)
  if (!isUnknown(state) && state !== 'installed') return notInstalled
  for (const timer of timers) {
    const unit = facts.units[timer] ?? { unknown: 'unit not observed' }
    if (isUnknown(unit)) return fromUnknown(unit, { ja: `${timer} の状態`, en: `the state of ${timer}` })
    evidence.push(`${timer}: UnitFileState=${unit.enabled || '-'} ActiveState=${unit.active}`)
    if (unit.enabled !== 'enabled') {
      return fail(
        { ja: `${timer} が有効になっていません(${say(enabledJa, unit.enabled || unit.load)})`, en: `${timer} is not enabled (${clip(unit.enabled || unit.load, 40)})` },
        { evidence, fix: [`sudo systemctl enable --now ${timers.join(' ')}`] },
      )
    }
  }
  if (isUnknown(state)) return fromUnknown(state, { ja: 'パッケージの状態', en: 'the package state' })
  return pass({ ja: `一覧の更新 ${clip(lists ?? '')} 日ごと・自動更新 ${clip(upgrade ?? '')} 日ごとに設定されています`, en: `Lists every ${clip(lists ?? '')} day(s), upgrades every ${clip(upgrade ?? '')} day(s)` }, evidence)
}
