import { describe, expect, it } from 'vitest'
import { outsideVerdicts, type OutsideResult, type PortState } from '../../../src/node/grading/outside.ts'

function result(ssh: PortState, closed: PortState, http: PortState): OutsideResult {
  return {
    address: '192.0.2.10',
    probedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 1,
    ssh: { port: 54723, state: ssh, detail: '', ms: 1 },
    closed: { port: 22, state: closed, detail: '', ms: 1 },
    http: { port: 80, state: http, detail: '', ms: 1 },
  }
}

describe('outside verdicts', () => {
  it.each([
    ['the finished course', result('answered', 'timeout', 'answered'), ['pass', 'pass', 'pass', 'pass']],
    ['no firewall yet', result('answered', 'refused', 'answered'), ['pass', 'pass', 'pass', 'warn']],
    ['ssh still on 22', result('refused', 'answered', 'answered'), ['fail', 'fail', 'fail', 'fail'].map((s, i) => (i === 2 ? 'pass' : s))],
    ['firewall blocks the new port', result('timeout', 'timeout', 'answered'), ['fail', 'pass', 'pass', 'pass']],
    ['the machine is off', result('timeout', 'timeout', 'timeout'), ['fail', 'unknown', 'fail', 'unknown']],
    ['no route', result('unreachable', 'unreachable', 'unreachable'), ['fail', 'unknown', 'fail', 'unknown']],
  ])('%s', (_name, probe, statuses) => {
    expect(outsideVerdicts(probe).map((v) => v.status)).toEqual(statuses)
  })
})
