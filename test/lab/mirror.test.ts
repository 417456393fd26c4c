/** Where the lab takes its Debian mirror from: this machine's apt sources (no root needed). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { debootstrapScript } from './base.ts'
import { parseDeb822Sources, parseSourcesList, pickDebianMirror } from './mirror.ts'

describe('the lab\'s Debian mirror comes from the host\'s apt sources', () => {
  it('reads one-line sources.list entries, options and comments included', () => {
    const list = [
      '# deb http://old.example/debian bookworm main',
      'deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://mirror.example/debian/ bookworm main contrib',
      'deb-src http://mirror.example/debian bookworm main',
      'deb http://mirror.example/debian-security bookworm-security main',
    ].join('\n')
    expect(parseSourcesList(list)).toEqual([
      { uri: 'http://mirror.example/debian/', suites: ['bookworm'], file: '' },
      { uri: 'http://mirror.example/debian-security', suites: ['bookworm-security'], file: '' },
    ])
  })

  it('reads deb822 stanzas, skips disabled ones and deb-src', () => {
    const sources = [
      'Types: deb',
      '# http://snapshot.example/archive/debian/20250520T000000Z',
      'URIs: http://mirror.example/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://disabled.example/debian',
      'Suites: bookworm',
      'Enabled: no',
      '',
      'Types: deb-src',
      'URIs: http://src.example/debian',
      'Suites: bookworm',
    ].join('\n')
    expect(parseDeb822Sources(sources)).toEqual([{ uri: 'http://mirror.example/debian', suites: ['bookworm', 'bookworm-updates'], file: '' }])
  })

  it('picks the Debian archive: not security, not a third-party repository', () => {
    expect(
      pickDebianMirror([
        { uri: 'https://vendor.example/apt', suites: ['nodistro'], file: 'a' },
        { uri: 'http://mirror.example/debian-security', suites: ['trixie-security'], file: 'b' },
        { uri: 'http://mirror.example/debian/', suites: ['trixie', 'trixie-updates'], file: 'c' },
      ]),
    ).toBe('http://mirror.example/debian')
    expect(pickDebianMirror([{ uri: 'https://vendor.example/apt', suites: ['cloud-sdk-bookworm'], file: 'a' }])).toBeUndefined()
  })

  it('builds a release debootstrap does not know with its sid script', () => {
    const scripts = mkdtempSync(join(tmpdir(), 'debootstrap-scripts-'))
    try {
      writeFileSync(join(scripts, 'sid'), '')
      writeFileSync(join(scripts, 'bookworm'), '')
      expect(debootstrapScript('bookworm', scripts)).toEqual([])
      expect(debootstrapScript('trixie', scripts)).toEqual([join(scripts, 'sid')])
      expect(() => debootstrapScript('trixie', join(scripts, 'none'))).toThrow(/neither trixie nor sid/)
    } finally {
      rmSync(scripts, { recursive: true, force: true })
    }
  })
})
