/** Lesson step 2: unattended-upgrades installed, started, enabled, and actually scheduled. */
import { isUnknown, type Facts, type UnitState } from '../facts.ts'
import type { Rule } from './types.ts'
import { fail, fromUnknown, pass, type Verdict } from './_verdict.ts'

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
  return fail({ ja: `インストールされていません(状態: ${state})`, en: `Not installed (state: ${state})` })
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
  return fail({ ja: `サービスが起動していません(${unit.active})`, en: `The service is not active (${unit.active})` }, { evidence })
}

export const autoupdateEnabled: Rule = ({ facts }) => {
  const unit = installedService(facts)
  if ('status' in unit) return unit
  const evidence = [`${serviceUnit}: UnitFileState=${unit.enabled || '-'}`]
  if (unit.enabled === 'enabled') return pass({ ja: '起動時に有効です', en: 'Enabled at boot' }, evidence)
  return fail({ ja: `起動時に有効になっていません(${unit.enabled || '不明'})`, en: `Not enabled at boot (${unit.enabled || 'unknown'})` }, { evidence })
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
        { ja: `${timer} が有効になっていません(${unit.enabled || unit.load})`, en: `${timer} is not enabled (${unit.enabled || unit.load})` },
        { evidence, fix: [`sudo systemctl enable --now ${timers.join(' ')}`] },
      )
    }
  }
  if (isUnknown(state)) return fromUnknown(state, { ja: 'パッケージの状態', en: 'the package state' })
  return pass({ ja: `一覧の更新 ${lists} 日ごと・自動更新 ${upgrade} 日ごとに設定されています`, en: `Lists every ${lists} day(s), upgrades every ${upgrade} day(s)` }, evidence)
}
