import { describe, expect, it } from 'vitest'
import { isYes, parseShellVars } from '../../../checker/parsers/shell-vars.ts'
import { parseUfwRules } from '../../../checker/parsers/ufw-rules.ts'
import { parseUfwStatus } from '../../../checker/parsers/ufw-status.ts'
import { describeRule } from '../../../checker/rules/_ufw-state.ts'
import { captured } from '../_paths.ts'

describe('ufw rules files (real Debian 12 recordings)', () => {
  it('finds no rules in the pristine files', () => {
    expect(parseUfwRules(captured('user.rules.pristine'), false)).toEqual({ rules: [], skipped: [] })
    expect(parseUfwRules(captured('user6.rules.pristine'), true)).toEqual({ rules: [], skipped: [] })
  })

  it('reads every tuple ufw wrote for the recorded commands', () => {
    const { rules, skipped } = parseUfwRules(captured('user.rules'), false)
    expect(skipped).toEqual([])
    expect(rules.map(describeRule)).toMatchInlineSnapshot(`
      [
        "allow in 54723/any from 0.0.0.0/0",
        "allow in 80/tcp from 0.0.0.0/0",
        "allow in 22/tcp from 0.0.0.0/0 (OpenSSH)",
        "limit in 2222/tcp from 0.0.0.0/0",
        "deny in 23/any from 0.0.0.0/0",
        "allow in 8080/tcp from 192.0.2.10",
        "allow in 60000:61000/udp from 0.0.0.0/0",
        "allow in 443/tcp from 0.0.0.0/0",
        "allow routed 8443/tcp from 0.0.0.0/0",
      ]
    `)
  })

  it('marks user6.rules as IPv6', () => {
    const { rules } = parseUfwRules(captured('user6.rules'), true)
    // The 8080 rule names an IPv4 source, so ufw wrote it for IPv4 only.
    expect(rules).toHaveLength(8)
    expect(rules.every((rule) => rule.v6 && rule.source === '::/0')).toBe(true)
  })

  it.each([
    ['### tuple ### allow_log tcp 22 0.0.0.0/0 any 0.0.0.0/0 in', 'allow in 22/tcp from 0.0.0.0/0'],
    ['### tuple ### allow tcp 80,443 0.0.0.0/0 any 0.0.0.0/0 Nginx%20Full - in', 'allow in 80,443/tcp from 0.0.0.0/0 (Nginx Full)'],
    ['### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in comment=6c6573736f6e', 'allow in 22/tcp from 0.0.0.0/0'],
    ['### tuple ### deny tcp 22 0.0.0.0/0 any 0.0.0.0/0', 'deny in 22/tcp from 0.0.0.0/0'],
    ['### tuple ### allow any any 0.0.0.0/0 any 10.0.0.0/8 in', 'allow in any/any from 10.0.0.0/8'],
  ])('reads %s', (line, described) => {
    const { rules } = parseUfwRules(line, false)
    expect(rules.map(describeRule)).toEqual([described])
  })

  it.each(['### tuple ### allow tcp', '### tuple ### bogus tcp 22 0.0.0.0/0 any 0.0.0.0/0 in', '### tuple ### allow tcp 99999 0.0.0.0/0 any 0.0.0.0/0 in', '### tuple ### allow tcp 30:20 0.0.0.0/0 any 0.0.0.0/0 in', '### tuple ### allow sctp 22 0.0.0.0/0 any 0.0.0.0/0 in'])(
    'skips the malformed tuple %s, as ufw does',
    (line) => {
      expect(parseUfwRules(line, false)).toEqual({ rules: [], skipped: [line.replace('### tuple ### ', '')] })
    },
  )
})

describe('ufw settings and status (real Debian 12 recordings)', () => {
  it('reads ENABLED before and after `ufw enable`', () => {
    expect(isYes(parseShellVars(captured('ufw.conf')).ENABLED)).toBe(false)
    expect(isYes(parseShellVars(captured('ufw.conf.enabled')).ENABLED)).toBe(true)
  })

  it('reads IPV6 and the default input policy from /etc/default/ufw', () => {
    const vars = parseShellVars(captured('default-ufw'))
    expect([vars.IPV6, vars.DEFAULT_INPUT_POLICY]).toEqual(['yes', 'DROP'])
  })

  it('reads `ufw status verbose`', () => {
    expect(parseUfwStatus(captured('ufw-status-verbose-inactive.stdout'))).toEqual({ active: false })
    expect(parseUfwStatus(captured('ufw-status-verbose-active.stdout'))).toEqual({ active: true, defaultIncoming: 'deny' })
    expect(parseUfwStatus(captured('ufw-status-verbose-booted.stdout'))).toEqual({ active: true, defaultIncoming: 'deny' })
    expect(parseUfwStatus('ERROR: You need to be root to run this script')).toBeUndefined()
  })
})
