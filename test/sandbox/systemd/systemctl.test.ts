/** systemctl as recorded on the lab's Debian 12, and what the checker's parsers read from it. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseSystemctlShow, socketListenPorts, unitStatesFromShow } from '../../../checker/parsers/systemctl-show.ts'
import { systemctlShowArgs } from '../../../checker/probes/units.ts'
import { RebootSignal } from '../../../src/sandbox/commands/systemd/index.ts'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { installUnitFile, startUnit } from '../../../src/sandbox/machine/units.ts'
import { practiceServer, run, student } from './helpers.ts'

const observed = ['unattended-upgrades.service', 'apt-daily.timer', 'apt-daily-upgrade.timer', 'ssh.service', 'ssh.socket', 'nginx.service', 'ufw.service']

describe('systemctl', () => {
  it.each([
    ['systemctl is-enabled ssh.socket', 'disabled\n', '', 1],
    ['systemctl is-enabled ssh ssh.socket sshd nginx apt-daily.timer', 'enabled\ndisabled\nalias\nenabled\nenabled\n', '', 0],
    ['systemctl is-enabled foo', '', 'Failed to get unit file state for foo.service: No such file or directory\n', 1],
    ['systemctl is-active ssh ssh.socket nginx foo', 'active\ninactive\nactive\ninactive\n', '', 0],
    ['systemctl is-active ssh.socket', 'inactive\n', '', 3],
    ['systemctl show -p LoadState,Listen ssh.socket', 'Listen=[::]:22 (Stream)\nLoadState=loaded\n', '', 0],
    ['systemctl show -p LoadState,Listen ssh.socket ssh.service', 'Listen=[::]:22 (Stream)\nLoadState=loaded\n\nLoadState=loaded\n', '', 0],
    ['systemctl show -p Id,LoadState,ActiveState,UnitFileState foo.service', 'Id=foo.service\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n', '', 0],
    ['systemctl reload foo', '', 'Failed to reload foo.service: Unit foo.service not found.\n', 5],
    ['systemctl start foo', '', 'Failed to start foo.service: Unit foo.service not found.\n', 5],
    ['systemctl stop foo', '', 'Failed to stop foo.service: Unit foo.service not loaded.\n', 5],
    ['systemctl enable foo', '', 'Failed to enable unit: Unit file foo.service does not exist.\n', 1],
    ['systemctl status foo', '', 'Unit foo.service could not be found.\n', 4],
    ['systemctl reload sshd', '', '', 0],
  ])('%s', async (line, stdout, stderr, code) => {
    const result = await run(practiceServer(), line)
    expect([result.stdout, result.stderr, result.exitCode]).toEqual([stdout, stderr, code])
  })

  it.each([
    ['systemctl start nginx', "Failed to start nginx.service: Access denied\nSee system logs and 'systemctl status nginx.service' for details.\n", 4],
    ['systemctl reload sshd', "Failed to reload sshd.service: Access denied\nSee system logs and 'systemctl status sshd.service' for details.\n", 4],
    ['systemctl daemon-reload', 'Reload daemon failed: Access denied\n', 1],
    ['systemctl mask nginx', 'Failed to mask unit: Access denied\n', 1],
    ['reboot', 'Call to Reboot failed: Access denied\n', 1],
    ['poweroff', 'Call to PowerOff failed: Access denied\n', 1],
    ['shutdown', 'Failed to schedule shutdown: Access denied\n', 1],
  ])('as the learner: %s', async (line, stderr, code) => {
    const result = await run(practiceServer(), line, { cred: student })
    expect([result.stderr, result.exitCode]).toEqual([stderr, code])
  })

  it('show gives the checker the unit states it asks for', async () => {
    const server = practiceServer()
    const result = await run(server, `systemctl show -p Id,LoadState,ActiveState,UnitFileState ${observed.join(' ')}`, { cred: student })
    expect(unitStatesFromShow(result.stdout, observed)).toEqual({
      'unattended-upgrades.service': { load: 'not-found', active: 'inactive', enabled: '' },
      'apt-daily.timer': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'apt-daily-upgrade.timer': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'ssh.service': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'ssh.socket': { load: 'loaded', active: 'inactive', enabled: 'disabled' },
      'nginx.service': { load: 'loaded', active: 'active', enabled: 'enabled' },
      'ufw.service': { load: 'not-found', active: 'inactive', enabled: '' },
    })
    installUnitFile(server, 'unattended-upgrades.service', { enable: true })
    expect(startUnit(server, 'unattended-upgrades')).toEqual({ ok: true })
    const after = await run(server, `systemctl show -p Id,LoadState,ActiveState,UnitFileState unattended-upgrades.service`)
    expect(after.stdout).toBe('Id=unattended-upgrades.service\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled\n')
    const socket = await run(server, 'systemctl show -p LoadState,Listen ssh.socket')
    expect(socketListenPorts(parseSystemctlShow(socket.stdout)[0] ?? {})).toEqual([22])
  })

  it("prints the checker's one systemctl show exactly as the lab's fresh Debian 12 did", async () => {
    const recorded = readFileSync(new URL('../../fixtures/checker/captured/debian12/systemctl-show-units-listen.stdout', import.meta.url), 'utf8')
    const result = await run(practiceServer(), `systemctl ${systemctlShowArgs.join(' ')}`, { cred: student })
    expect([result.stdout, result.exitCode]).toEqual([recorded, 0])
  })

  it('enable, disable, mask and unmask print what they change', async () => {
    const server = practiceServer()
    const sysv = 'Synchronizing state of nginx.service with SysV service script with /lib/systemd/systemd-sysv-install.\n'
    expect((await run(server, 'systemctl disable nginx')).stderr).toBe(`${sysv}Executing: /lib/systemd/systemd-sysv-install disable nginx\nRemoved "/etc/systemd/system/multi-user.target.wants/nginx.service".\n`)
    expect((await run(server, 'systemctl is-enabled nginx')).stdout).toBe('disabled\n')
    expect((await run(server, 'systemctl enable nginx')).stderr).toBe(`${sysv}Executing: /lib/systemd/systemd-sysv-install enable nginx\nCreated symlink /etc/systemd/system/multi-user.target.wants/nginx.service → /lib/systemd/system/nginx.service.\n`)
    expect((await run(server, 'systemctl mask nginx')).stderr).toBe('Created symlink /etc/systemd/system/nginx.service → /dev/null.\n')
    await run(server, 'systemctl stop nginx')
    expect(await run(server, 'systemctl start nginx')).toMatchObject({ stderr: 'Failed to start nginx.service: Unit nginx.service is masked.\n', exitCode: 1 })
    expect((await run(server, 'systemctl unmask nginx')).stderr).toBe('Removed "/etc/systemd/system/nginx.service".\n')
    expect((await run(server, 'systemctl start nginx')).exitCode).toBe(0)
    // the ssh alias lives as long as ssh.service is enabled
    await run(server, 'systemctl disable ssh')
    expect(await run(server, 'systemctl reload sshd')).toMatchObject({ stderr: 'Failed to reload sshd.service: Unit sshd.service not found.\n', exitCode: 5 })
  })

  it('starting ssh.socket while ssh.service runs is refused', async () => {
    const server = practiceServer()
    expect(await run(server, 'systemctl start ssh.socket')).toMatchObject({ stderr: 'Job failed. See "journalctl -xe" for details.\n', exitCode: 1 })
    await run(server, 'systemctl stop ssh')
    expect((await run(server, 'systemctl start ssh.socket')).exitCode).toBe(0)
    expect(server.fs.readFile('/proc/net/tcp6', rootCred)).toContain(':0016 ')
    expect(server.fs.readlink('/proc/1/fd/51', rootCred)).toMatch(/^socket:\[\d+\]$/)
  })

  it('list-timers shows apt’s timers', async () => {
    const result = await run(practiceServer(), "systemctl list-timers 'apt-daily*'", { cred: student })
    // the lab at 06:39 showed 06:54:42 (14min left) and 21:13:50 for the same calendar and delays
    expect(result.stdout).toBe(
      'NEXT                        LEFT          LAST PASSED UNIT                    ACTIVATES\n' +
        'Sun 2026-11-29 06:54:42 UTC 14min left    -    -      apt-daily-upgrade.timer apt-daily-upgrade.service\n' +
        'Sun 2026-11-29 09:13:50 UTC 2h 33min left -    -      apt-daily.timer         apt-daily.service\n' +
        '\n2 timers listed.\nPass --all to see loaded but inactive timers, too.\n',
    )
  })

  it('status of ssh as root', async () => {
    const server = practiceServer()
    server.advance(0)
    const result = await run(server, 'systemctl status ssh --no-pager')
    expect(result.exitCode).toBe(0)
    expect(result.stdout.split('\n').slice(0, 5)).toEqual([
      '● ssh.service - OpenBSD Secure Shell server',
      '     Loaded: loaded (/lib/systemd/system/ssh.service; enabled; preset: enabled)',
      expect.stringMatching(/^ {5}Active: active \(running\) since Sun 2026-11-29 03:40:24 UTC; 2h 59min ago$/),
      '       Docs: man:sshd(8)',
      '             man:sshd_config(5)',
    ])
    expect(result.stdout).toContain('     CGroup: /system.slice/ssh.service\n             └─612 "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups"\n')
  })

  it('reboot as root boots the server again and signals the session', async () => {
    const server = practiceServer()
    server.fs.writeFile('/run/reboot-required', '*** System restart required ***\n', rootCred)
    server.state.connections.push({ id: 1, port: 22, terminal: 't1' })
    await expect(run(server, 'reboot')).rejects.toBeInstanceOf(RebootSignal)
    expect(server.fs.exists('/run/reboot-required')).toBe(false)
    expect(server.fs.exists('/run/sshd')).toBe(true)
    expect(server.state.connections).toEqual([])
    expect(server.state.units['ssh.service']?.active).toBe('active')
    expect(server.state.units['nginx.service']?.active).toBe('active')
    expect(server.state.units['apt-daily.timer']?.active).toBe('active')
    expect(server.state.units['ssh.socket']?.active).toBe('inactive')
  })
})
