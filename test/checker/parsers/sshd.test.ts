import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSshdConfig, splitWords } from '../../../checker/parsers/sshd-config.ts'
import { parseSshdEffective } from '../../../checker/parsers/sshd-effective.ts'
import { captured, fixturesDir, sample } from '../_paths.ts'
import { filesUnder, memoryFiles } from './_config-files.ts'

describe('sshd -T / -G output (real Debian 12 recordings)', () => {
  it.each([
    ['sshd-T-default.stdout', [22]],
    ['sshd-T-two-ports.stdout', [22, 54723]],
  ])('%s → ports %j', (file, ports) => {
    expect(parseSshdEffective(captured(file))).toEqual({ ports })
  })

  it('reads OpenSSH 10.4 mixed-case keywords', () => {
    expect(parseSshdEffective(sample('sshd-G-openssh-10.4.txt'))).toEqual({ ports: [2222] })
  })

  it("rejects output that is not a dump (Debian 12's `sshd -G` usage error)", () => {
    expect(parseSshdEffective(captured('sshd-G.stderr'))).toBeUndefined()
    expect(parseSshdEffective('')).toBeUndefined()
  })
})

describe('our sshd_config reader', () => {
  const stock = captured('sshd_config')

  it('reads the stock Debian 12 sshd_config (#Port 22 commented) as port 22', () => {
    const result = readSshdConfig(memoryFiles({ '/etc/ssh/sshd_config': stock }))
    expect(result).toEqual({ ports: [22], unreadable: [], errors: [], warnings: [] })
  })

  it('follows Include in order, accumulates Port, honours ListenAddress host:port, skips non-.conf files', () => {
    const files = filesUnder(join(fixturesDir, 'samples/sshd_config.d'))
    expect(readSshdConfig(memoryFiles(files)).ports).toEqual([22, 2200, 54723])
  })

  const cases: { name: string; files: Record<string, string>; ports: number[]; errors?: number; unreadable?: string[] }[] = [
    { name: 'the lesson edit (#Port 22 → Port 54723)', files: { '/etc/ssh/sshd_config': stock.replace('#Port 22', 'Port 54723') }, ports: [54723] },
    { name: 'two Port lines for the migration', files: { '/etc/ssh/sshd_config': 'Port 22\nPort 54723\n' }, ports: [22, 54723] },
    { name: 'keywords are case-insensitive', files: { '/etc/ssh/sshd_config': 'pOrT 54723\n' }, ports: [54723] },
    { name: 'trailing comment', files: { '/etc/ssh/sshd_config': 'Port 54723 # course\n' }, ports: [54723] },
    { name: 'drop-in and main both count', files: { '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPort 22\n', '/etc/ssh/sshd_config.d/50-cloud.conf': 'Port 54723\n' }, ports: [22, 54723] },
    { name: 'relative Include is under /etc/ssh', files: { '/etc/ssh/sshd_config': 'Include extra.conf\n', '/etc/ssh/extra.conf': 'Port 54723\n' }, ports: [54723] },
    { name: 'missing include directory is fine', files: { '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\n' }, ports: [22] },
    { name: 'Port inside Match is an error, not a port', files: { '/etc/ssh/sshd_config': 'Match User x\nPort 54723\n' }, ports: [22], errors: 1 },
    { name: 'Match all ends a Match block', files: { '/etc/ssh/sshd_config': 'Match User x\nX11Forwarding no\nMatch all\nPort 54723\n' }, ports: [54723] },
    { name: 'bad port number (Debian 12: Badly formatted port number)', files: { '/etc/ssh/sshd_config': 'Port 54723x\n' }, ports: [22], errors: 1 },
    { name: 'port 0 and 65536 are bad', files: { '/etc/ssh/sshd_config': 'Port 0\nPort 65536\n' }, ports: [22], errors: 2 },
    { name: 'ListenAddress with port only', files: { '/etc/ssh/sshd_config': 'Port 22\nListenAddress 192.0.2.1:54723\n' }, ports: [54723] },
    { name: 'bare IPv6 ListenAddress uses the Port lines', files: { '/etc/ssh/sshd_config': 'Port 54723\nListenAddress ::\n' }, ports: [54723] },
    { name: 'an include loop is an error, as in sshd', files: { '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config\nPort 54723\n' }, ports: [22], errors: 1 },
    { name: 'unreadable drop-in (cloud-init writes 0600 files)', files: { '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\n', '/etc/ssh/sshd_config.d/50-cloud-init.conf': 'Port 2222\n' }, ports: [22], unreadable: ['/etc/ssh/sshd_config.d/50-cloud-init.conf'] },
  ]

  it.each(cases)('$name', ({ files, ports, errors = 0, unreadable = [] }) => {
    const result = readSshdConfig(memoryFiles(files, unreadable))
    expect(result.ports).toEqual(ports)
    expect(result.errors).toHaveLength(errors)
    expect(result.unreadable).toEqual(unreadable)
  })

  it.each([
    ['Port 22', ['Port', '22']],
    ['Port=22', ['Port', '22']],
    ['  Port = 22', ['Port', '22']],
    ['Banner "/etc/my banner"', ['Banner', '/etc/my banner']],
    ['# Port 22', []],
    ['Port 22 #comment', ['Port', '22']],
  ])('splits %j like sshd', (line, words) => {
    expect(splitWords(line)).toEqual(words)
  })
})
