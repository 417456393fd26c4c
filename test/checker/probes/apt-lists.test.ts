import { describe, expect, it } from 'vitest'
import type { Host } from '../../../checker/probes/host.ts'
import { probeApt } from '../../../checker/probes/apt.ts'

const lists = '/var/lib/apt/lists'
const release = `${lists}/mirror.example_debian_dists_bookworm-updates_InRelease`

/** A host that has only files with modification times; every command is missing. */
function hostWithTimes(times: Record<string, string>): Host {
  const mtimes = new Map(Object.entries(times).map(([path, time]) => [path, new Date(time)]))
  return {
    root: true,
    hostname: () => 'web01',
    now: () => new Date('2026-11-20T10:00:00Z'),
    readFile: (path) => ({ error: 'missing', message: `${path} not found` }),
    listDir: (path) => (path === lists ? [...mtimes.keys()].filter((p) => p.startsWith(`${lists}/`)).map((p) => p.slice(lists.length + 1)) : undefined),
    mtime: (path) => mtimes.get(path),
    exists: (path) => mtimes.has(path),
    readLink: () => undefined,
    run: async () => ({ ok: false, reason: 'missing', message: 'not here' }),
  }
}

describe('when the package lists were last refreshed', () => {
  it.each([
    ['a successful refresh: the newest Release file', { [release]: '2026-11-19T20:00:00Z', [`${lists}/partial`]: '2026-11-19T20:01:00Z' }, '2026-11-19T20:00:00.000Z'],
    // apt touches partial/ on every run, also when every download failed: that is no refresh.
    ['a failed refresh: partial/ is newer, the lists are not', { [release]: '2026-11-01T08:00:00Z', [`${lists}/partial`]: '2026-11-20T09:59:00Z' }, '2026-11-01T08:00:00.000Z'],
    ['apt.systemd.daily wrote its stamp', { [release]: '2026-11-01T08:00:00Z', '/var/lib/apt/periodic/update-success-stamp': '2026-11-19T06:00:00Z' }, '2026-11-19T06:00:00.000Z'],
    ['no lists at all', { [`${lists}/partial`]: '2026-11-20T09:59:00Z' }, null],
  ])('%s', async (_case, times, expected) => {
    const apt = await probeApt(hostWithTimes(times))
    expect(apt.listsUpdatedAt).toEqual(expected)
  })
})
