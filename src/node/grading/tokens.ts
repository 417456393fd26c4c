/**
 * Tokens: 32 random bytes in base64url, shown once, stored only as their SHA-256.
 * A lookup by hash reveals nothing useful through timing (finding a token from its hash is a
 * preimage search); the final comparison is constant-time all the same.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const tokenPattern = /^[A-Za-z0-9_-]{43}$/

export function newToken(): string {
  return randomBytes(32).toString('base64url')
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
