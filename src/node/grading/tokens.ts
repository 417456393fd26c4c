/**
 * Tokens: 32 random bytes in base64url, shown once, stored only as their SHA-256. A token never
 * starts with - or _: one starting with - looks like an option on a command line
 * (`check login URL -x…`), and a spreadsheet reads it as a formula, so every CSV of tokens
 * would put an apostrophe in front of it.
 * A lookup by hash reveals nothing useful through timing (finding a token from its hash is a
 * preimage search); the final comparison is constant-time all the same.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const tokenPattern = /^[A-Za-z0-9_-]{43}$/

export function newToken(): string {
  for (;;) {
    const token = randomBytes(32).toString('base64url')
    if (/^[A-Za-z0-9]/.test(token)) return token
  }
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** Constant-time equality of two SHA-256 hashes. */
export function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Looks like a token this module made (a cheap filter before any lookup). */
export function isTokenShaped(value: string): boolean {
  return tokenPattern.test(value)
}
