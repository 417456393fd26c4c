/**
 * What a probe from outside saw, and what it means. Pure: the sockets live in probe.ts.
 * Three ports per learner: the course's SSH port must give a banner, the old SSH port must give
 * no connection, the web port must answer HTTP. Port 22 timing out (rather than being refused)
 * shows the firewall drops what it does not allow.
 */
import type { Status } from '../../../checker/rules/types.ts'
import { course } from '../../shared/course.ts'
import type { Text } from './messages.ts'

export const portStates = ['answered', 'open', 'refused', 'timeout', 'unreachable', 'error'] as const
/**
 * answered: the expected protocol spoke (SSH banner, HTTP status line); open: connected but it did
 * not; refused: RST; timeout: no answer before the deadline (dropped); unreachable: no route or
 * host down as the network says; error: anything else.
 */
export type PortState = (typeof portStates)[number]

export interface PortProbe {
  port: number
  state: PortState
  /** the banner or status line, or why it failed; printable ASCII, at most 200 characters */
  detail: string
  ms: number
}

export interface OutsideResult {
  address: string
  probedAt: string
  durationMs: number
  ssh: PortProbe
  closed: PortProbe
  http: PortProbe
}

export interface OutsidePorts {
  /** @default 54723 */
  ssh: number
  /** @default 22 */
  closed: number
  /** @default 80 */
  http: number
}

export const defaultOutsidePorts: OutsidePorts = { ssh: course.sshPort, closed: course.defaultSshPort, http: course.httpPort }

export const outsideCheckIds = ['outside.ssh', 'outside.port22', 'outside.http', 'outside.filtered'] as const
export type OutsideCheckId = (typeof outsideCheckIds)[number]

export interface OutsideVerdict {
  id: OutsideCheckId
  status: Status
  detail: string
}

export const outsideTitles: Record<OutsideCheckId, Text> = {
  'outside.ssh': { ja: '外部確認: SSH (新ポート) が応答', en: 'Outside: SSH answers on the new port' },
  'outside.port22': { ja: '外部確認: 22番ポートに接続できない', en: 'Outside: port 22 does not connect' },
  'outside.http': { ja: '外部確認: HTTP が応答', en: 'Outside: HTTP answers' },
  'outside.filtered': { ja: '外部確認: ファイアウォールが遮断', en: 'Outside: the firewall drops' },
}

function describe(probe: PortProbe): string {
  return probe.detail ? `${probe.port}: ${probe.state} — ${probe.detail}` : `${probe.port}: ${probe.state}`
}

export function outsideVerdicts(result: OutsideResult): OutsideVerdict[] {
  // Only a host that answered on some port proves that silence elsewhere means something.
  const hostUp = result.ssh.state === 'answered' || result.ssh.state === 'open' || result.http.state === 'answered' || result.http.state === 'open'
  const closed = result.closed
  const closedStatus: Status =
    closed.state === 'answered' || closed.state === 'open'
      ? 'fail'
      : !hostUp
        ? 'unknown'
        : closed.state === 'refused' || closed.state === 'timeout'
          ? 'pass'
          : 'unknown'
  const filteredStatus: Status = !hostUp ? 'unknown' : closed.state === 'timeout' ? 'pass' : closed.state === 'refused' ? 'warn' : closed.state === 'answered' || closed.state === 'open' ? 'fail' : 'unknown'
  return [
    { id: 'outside.ssh', status: result.ssh.state === 'answered' ? 'pass' : 'fail', detail: describe(result.ssh) },
    { id: 'outside.port22', status: closedStatus, detail: describe(closed) },
    { id: 'outside.http', status: result.http.state === 'answered' ? 'pass' : 'fail', detail: describe(result.http) },
    { id: 'outside.filtered', status: filteredStatus, detail: describe(closed) },
  ]
}
