/**
 * Parsers under hostile input (issue 8): Include loops end at once as sshd ends them, what cannot
 * be read is an error (never "port 22"), echoed values are short, and every pattern is linear.
 */
import { describe, expect, it } from 'vitest'
import { parseAptPeriodic } from '../../../checker/parsers/apt-config.ts'
import { parseAptSimulate } from '../../../checker/parsers/apt-simulate.ts'
import { parseDpkgQuery } from '../../../checker/parsers/dpkg-query.ts'
import { parseProcNetTcp } from '../../../checker/parsers/proc-net-tcp.ts'
import { parseShellVars } from '../../../checker/parsers/shell-vars.ts'
import { readSshdConfig, type ConfigFiles } from '../../../checker/parsers/sshd-config.ts'
import { parseSshdEffective } from '../../../checker/parsers/sshd-effective.ts'
import { parseSystemctlShow, socketListenPorts } from '../../../checker/parsers/systemctl-show.ts'
import { parseUfwRules } from '../../../checker/parsers/ufw-rules.ts'
import { parseUfwStatus } from '../../../checker/parsers/ufw-status.ts'
import { memoryFiles } from './_config-files.ts'

const dropIns = '/etc/ssh/sshd_config.d'

function counting(files: ConfigFiles): ConfigFiles & { reads: () => number } {
  let reads = 0
  return { read: (path) => (reads++, files.read(path)), list: (dir) => files.list(dir), reads: () => reads }
}

describe('sshd_config: loops and unreadable files', () => {
  it('stops an Include loop at once, with the error sshd gives', () => {
    const loop = `Include ${dropIns}/*.conf\n`
    const files = counting(memoryFiles({ '/etc/ssh/sshd_config': `${loop}Port 54723\n`, [`${dropIns}/a.conf`]: loop, [`${dropIns}/b.conf`]: loop, [`${dropIns}/c.conf`]: loop }))
    const start = performance.now()
    const result = readSshdConfig(files)
    expect(performance.now() - start).toBeLessThan(2000)
    expect(files.reads()).toBeLessThan(100)
    expect(result.errors.join('\n')).toMatch(/Too many recursive configuration includes/)
  })

  it('still follows a deep but finite chain of includes', () => {
    const chain: Record<string, string> = { '/etc/ssh/sshd_config': `Include ${dropIns}/1.conf\n` }
    for (let depth = 1; depth < 10; depth++) chain[`${dropIns}/${depth}.conf`] = `Include ${dropIns}/${depth + 1}.conf\n`
    chain[`${dropIns}/10.conf`] = 'Port 54723\n'
    expect(readSshdConfig(memoryFiles(chain))).toMatchObject({ ports: [54723], errors: [] })
  })

  const unreadable: { name: string; files: ConfigFiles }[] = [
    { name: 'random bytes', files: memoryFiles({ '/etc/ssh/sshd_config': '\u0000\u0013\uFFFD\uFFFDPort\u0007\u0000' }) },
    { name: 'a directory', files: { read: (path) => ({ error: 'failed', message: `${path}: not a regular file` }), list: () => undefined } },
    { name: 'a binary drop-in', files: memoryFiles({ '/etc/ssh/sshd_config': `Include ${dropIns}/*.conf\nPort 54723\n`, [`${dropIns}/x.conf`]: 'ELF\u0000\u0000\u0001' }) },
    { name: 'a drop-in that fails to read', files: { read: (path) => (path === '/etc/ssh/sshd_config' ? { text: `Include ${dropIns}/x.conf\n` } : { error: 'failed', message: `${path}: larger than 1 MiB` }), list: () => undefined } },
  ]
  it.each(unreadable)('$name is an error, never port 22', ({ files }) => {
    const result = readSshdConfig(files)
    expect(result.errors.length).toBeGreaterThan(0)
  })

  it('does not echo a 10 MB Port token', () => {
    const result = readSshdConfig(memoryFiles({ '/etc/ssh/sshd_config': `Port ${'9'.repeat(10_000_000)}\n` }))
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]?.length).toBeLessThan(300)
  })

  it('matches Include globs in linear time', () => {
    const names = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`${dropIns}/${'a'.repeat(200)}${index}`, 'Port 2222\n']))
    const start = performance.now()
    readSshdConfig(memoryFiles({ '/etc/ssh/sshd_config': `Include ${dropIns}/${'*a'.repeat(30)}b\n`, ...names }))
    expect(performance.now() - start).toBeLessThan(2000)
  })
})

describe('every parser is linear on 100 kB adversarial input', () => {
  const runs = ['  ', '\t', 'a', '1', ':', '=', '#', ' #', '"', '0', '::', ' ', '[', 'A=']
  const prefixes = ['', 'IPV6=yes', 'KEY=x', 'Port ', 'ListenAddress ', 'Include ', '### tuple ### allow tcp ', 'Listen=', 'Inst ', 'APT::Periodic::x "', 'Status: ', 'Default: ', 'pkg\t', '  0: 00000000:']
  const parsers: Record<string, (text: string) => unknown> = {
    parseShellVars,
    parseAptPeriodic,
    parseAptSimulate,
    parseDpkgQuery,
    parseSshdEffective,
    parseUfwStatus,
    parseSystemctlShow: (text) => parseSystemctlShow(text).map(socketListenPorts),
    parseUfwRules: (text) => parseUfwRules(text, false),
    parseProcNetTcp: (text) => parseProcNetTcp(`sl\n${text}`, 'tcp6'),
    readSshdConfig: (text) => readSshdConfig(memoryFiles({ '/etc/ssh/sshd_config': text })),
  }
  it.each(Object.keys(parsers))('%s', (name) => {
    const parse = parsers[name] as (text: string) => unknown
    let slowest = 0
    for (const prefix of prefixes) {
      for (const run of runs) {
        const text = `${prefix}${run.repeat(Math.ceil(100_000 / run.length))}x`
        const start = performance.now()
        parse(text)
        slowest = Math.max(slowest, performance.now() - start)
      }
    }
    expect(slowest).toBeLessThan(2000)
  }, 120_000)
})
