import { describe, expect, it } from 'vitest'
import { messages, negotiateLang, type Lang } from '../../src/client/i18n.ts'

describe('messages', () => {
  it('has the same keys in Japanese and English', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.ja).sort())
  })

  it('has the same kind of message (text or function of the same arity) under each key', () => {
    const shape = (lang: Lang) =>
      Object.fromEntries(
        Object.entries(messages[lang]).map(([key, message]) => [key, typeof message === 'function' ? message.length : 'text']),
      )
    expect(shape('en')).toEqual(shape('ja'))
  })

  it('has no empty message', () => {
    for (const lang of ['ja', 'en'] as const) {
      for (const [key, message] of Object.entries(messages[lang])) {
        const text = typeof message === 'function' ? (message as (...args: number[]) => string)(1, 2) : message
        expect({ lang, key, text: text.trim() }).not.toEqual({ lang, key, text: '' })
      }
    }
  })

  it('offers the switch in the other language', () => {
    expect(messages.ja.switchLanguage).toBe('English')
    expect(messages.en.switchLanguage).toBe('日本語')
  })
})

describe('negotiateLang', () => {
  it.each([
    // stored, navigator.language, expected
    [null, 'ja', 'ja'],
    [null, 'ja-JP', 'ja'],
    [null, 'en', 'en'],
    [null, 'en-US', 'en'],
    [null, 'EN-gb', 'en'],
    [null, 'fr-FR', 'ja'],
    [null, 'de', 'ja'],
    [null, '', 'ja'],
    [null, undefined, 'ja'],
    [undefined, 'en-US', 'en'],
    ['ja', 'en-US', 'ja'],
    ['en', 'ja-JP', 'en'],
    ['en', undefined, 'en'],
    ['fr', 'en-US', 'en'],
    ['', 'ja', 'ja'],
    ['EN', 'ja', 'ja'],
  ] as const)('stored %j, browser %j → %s', (stored, browser, expected) => {
    expect(negotiateLang(stored, browser)).toBe(expected)
  })
})
