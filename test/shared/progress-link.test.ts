import { describe, expect, it } from 'vitest'
import { checkIds } from '../../checker/catalog.ts'
import { decodeProgress, encodeProgress, progressFromHash, progressLinkIds, progressUrl, type LinkStatus } from '../../src/shared/progress-link.ts'

const statuses: LinkStatus[] = ['pass', 'fail', 'warn', 'unknown']
const all = (status: LinkStatus) => Object.fromEntries(progressLinkIds.map((id) => [id, status]))

describe('progress link', () => {
  it('version 1 carries exactly the catalogue’s ids in its order (a new check id needs a new version)', () => {
    expect([...progressLinkIds]).toEqual([...checkIds])
  })

  it.each([
    ['every check passes', all('pass'), '1______w'],
    ['nothing known', all('unknown'), '1AAAAAAA'],
    ['every check fails', all('fail'), '1VVVVVVQ'],
    ['only guard.lockout passes', { 'guard.lockout': 'pass' as const }, '1AAAAAAw'],
    ['only the first passes', { 'updates.lists-fresh': 'pass' as const }, '1wAAAAAA'],
  ])('%s → %s and back', (_name, given, encoded) => {
    expect(encodeProgress(given)).toBe(encoded)
    const decoded = decodeProgress(encoded)
    expect(decoded.ok).toBe(true)
    if (decoded.ok) for (const id of progressLinkIds) expect(decoded.statuses[id]).toBe(given[id] ?? 'unknown')
  })

  it('round-trips every status in every position', () => {
    for (let position = 0; position < progressLinkIds.length; position++) {
      for (const status of statuses) {
        const given = Object.fromEntries(progressLinkIds.map((id, index) => [id, index === position ? status : statuses[(index * 7 + position) % 4]!]))
        const decoded = decodeProgress(encodeProgress(given))
        expect(decoded).toEqual({ ok: true, statuses: given })
      }
    }
  })

  it.each([
    ['', 'リンクに結果が入っていません'],
    ['2AAAAAAA', 'この形式 (版 2) は読めません'],
    ['xAAAAAAA', 'リンクの形式が正しくありません'],
    ['1AAAA', 'リンクの長さが合いません (5 文字、正しくは 8 文字)'],
    ['1AAAAAAAA', 'リンクの長さが合いません'],
    ['1AAA*AAA', 'リンクに使えない文字があります: "*"'],
    ['1AAAAAA=', 'リンクに使えない文字があります'],
    ['1AAAAAA_', 'リンクの末尾が正しくありません'],
    ['1AAAAAAB', 'リンクの末尾が正しくありません'],
  ])('rejects %j', (text, message) => {
    const decoded = decodeProgress(text)
    expect(decoded.ok).toBe(false)
    if (!decoded.ok) {
      expect(decoded.reason.ja).toContain(message)
      expect(decoded.reason.en.length).toBeGreaterThan(5)
    }
  })

  it.each([
    ['#r=1______w', '1______w'],
    ['r=1______w', '1______w'],
    ['#x=1&r=1AAAAAAA', '1AAAAAAA'],
    ['', undefined],
    ['#main', undefined],
  ])('reads the fragment %j', (hash, expected) => {
    expect(progressFromHash(hash)).toBe(expected)
  })

  it.each([
    ['http://127.0.0.1:4173/', 'http://127.0.0.1:4173/progress#r=1______w'],
    ['https://course.example/sub', 'https://course.example/sub/progress#r=1______w'],
  ])('builds the URL on %s', (base, url) => {
    expect(progressUrl(base, all('pass'))).toBe(url)
  })
})
