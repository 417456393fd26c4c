import { describe, expect, it } from 'vitest'
import { parseAptPeriodic } from '../../../checker/parsers/apt-config.ts'
import { parseAptSimulate } from '../../../checker/parsers/apt-simulate.ts'
import { parseDpkgQuery } from '../../../checker/parsers/dpkg-query.ts'
import { parseProcNetTcp } from '../../../checker/parsers/proc-net-tcp.ts'
import { socketListenPorts, parseSystemctlShow, unitStatesFromShow } from '../../../checker/parsers/systemctl-show.ts'
import { observedUnits } from '../../../checker/facts.ts'
import { captured, sample } from '../_paths.ts'

describe('/proc/net/tcp{,6} (real recordings)', () => {
  it('finds the IPv4 listeners', () => {
    expect(parseProcNetTcp(captured('proc-net-tcp'), 'tcp')).toEqual([
      { proto: 'tcp', address: '0.0.0.0', port: 22 },
      { proto: 'tcp', address: '127.0.0.1', port: 631 },
    ])
  })

  it('finds a real sshd moved to 54723 (booted Debian 12) in both tables', () => {
    expect(parseProcNetTcp(captured('proc-net-tcp-booted-sshd-54723'), 'tcp')).toEqual([{ proto: 'tcp', address: '0.0.0.0', port: 54723 }])
    expect(parseProcNetTcp(captured('proc-net-tcp6-booted-sshd-54723'), 'tcp6')).toEqual([{ proto: 'tcp6', address: '::', port: 54723 }])
  })

  it('finds the dual-stack [::] listener only in tcp6', () => {
    expect(parseProcNetTcp(captured('proc-net-tcp6'), 'tcp6')).toEqual([{ proto: 'tcp6', address: '::', port: 54723 }])
  })

  it('ignores established connections and garbage', () => {
    const header = captured('proc-net-tcp').split('\n')[0]
    const established = '   2: 0100007F:D431 0100007F:0016 01 00000000:00000000 00:00000000 00000000  1000        0 99999 1'
    expect(parseProcNetTcp(`${header}\n${established}\nnonsense line\n`, 'tcp')).toEqual([])
  })

  it('decodes a specific IPv6 address', () => {
    const line = '   0: 0000000000000000FFFF00000100007F:D5C3 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1'
    expect(parseProcNetTcp(`header\n${line}\n`, 'tcp6')).toEqual([{ proto: 'tcp6', address: '::ffff:7f00:1', port: 54723 }])
  })
})

describe('apt (real recordings and samples)', () => {
  it('reads the periodic settings unattended-upgrades wrote', () => {
    expect(parseAptPeriodic(captured('apt-config-dump.stdout'))).toEqual({ 'update-package-lists': '1', 'unattended-upgrade': '1' })
  })

  it('is undefined for output that is not a dump', () => {
    expect(parseAptPeriodic('E: Syntax error\n')).toBeUndefined()
  })

  it('lists the pending security updates of a fresh Debian 12', () => {
    const pending = parseAptSimulate(captured('apt-get-s-upgrade.stdout'))
    expect(pending?.upgradable).toHaveLength(14)
    expect(pending?.upgradable.slice(0, 3)).toEqual(['perl-base', 'liblzma5', 'libapt-pkg6.0'])
    expect([pending?.keptBack, pending?.phased]).toEqual([[], []])
  })

  it('separates kept-back packages (sample)', () => {
    expect(parseAptSimulate(sample('apt-kept-back.txt'))).toEqual({ upgradable: ['libssl3'], keptBack: ['linux-image-amd64', 'linux-headers-amd64'], phased: [] })
  })

  it('does not count phased updates as pending (Ubuntu 24.04 sample)', () => {
    expect(parseAptSimulate(sample('apt-phased-ubuntu2404.txt'))).toEqual({ upgradable: [], keptBack: [], phased: ['python3-distupgrade', 'ubuntu-release-upgrader-core'] })
  })

  it('refuses output cut short before the summary line', () => {
    expect(parseAptSimulate('Reading package lists...\nInst bash [5.2.15-2+b2] (5.2.15-2+b7 Debian:12.11/stable [amd64])\n')).toBeUndefined()
  })
})

describe('dpkg-query and systemctl', () => {
  it('reads package states (real recording)', () => {
    expect(parseDpkgQuery(captured('dpkg-query.stdout'))).toEqual({ 'openssh-server': 'installed', ufw: 'installed', 'unattended-upgrades': 'installed' })
    expect(parseDpkgQuery('ufw\trc \nnginx\tun \nfoo:amd64\tiU \n')).toEqual({ ufw: 'config-files', nginx: 'not-installed', foo: 'half-installed' })
  })

  it('maps systemctl show blocks to units (real recording, booted Debian 12, systemd 252)', () => {
    const states = unitStatesFromShow(captured('systemctl-show-units.stdout'), observedUnits)
    expect(states?.['ssh.socket']).toEqual({ load: 'loaded', active: 'inactive', enabled: 'disabled' })
    expect(states?.['apt-daily.timer']).toEqual({ load: 'loaded', active: 'active', enabled: 'enabled' })
    expect(Object.keys(states ?? {})).toEqual([...observedUnits])
  })

  it('reads a unit that does not exist (real recording)', () => {
    const states = unitStatesFromShow(captured('systemctl-show-not-found.stdout'), ['nginx.service', 'ssh.service'])
    expect(states?.['nginx.service']).toEqual({ load: 'not-found', active: 'inactive', enabled: '' })
  })

  it('refuses blocks that do not line up with the units asked for', () => {
    expect(unitStatesFromShow('Id=a\nLoadState=loaded\nActiveState=active\n', observedUnits)).toBeUndefined()
  })

  it('reads the units and ssh.socket from one systemctl show (real recordings: systemd 252 and 257 print the same)', () => {
    const text = captured('systemctl-show-units-listen.stdout')
    expect(unitStatesFromShow(text, observedUnits)?.['ssh.service']).toEqual({ load: 'loaded', active: 'active', enabled: 'enabled' })
    const socket = parseSystemctlShow(text)[observedUnits.indexOf('ssh.socket')]
    expect(socket?.Id).toEqual(['ssh.socket'])
    expect(socketListenPorts(socket ?? {})).toEqual([22])
    // Services have no Listen property: nothing is printed for them.
    expect(parseSystemctlShow(text).filter((block) => block.Listen)).toHaveLength(1)
  })

  it('reads ssh.socket Listen lines (real recording: Listen comes before LoadState)', () => {
    const [real] = parseSystemctlShow(captured('systemctl-show-ssh-socket.stdout'))
    expect(socketListenPorts(real ?? {})).toEqual([22])
    const [several] = parseSystemctlShow('LoadState=loaded\nListen=[::]:22 (Stream)\nListen=0.0.0.0:54723 (Stream)\nListen=/run/x.sock (Stream)\n')
    expect(socketListenPorts(several ?? {})).toEqual([22, 54723])
  })
})
