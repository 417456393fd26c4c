/**
 * The real host's edges, exercised on this machine with harmless commands: a hang is cut off at the
 * timeout, a missing program is reported as such, output is read in the C locale.
 */
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createRealHost } from '../../../checker/probes/real-host.ts'
import { collectFacts } from '../../../checker/probes/index.ts'
import { facts as factsSchema } from '../../../checker/facts.ts'

const scratch = mkdtempSync(join(tmpdir(), 'check-real-host-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('real host', () => {
  const host = createRealHost({ timeoutMs: 300 })

  it('kills a command that outlives the timeout', async () => {
    const start = performance.now()
    const result = await host.run('sleep', ['10'])
    expect(result).toEqual({ ok: false, reason: 'timeout', message: 'sleep: no answer within 0.3 s', timeoutMs: 300 })
    expect(performance.now() - start).toBeLessThan(5000)
  })

  it('reports a missing program', async () => {
    expect(await host.run('no-such-program-for-check', [])).toEqual({ ok: false, reason: 'missing', message: 'no-such-program-for-check: command not found' })
  })

  it('passes exit codes and runs in the C locale', async () => {
    expect(await host.run('sh', ['-c', 'echo "$LC_ALL"; exit 3'])).toEqual({ ok: true, code: 3, stdout: 'C\n', stderr: '' })
  })

  it('tells missing from unreadable files', () => {
    expect(host.readFile(join(scratch, 'absent'))).toMatchObject({ error: 'missing' })
    const secret = join(scratch, 'secret')
    writeFileSync(secret, 'x')
    chmodSync(secret, 0o000)
    // root reads anything; only a normal user sees "denied"
    expect(host.readFile(secret)).toEqual(host.root ? { text: 'x' } : { error: 'denied', message: `${secret}: permission denied` })
  })

  it('observes this machine without throwing (smoke test)', async () => {
    const { facts, timings } = await collectFacts(createRealHost({ timeoutMs: 5000 }))
    expect(factsSchema.safeParse(facts).success).toBe(true)
    expect(timings.map((timing) => timing.probe).sort()).toEqual(['apt', 'host', 'listening', 'packages', 'reboot', 'sshd', 'ufw', 'units'])
  }, 30_000)
})
