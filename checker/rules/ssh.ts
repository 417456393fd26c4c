/** Lesson step 3: sshd moved to the course port, and that change applied. */
import { isUnknown } from '../facts.ts'
import type { Rule } from './types.ts'
import { clip } from '../parsers/_clip.ts'
import { fail, fromUnknown, pass, portList, sudoHint, warn, type Verdict } from './_verdict.ts'
import { describeListening, listeningPorts, mayBeSshd, reachable, socketActivationAdvice, sshPrograms, usesSocketActivation } from './_ssh-state.ts'
import type { Facts, ListeningSocket } from '../facts.ts'

const listeningWhat = { ja: '待ち受けポート', en: 'the listening ports' }
const loopbackHint = {
  ja: 'ListenAddress が 127.0.0.1 や ::1 だけになっていると、外からは接続できません。/etc/ssh/sshd_config と /etc/ssh/sshd_config.d/ の ListenAddress の行を消すか 0.0.0.0 にして、`sudo sshd -t` のあと `sudo systemctl restart ssh` を実行してください。今のセッションは閉じないでください。',
  en: 'With ListenAddress set to 127.0.0.1 or ::1 only, nobody outside can connect. Remove the ListenAddress lines in /etc/ssh/sshd_config and /etc/ssh/sshd_config.d/ (or use 0.0.0.0), then run `sudo sshd -t` and `sudo systemctl restart ssh`. Keep this session open.',
}

/** Without root the holder of a socket cannot be seen (no programs); with root a missing list means it vanished. */
function ownerUnseen(facts: Facts, sockets: readonly ListeningSocket[]): boolean {
  return !facts.root && sockets.length > 0 && sockets.every((socket) => socket.programs === undefined)
}

function ownerUnknown(port: number, evidence: string[]): Verdict {
  return {
    status: 'unknown',
    detail: {
      ja: `ポート ${port} で何かが待ち受けていますが、root でないと sshd かどうか確かめられません(sshd の設定にも ${port} が見当たりません)。sudo をつけて実行してください`,
      en: `Something listens on ${port}, but only root can see whether it is sshd (and the sshd configuration does not name ${port}): run with sudo`,
    },
    hint: sudoHint,
    fix: ['sudo check'],
    needsRoot: true,
    evidence,
  }
}

function configuresPort(facts: Facts, port: number): boolean {
  const configured = facts.sshd.configured
  return !isUnknown(configured) && configured.ports.includes(port)
}

/** `/etc/ssh/sshd_config.d/x.conf line 3: …` → the file and line sshd -t blames. */
function blamed(error: string): { path: string; line: number } | undefined {
  const match = /^(\/[^\s:]+) line (\d+):/m.exec(error)
  return match ? { path: match[1] as string, line: Number(match[2]) } : undefined
}

const reloadHint = {
  ja: '設定ファイルの変更は、sshd を再読み込みするまで反映されません。`sudo sshd -t` で確かめてから `sudo systemctl reload ssh` を実行してください。今のセッションは閉じないでください。',
  en: 'A changed configuration takes effect only when sshd reloads: check it with `sudo sshd -t`, then run `sudo systemctl reload ssh`. Keep this session open.',
}

