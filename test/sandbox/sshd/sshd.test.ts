/** sshd -t/-T/-G and ssh.service reloads, read back through the checker's own parsers. */
import { describe, expect, it } from 'vitest'
import { parseProcNetTcp } from '../../../checker/parsers/proc-net-tcp.ts'
import { parseSshdEffective } from '../../../checker/parsers/sshd-effective.ts'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import type { Server } from '../../../src/sandbox/machine/server.ts'
import { practiceServer, run, student } from '../systemd/helpers.ts'

function setPort(server: Server, value: string): void {
  const config = server.fs.readFile('/etc/ssh/sshd_config', rootCred) as string
  server.fs.writeFile('/etc/ssh/sshd_config', config.replace(/^#?Port .*$/m, `Port ${value}`), rootCred)
}

function listening(server: Server): string[] {
  const v4 = parseProcNetTcp(server.fs.readFile('/proc/net/tcp', student) as string, 'tcp')
  const v6 = parseProcNetTcp(server.fs.readFile('/proc/net/tcp6', student) as string, 'tcp6')
  return [...v4, ...v6].map((socket) => `${socket.address}:${socket.port}`)
}

const usage = `unknown option -- G
OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.20 7 Apr 2026
usage: sshd [-46DdeiqTtV] [-C connection_spec] [-c host_cert_file]
            [-E log_file] [-f config_file] [-g login_grace_time]
            [-h host_key_file] [-o option] [-p port] [-u len]
`

describe('sshd', () => {
  it.each([
    ['sshd -t', 'root', '', 0],
    ['sshd -t', 'student', 'sshd: no hostkeys available -- exiting.\n', 1],
    ['sshd -T', 'student', 'sshd: no hostkeys available -- exiting.\n', 1],
    ['sshd -G', 'root', usage, 1],
    ['sshd -G', 'student', usage, 1],
  ])('%s as %s', async (line, who, stderr, code) => {
    const result = await run(practiceServer(), line, who === 'root' ? {} : { cred: student })
    expect([result.stderr, result.exitCode]).toEqual([stderr, code])
  })

  it.each([
    ['5472x', '/etc/ssh/sshd_config line 14: Badly formatted port number.\n'],
    ['', '/etc/ssh/sshd_config line 14: missing port number.\n'],
    ['70000', '/etc/ssh/sshd_config line 14: Badly formatted port number.\n'],
  ])('sshd -t refuses Port %j', async (value, message) => {
    const server = practiceServer()
    setPort(server, value)
    expect(await run(server, 'sshd -t')).toMatchObject({ stderr: message, exitCode: 255 })
    // the configuration is checked before the host keys: the learner sees the same line
    expect(await run(server, 'sshd -t', { cred: student })).toMatchObject({ stderr: message, exitCode: 255 })
  })

  it('a bad drop-in is named by its own path', async () => {
    const server = practiceServer()
    server.fs.writeFile('/etc/ssh/sshd_config.d/course.conf', 'Port abc\n', rootCred)
    expect(await run(server, 'sshd -t')).toMatchObject({ stderr: '/etc/ssh/sshd_config.d/course.conf line 1: Badly formatted port number.\n', exitCode: 255 })
  })

  it('a misspelt keyword', async () => {
    const server = practiceServer()
    setPort(server, '54723')
    server.fs.writeFile('/etc/ssh/sshd_config', (server.fs.readFile('/etc/ssh/sshd_config', rootCred) as string).replace('Port 54723', 'Prot 54723'), rootCred)
    expect(await run(server, 'sshd -t')).toMatchObject({
      stderr: '/etc/ssh/sshd_config: line 14: Bad configuration option: Prot\n/etc/ssh/sshd_config: terminating, 1 bad configuration options\n',
      exitCode: 255,
    })
  })

  it('without /run/sshd', async () => {
    const server = practiceServer()
    server.fs.remove('/run/sshd', rootCred, { recursive: true })
    expect(await run(server, 'sshd -t')).toMatchObject({ stderr: 'Missing privilege separation directory: /run/sshd\n', exitCode: 255 })
  })

  it('sshd -T dumps the configured ports as OpenSSH 9.2 does', async () => {
    const server = practiceServer()
    const config = server.fs.readFile('/etc/ssh/sshd_config', rootCred) as string
    server.fs.writeFile('/etc/ssh/sshd_config', config.replace('#Port 22', 'Port 22\nPort 54723'), rootCred)
    const dump = (await run(server, 'sshd -T')).stdout
    expect(dump.split('\n').slice(0, 8)).toEqual(['port 22', 'port 54723', 'addressfamily any', 'listenaddress [::]:22', 'listenaddress 0.0.0.0:22', 'listenaddress [::]:54723', 'listenaddress 0.0.0.0:54723', 'usepam yes'])
    // the captured default dump (93 lines) with one more port and its two addresses
    expect(dump.split('\n')).toHaveLength(97)
    expect(parseSshdEffective(dump)).toEqual({ ports: [22, 54723] })
  })

  it('edit → reload → /proc/net/tcp shows 54723 and ss as the transcript', async () => {
    const server = practiceServer()
    expect(listening(server)).toEqual(['0.0.0.0:22', '0.0.0.0:80', ':::22', ':::80'].map((s) => s.replace(':::', '::' + ':').replace('::' + ':', '::' + ':')))
    setPort(server, '54723')
    expect(await run(server, 'sshd -t')).toMatchObject({ stderr: '', exitCode: 0 })
    const before = server.state.processes.find((p) => p.comm === 'sshd')?.pid
    expect(await run(server, 'systemctl reload sshd')).toMatchObject({ stderr: '', exitCode: 0 })
    expect(server.state.processes.find((p) => p.comm === 'sshd')?.pid).toBe(before)
    expect(listening(server)).toEqual(['0.0.0.0:80', '0.0.0.0:54723', '::' + ':80', '::' + ':54723'].map((s) => s.replace('::' + ':', ':::')))
    const ss = await run(server, 'ss -tlnp', { tty: true })
    // the transcripts' normaliser drops the trailing spaces ss pads the Process column with
    expect(ss.stdout.replace(/pid=\d+/g, 'pid=<pid>').replace(/ +$/gm, '')).toBe(
      [
        'State     Recv-Q    Send-Q       Local Address:Port        Peer Address:Port    Process',
        'LISTEN    0         511                0.0.0.0:80               0.0.0.0:*        users:(("nginx",pid=<pid>,fd=5),("nginx",pid=<pid>,fd=5),("nginx",pid=<pid>,fd=5))',
        'LISTEN    0         128                0.0.0.0:54723            0.0.0.0:*        users:(("sshd",pid=<pid>,fd=3))',
        'LISTEN    0         511                   [::]:80                  [::]:*        users:(("nginx",pid=<pid>,fd=6),("nginx",pid=<pid>,fd=6),("nginx",pid=<pid>,fd=6))',
        'LISTEN    0         128                   [::]:54723               [::]:*        users:(("sshd",pid=<pid>,fd=4))',
        '',
      ].join('\n'),
    )
  })

  it('a failed reload keeps the old ports; a failed restart leaves ssh failed with no listener', async () => {
    const server = practiceServer()
    setPort(server, '5472x')
    expect(await run(server, 'systemctl reload ssh')).toMatchObject({
      stderr: 'Job for ssh.service failed.\nSee "systemctl status ssh.service" and "journalctl -xeu ssh.service" for details.\n',
      exitCode: 1,
    })
    expect(listening(server)).toContain('0.0.0.0:22')
    expect((await run(server, 'systemctl is-active ssh')).stdout).toBe('active\n')
    expect(await run(server, 'systemctl restart ssh')).toMatchObject({
      stderr: 'Job for ssh.service failed because the control process exited with error code.\nSee "systemctl status ssh.service" and "journalctl -xeu ssh.service" for details.\n',
      exitCode: 1,
    })
    expect(listening(server)).toEqual(['0.0.0.0:80', ':::80'])
    expect((await run(server, 'journalctl -u ssh')).stdout).toContain('sshd[')
  })

  it('ss without sudo has an empty Process column (compact into a pipe)', async () => {
    const result = await run(practiceServer(), 'ss -tlnp', { cred: student })
    expect(result.stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'LISTEN 0      128          0.0.0.0:22        0.0.0.0:*          \n' +
        'LISTEN 0      511          0.0.0.0:80        0.0.0.0:*          \n' +
        'LISTEN 0      128             [::]:22           [::]:*          \n' +
        'LISTEN 0      511             [::]:80           [::]:*          \n',
    )
  })
})

describe('/proc for the checker', () => {
  it('root sees which process holds each socket; the learner does not', () => {
    const server = practiceServer()
    expect(server.fs.readdir('/proc/612/fd', rootCred)).toEqual(['3', '4'])
    expect(server.fs.readlink('/proc/612/fd/3', rootCred)).toBe('socket:[17920]')
    expect(server.fs.readFile('/proc/612/comm', student)).toBe('sshd\n')
    expect(server.fs.readdir('/proc/612/fd', student)).toMatchObject({ error: 'EACCES' })
    expect(server.fs.readFile('/proc/net/tcp', student)).toContain(' 17920 1 ')
  })
})
