/** Lesson step 3: sshd moved to the course port, and that change applied. */
import { isUnknown } from '../facts.ts'
import type { Rule } from './types.ts'
import { fail, fromUnknown, pass, portList, warn } from './_verdict.ts'
import { describeListening, listeningPorts, mayBeSshd, socketActivationAdvice, sshPrograms, usesSocketActivation } from './_ssh-state.ts'

const listeningWhat = { ja: '待ち受けポート', en: 'the listening ports' }
const reloadHint = {
  ja: '設定ファイルの変更は、sshd を再読み込みするまで反映されません。`sudo sshd -t` で確かめてから `sudo systemctl reload ssh` を実行してください。今のセッションは閉じないでください。',
  en: 'A changed configuration takes effect only when sshd reloads: check it with `sudo sshd -t`, then run `sudo systemctl reload ssh`. Keep this session open.',
}

export const configValid: Rule = ({ facts }) => {
  const test = facts.sshd.configTest
  if (isUnknown(test)) return fromUnknown(test, { ja: 'sshd の設定 (sshd -t)', en: 'the sshd configuration (sshd -t)' })
  if (test.valid) return pass({ ja: 'sshd -t は問題を報告していません', en: 'sshd -t reports no problem' })
  return fail({ ja: `sshd -t がエラーを出しています: ${test.error ?? ''}`, en: `sshd -t reports: ${test.error ?? ''}` }, { evidence: [test.error ?? ''] })
}

export const portConfigured: Rule = ({ facts, settings }) => {
  const configured = facts.sshd.configured
  if (isUnknown(configured)) return fromUnknown(configured, { ja: 'sshd の設定ポート', en: 'the ports sshd is configured for' })
  const evidence = [`configured (${configured.source}): ${portList(configured.ports)}`, ...(configured.warnings ?? [])]
  if (configured.ports.includes(settings.sshPort)) {
    return pass({ ja: `設定されたポート: ${portList(configured.ports)}`, en: `Configured ports: ${portList(configured.ports)}` }, evidence)
  }
  return fail(
    { ja: `設定されたポートは ${portList(configured.ports)} で、${settings.sshPort} が入っていません`, en: `Configured ports are ${portList(configured.ports)}; ${settings.sshPort} is missing` },
    { evidence },
  )
}

export const portListening: Rule = ({ facts, settings }) => {
  if (isUnknown(facts.listening)) return fromUnknown(facts.listening, listeningWhat)
  const ports = listeningPorts(facts.listening)
  const evidence = [describeListening(facts)]
  if (ports.has(settings.sshPort)) {
    const holders = facts.listening.filter((socket) => socket.port === settings.sshPort)
    // Only root sees the programs; when every holder is known and none is sshd, it is not SSH.
    const known = holders.every((socket) => socket.programs !== undefined)
    const programs = [...new Set(holders.flatMap((socket) => socket.programs ?? []))]
    if (known && programs.length > 0 && !programs.some((name) => sshPrograms.has(name))) {
      return fail(
        { ja: `ポート ${settings.sshPort} で待ち受けているのは ${programs.join(', ')} で、sshd ではありません`, en: `Port ${settings.sshPort} is held by ${programs.join(', ')}, not sshd` },
        { evidence },
      )
    }
    return pass({ ja: `ポート ${settings.sshPort} で待ち受けています`, en: `Listening on ${settings.sshPort}` }, evidence)
  }
  const extra = usesSocketActivation(facts) ? socketActivationAdvice(facts) : {}
  return fail({ ja: `ポート ${settings.sshPort} で待ち受けているプログラムがありません`, en: `Nothing listens on ${settings.sshPort}` }, { evidence, ...extra })
}

export const portApplied: Rule = ({ facts, settings }) => {
  const configured = facts.sshd.configured
  if (isUnknown(configured)) return fromUnknown(configured, { ja: 'sshd の設定ポート', en: 'the ports sshd is configured for' })
  if (isUnknown(facts.listening)) return fromUnknown(facts.listening, listeningWhat)
  const listening = listeningPorts(facts.listening.filter(mayBeSshd))
  const evidence = [`configured (${configured.source}): ${portList(configured.ports)}`, describeListening(facts)]
  const missing = configured.ports.filter((port) => !listening.has(port))
  // Only the ports sshd is known to move between can be blamed on a stale sshd; others may be anything.
  const stale = [settings.defaultSshPort, settings.sshPort].filter((port) => listening.has(port) && !configured.ports.includes(port))
  if (missing.length === 0 && stale.length === 0) {
    return pass({ ja: `設定と待ち受けが一致しています(${portList(configured.ports)})`, en: `Configuration and listeners agree (${portList(configured.ports)})` }, evidence)
  }
  const socket = usesSocketActivation(facts) ? socketActivationAdvice(facts) : undefined
  const notRunning = missing.length === configured.ports.length && stale.length === 0
  const fix = socket ? socket.fix : ['sudo sshd -t', notRunning ? 'sudo systemctl restart ssh' : 'sudo systemctl reload ssh']
  const detail = notRunning
    ? { ja: `設定されたポート (${portList(configured.ports)}) のどれでも待ち受けていません。sshd が動いていない可能性があります`, en: `None of the configured ports (${portList(configured.ports)}) is listening; sshd may not be running` }
    : {
        ja: `設定は ${portList(configured.ports)} ですが、待ち受けは違います(未反映: ${portList(missing)}、古いまま: ${portList(stale)})。設定の変更がまだ反映されていません`,
        en: `Configured ${portList(configured.ports)}, but listeners differ (missing: ${portList(missing)}, stale: ${portList(stale)}): the change is not applied yet`,
      }
  return fail(detail, { evidence, fix, ...(socket ? { hint: socket.hint } : {}) })
}

export const port22Closed: Rule = ({ facts, settings }) => {
  if (isUnknown(facts.listening)) return fromUnknown(facts.listening, listeningWhat)
  const listening = listeningPorts(facts.listening.filter(mayBeSshd))
  const evidence = [describeListening(facts)]
  const old = settings.defaultSshPort
  if (!listening.has(old)) return pass({ ja: `ポート ${old} は閉じています`, en: `Port ${old} is closed` }, evidence)
  const configured = facts.sshd.configured
  const migrating = !isUnknown(configured) && configured.ports.includes(old) && configured.ports.includes(settings.sshPort)
  if (!isUnknown(configured) && !configured.ports.includes(old)) {
    // Already gone from the configuration: what is missing is applying it, not editing again.
    const socket = usesSocketActivation(facts) ? socketActivationAdvice(facts) : undefined
    return warn(
      { ja: `設定からは ${old} を消してありますが、まだ ${old} で待ち受けています(設定が反映されていません)`, en: `${old} is gone from the configuration but still listening: the change is not applied yet` },
      { evidence, ...(socket ?? { hint: reloadHint, fix: ['sudo sshd -t', 'sudo systemctl reload ssh'] }) },
    )
  }
  return warn(
    migrating
      ? { ja: `移行中: ${old} と ${settings.sshPort} の両方で待ち受けています。新しいポートで入れることを確かめたら ${old} を閉じてください`, en: `Migrating: listening on both ${old} and ${settings.sshPort}. Close ${old} once the new port works` }
      : { ja: `ポート ${old} でまだ待ち受けています`, en: `Port ${old} is still listening` },
    { evidence },
  )
}