export const configValid: Rule = ({ facts }) => {
  const test = facts.sshd.configTest
  if (isUnknown(test)) return fromUnknown(test, { ja: 'sshd の設定 (sshd -t)', en: 'the sshd configuration (sshd -t)' })
  if (test.valid) return pass({ ja: 'sshd -t は問題を報告していません', en: 'sshd -t reports no problem' })
  const error = test.error ?? ''
  const firstLine = clip(error.trim().split('\n')[0] ?? '', 160)
  const where = blamed(error)
  const evidence = error.split('\n').filter(Boolean).map((line) => clip(line, 200))
  if (!where) return fail({ ja: 'sshd -t が設定の誤りを報告しています(下の記録を見てください)', en: `sshd -t reports: ${firstLine}` }, { evidence })
  // sshd names the file, which may be a drop-in: send the learner there, not to sshd_config.
  const path = clip(where.path, 120)
  return fail(
    { ja: `sshd -t が ${path} の ${where.line} 行目に誤りがあると報告しています`, en: `sshd -t reports: ${firstLine}` },
    { evidence, fix: [`sudo nano ${path}`, 'sudo sshd -t'] },
  )
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
  const port = settings.sshPort
  const evidence = [describeListening(facts)]
  const holders = facts.listening.filter((socket) => socket.port === port)
  const outside = holders.filter(reachable)
  if (outside.length > 0) {
    // Only root sees the programs; when every holder is known and none is sshd, it is not SSH.
    const known = outside.every((socket) => socket.programs !== undefined)
    const programs = [...new Set(outside.flatMap((socket) => socket.programs ?? []))]
    if (known && programs.length > 0 && !programs.some((name) => sshPrograms.has(name))) {
      return fail(
        { ja: `ポート ${port} で待ち受けているのは ${clip(programs.join(', '))} で、sshd ではありません`, en: `Port ${port} is held by ${clip(programs.join(', '))}, not sshd` },
        { evidence },
      )
    }
    if (!ownerUnseen(facts, outside)) return pass({ ja: `ポート ${port} で待ち受けています`, en: `Listening on ${port}` }, evidence)
    // Without root only the configuration can make it likely that the listener is sshd.
    if (!configuresPort(facts, port)) return ownerUnknown(port, evidence)
    return pass(
      { ja: `ポート ${port} で待ち受けています(root でないので持ち主は見えませんが、sshd の設定も ${port} です)`, en: `Listening on ${port}; the owner is visible only to root, but sshd is configured for ${port}` },
      evidence,
    )
  }
  if (holders.length > 0) {
    return fail(
      { ja: `ポート ${port} は 127.0.0.1 や ::1(このサーバーの中)でしか待ち受けておらず、外からは接続できません`, en: `Port ${port} listens only on loopback (127.0.0.1 or ::1): nobody outside can connect` },
      { evidence, hint: loopbackHint, fix: ['sudo sshd -t', 'sudo systemctl restart ssh'] },
    )
  }
  const extra = usesSocketActivation(facts) ? socketActivationAdvice(facts) : {}
  return fail({ ja: `ポート ${port} で待ち受けているプログラムがありません`, en: `Nothing listens on ${port}` }, { evidence, ...extra })
}

export const portApplied: Rule = ({ facts, settings }) => {
  const configured = facts.sshd.configured
  if (isUnknown(configured)) return fromUnknown(configured, { ja: 'sshd の設定ポート', en: 'the ports sshd is configured for' })
  if (isUnknown(facts.listening)) return fromUnknown(facts.listening, listeningWhat)
  const sockets = facts.listening.filter((socket) => reachable(socket) && mayBeSshd(socket))
  const listening = listeningPorts(sockets)
  const evidence = [`configured (${configured.source}): ${portList(configured.ports)}`, describeListening(facts)]
  const missing = configured.ports.filter((port) => !listening.has(port))
  // Only the ports sshd is known to move between can be blamed on a stale sshd; others may be anything.
  const stale = [...new Set([settings.defaultSshPort, settings.sshPort])].filter((port) => listening.has(port) && !configured.ports.includes(port))
  // Without root a "stale" listener may be any program: that is not sshd's fault until root says so.
  const unseenStale = stale.filter((port) => ownerUnseen(facts, sockets.filter((socket) => socket.port === port)))
  if (missing.length === 0 && stale.length > 0 && unseenStale.length === stale.length) return ownerUnknown(stale[0] as number, evidence)
  const all = facts.listening
  const loopbackOnly = missing.filter((port) => all.some((socket) => socket.port === port && !reachable(socket)))
  if (loopbackOnly.length > 0 && loopbackOnly.length === missing.length && stale.length === 0) {
    return fail(
      { ja: `${portList(loopbackOnly)} は 127.0.0.1 や ::1 でしか待ち受けておらず、外からは接続できません`, en: `${portList(loopbackOnly)} listens only on loopback: nobody outside can connect` },
      { evidence, hint: loopbackHint, fix: ['sudo sshd -t', 'sudo systemctl restart ssh'] },
    )
  }
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
  const old = settings.defaultSshPort
  if (settings.sshPort === old) {
    // The course port is 22 itself (`--ssh-port 22`): closing it would be a lockout.
    return pass({ ja: `講座のポートが ${old} そのものなので、${old} を閉じる必要はありません`, en: `The course port is ${old} itself: there is nothing to close` })
  }
  if (isUnknown(facts.listening)) return fromUnknown(facts.listening, listeningWhat)
  const listening = listeningPorts(facts.listening.filter((socket) => reachable(socket) && mayBeSshd(socket)))
  const evidence = [describeListening(facts)]
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
