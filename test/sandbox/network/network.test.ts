/** The learner's PC reaching the server: firewall first, then listeners; ssh and curl worded as recorded. */
import { describe, expect, it } from 'vitest'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { closeConnection, connect, openConnection } from '../../../src/sandbox/machine/network.ts'
import type { Server } from '../../../src/sandbox/machine/server.ts'
import { reloadUnit } from '../../../src/sandbox/machine/units.ts'
import { practicePc, practiceServer, run } from '../systemd/helpers.ts'

function firewall(server: Server, defaultIncoming: 'deny' | 'reject' | 'allow', allowed: number[]): void {
  server.state.firewall = {
    loaded: true,
    defaultIncoming,
    rules: allowed.map((port) => ({ action: 'allow' as const, proto: 'any' as const, ports: [{ from: port, to: port }], source: '0.0.0.0/0', v6: false })),
  }
}

function moveSsh(server: Server): void {
  const config = server.fs.readFile('/etc/ssh/sshd_config', rootCred) as string
  server.fs.writeFile('/etc/ssh/sshd_config', config.replace('#Port 22', 'Port 54723'), rootCred)
  expect(reloadUnit(server, 'sshd')).toEqual({ ok: true })
}

describe('connect', () => {
  it.each([
    ['no firewall', undefined, [], { 22: 'open', 80: 'open', 54723: 'refused', 8080: 'refused' }],
    ['deny, 54723 and 80 allowed', 'deny', [54723, 80], { 22: 'timeout', 80: 'open', 54723: 'refused', 8080: 'timeout' }],
    ['deny, nothing allowed', 'deny', [], { 22: 'timeout', 80: 'timeout', 54723: 'timeout', 8080: 'timeout' }],
    ['reject by default', 'reject', [80], { 22: 'refused', 80: 'open', 54723: 'refused', 8080: 'refused' }],
  ] as const)('%s', (_name, policy, allowed, expected) => {
    const server = practiceServer()
    if (policy) firewall(server, policy, [...allowed])
    for (const [port, outcome] of Object.entries(expected)) expect([port, connect(server, Number(port))]).toEqual([port, outcome])
  })

  it('after the port moved, 54723 is open and 22 refused', () => {
    const server = practiceServer()
    moveSsh(server)
    expect([connect(server, 22), connect(server, 54723)]).toEqual(['refused', 'open'])
  })

  it('records established sessions (conntrack) until they close', () => {
    const server = practiceServer()
    const id = openConnection(server, 22, 't1')
    firewall(server, 'deny', [])
    expect(server.state.connections).toEqual([{ id, port: 22, terminal: 't1' }])
    closeConnection(server, id)
    expect(server.state.connections).toEqual([])
  })
})

describe('ssh on the PC', () => {
  it('refused and timed out', async () => {
    const server = practiceServer()
    const pc = practicePc(server)
    expect(await run(pc, 'ssh -p 54723 student@203.0.113.10', { tty: true })).toMatchObject({ stderr: 'ssh: connect to host 203.0.113.10 port 54723: Connection refused\n', exitCode: 255 })
    firewall(server, 'deny', [80])
    const before = server.now()
    expect(await run(pc, 'ssh student@203.0.113.10', { tty: true })).toMatchObject({ stderr: 'ssh: connect to host 203.0.113.10 port 22: Connection timed out\n', exitCode: 255 })
    expect(server.now() - before).toBe(133_322)
  })

  it('asks about the host key, then the password, then opens the shell', async () => {
    const server = practiceServer()
    moveSsh(server)
    const pc = practicePc(server)
    const opened: number[] = []
    Object.assign(pc, { openRemoteShell: async (port: number) => (opened.push(port), 0) })
    const first = await run(pc, 'ssh -p 54723 student@203.0.113.10', { answers: ['yes', 'wrong', 'student'] })
    expect(first.screen).toBe(
      "The authenticity of host '[203.0.113.10]:54723 ([203.0.113.10]:54723)' can't be established.\n" +
        'ED25519 key fingerprint is SHA256:qXj81SkbeNAdfaN/TD+dtuebjY1Q2kvN+XqPK8q/C7A.\n' +
        'This key is not known by any other names.\n' +
        'Are you sure you want to continue connecting (yes/no/[fingerprint])? yes\n' +
        "Warning: Permanently added '[203.0.113.10]:54723' (ED25519) to the list of known hosts.\n" +
        "student@203.0.113.10's password: \n" +
        'Permission denied, please try again.\n' +
        "student@203.0.113.10's password: \n",
    )
    expect(opened).toEqual([54723])
    const again = await run(pc, 'ssh -p 54723 student@203.0.113.10', { answers: ['x', 'y', 'z'] })
    expect(again.screen).toBe(
      "student@203.0.113.10's password: \nPermission denied, please try again.\n" +
        "student@203.0.113.10's password: \nPermission denied, please try again.\n" +
        "student@203.0.113.10's password: \nstudent@203.0.113.10: Permission denied (publickey,password).\n",
    )
    expect(again.exitCode).toBe(255)
  })
})

describe('curl on the PC', () => {
  it('HEAD gets nginx’s headers', async () => {
    const server = practiceServer()
    const result = await run(practicePc(server), 'curl -I http://203.0.113.10/')
    expect(result.stdout).toMatch(
      /^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.22\.1\r\nDate: Sun, 29 Nov 2026 06:40:20 GMT\r\nContent-Type: text\/html\r\nContent-Length: 615\r\nLast-Modified: .+ GMT\r\nConnection: keep-alive\r\nETag: "[0-9a-f]+-267"\r\nAccept-Ranges: bytes\r\n\r\n$/,
    )
  })

  it('GET gets the default page', async () => {
    const result = await run(practicePc(practiceServer()), 'curl http://203.0.113.10/')
    expect(result.stdout).toContain('<title>Welcome to nginx!</title>')
  })

  it.each([
    ['curl http://203.0.113.10:8080/', undefined, 'curl: (7) Failed to connect to 203.0.113.10 port 8080 after 0 ms: Couldn\'t connect to server\n', 7],
    ['curl -I http://203.0.113.10/', 'deny', "curl: (28) Failed to connect to 203.0.113.10 port 80 after 133322 ms: Couldn't connect to server\n", 28],
    ['curl --connect-timeout 3 -I http://203.0.113.10/', 'deny', 'curl: (28) Failed to connect to 203.0.113.10 port 80 after 3004 ms: Timeout was reached\n', 28],
    ['curl http://example.invalid/', undefined, 'curl: (6) Could not resolve host: example.invalid\n', 6],
  ] as const)('%s (%s)', async (line, policy, stderr, code) => {
    const server = practiceServer()
    if (policy) firewall(server, policy, [54723])
    expect(await run(practicePc(server), line)).toMatchObject({ stderr, exitCode: code })
  })
})
