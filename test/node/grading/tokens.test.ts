import { describe, expect, it } from 'vitest'
import { hashToken, isTokenShaped, newToken, sameHash } from '../../../src/node/grading/tokens.ts'

describe('tokens', () => {
  it('never start with - or _ (an option on a command line, a formula in a spreadsheet)', () => {
    // 1 in 32 raw base64url strings starts with one of them: 5000 draws would show it.
    const leads = new Set(Array.from({ length: 5000 }, () => newToken().charAt(0)))
    expect([...leads].filter((c) => !/[A-Za-z0-9]/.test(c))).toEqual([])
    expect(leads.size).toBeGreaterThan(50)
  })

  it.each([
    ['a token it made', newToken(), true],
    ['one character short', newToken().slice(1), false],
    ['with a character outside base64url', `${newToken().slice(1)}+`, false],
    ['an old token starting with -', `-${newToken().slice(1)}`, true],
  ])('recognises the shape of %s', (_name, value, shaped) => {
    expect(isTokenShaped(value)).toBe(shaped)
  })

  it('compares hashes, not tokens', () => {
    const token = newToken()
    expect(sameHash(hashToken(token), hashToken(token))).toBe(true)
    expect(sameHash(hashToken(token), hashToken(newToken()))).toBe(false)
    expect(sameHash(hashToken(token), new Uint8Array(16))).toBe(false)
  })
})
