/**
 * The practice world as a learner lives in it: sudo's password and its memory per terminal, the
 * two vantage points (the server over SSH and the PC), a lockout survived thanks to the open
 * session and repaired from the provider's console, a reboot that ends every SSH session, and a
 * machine saved and restored across a reload.
 */
import { describe, expect, it } from 'vitest'
import { createPractice } from '../../src/sandbox/index.ts'
import { learnerTerminal, newPractice, runAsRoot, Terminal, testNow } from './_practice.ts'

describe('sudo', () => {
  it.each([
    // The password is not echoed; Enter still moves to the next line.
    ['the right password runs the command as root', ['student'], 0, '[sudo] password for student: \nroot\n'],
    ['a wrong one is asked again', ['nope', 'student'], 0, '[sudo] password for student: \nSorry, try again.\n[sudo] password for student: \nroot\n'],
    ['three wrong ones give up', ['a', 'b', 'c'], 1, '[sudo] password for student: \nSorry, try again.\n[sudo] password for student: \nSorry, try again.\n[sudo] password for student: \nsudo: 3 incorrect password attempts\n'],
    ['Ctrl+C at the prompt ends sudo', [], 1, '[sudo] password for student: '],
  ] as const)('%s', async (_name, answers, code, output) => {
    const terminal = new Terminal(newPractice())
    const ran = await terminal.run('sudo whoami', answers)
    expect(ran).toEqual({ code, output })
  })

  it('remembers the password per terminal, as real sudo does per tty', async () => {
    const practice = newPractice()
    const first = await learnerTerminal(practice)
    expect(await first.run('sudo whoami')).toEqual({ code: 0, output: 'root\n' })
    const second = new Terminal(practice)
    expect((await second.run('sudo whoami', ['student'])).output).toBe('[sudo] password for student: \nroot\n')
  })

  it('finds sbin programs through secure_path, and says so when there is none', async () => {
    const terminal = await learnerTerminal(newPractice())
    expect(await terminal.run('sshd -t')).toEqual({ code: 127, output: 'bash: sshd: command not found\n' })
    expect(await terminal.run('sudo sshd -t')).toEqual({ code: 0, output: '' })
    expect(await terminal.run('sudo ufw status')).toEqual({ code: 1, output: 'sudo: ufw: command not found\n' })
  })

  const unsimulated = '練習用サーバーでは再現していないコマンドです。本物の Debian 12 にはあります (not simulated in the practice machine; a real Debian 12 server has it)'
  it.each([
    // what a real Debian 12 server has, on the learner's PATH, that the practice machine does not simulate
    ['df -h', `bash: df: ${unsimulated}\n`, 127],
    ['vi /etc/ssh/sshd_config', `bash: vi: ${unsimulated}\n`, 127],
    ['ip a', `bash: ip: ${unsimulated}\n`, 127],
    ['sudo useradd bob', `sudo: useradd: ${unsimulated}\n`, 1],
    ['echo | xargs free', `bash: free: ${unsimulated}\n`, 127],
    // what a real server lacks too: a typo, a program not installed, an sbin program off the PATH
    ['dff', 'bash: dff: command not found\n', 127],
    ['vim x', 'bash: vim: command not found\n', 127],
    ['useradd bob', 'bash: useradd: command not found\n', 127],
    ['sudo ufw status', 'sudo: ufw: command not found\n', 1],
  ])('%s: says whether a real server has the program', async (line, output, code) => {
    const terminal = await learnerTerminal(newPractice())
    expect(await terminal.run('sudo true')).toMatchObject({ code: 0 })
    expect(await terminal.run(line)).toEqual({ code, output })
  })

  it('sudo -i opens a root shell that exit leaves', async () => {
    const terminal = await learnerTerminal(newPractice())
    await terminal.run('sudo -i')
    expect(terminal.prompt()).toBe('root@webserver:~# ')
    await terminal.run('exit')
    expect(terminal.prompt()).toBe('student@webserver:~$ ')
  })
})

describe('check inside the machine', () => {
  it('without sudo, what needs root is unknown; with sudo the report is whole', async () => {
    const terminal = await learnerTerminal(newPractice())
    const plain = await terminal.run('check --json')
    const asRoot = await terminal.run('sudo check --json')
    const statuses = (output: string) => Object.fromEntries((JSON.parse(output) as { results: Array<{ id: string; status: string }> }).results.map((r) => [r.id, r.status]))
    expect(statuses(plain.output)['ssh.config-valid']).toBe('unknown')
    expect(statuses(asRoot.output)['ssh.config-valid']).toBe('pass')
    expect(asRoot.code).toBe(1)
  })
})

describe('the learner PC and the server', () => {
  it('the server tab starts logged in over SSH; exit returns to the PC', async () => {
    const terminal = new Terminal(newPractice())
    expect(terminal.banner).toMatch(/^Linux webserver 6\.1\.0-28-amd64 .*\n\nThe programs included with the Debian GNU\/Linux system/)
    expect(terminal.prompt()).toBe('student@webserver:~$ ')
    expect((await terminal.run('echo $SSH_CONNECTION')).output).toMatch(/^198\.51\.100\.23 \d+ 203\.0\.113\.10 22\n$/)
    expect((await terminal.run('exit')).output).toBe('logout\nConnection to 203.0.113.10 closed.\n')
    expect(terminal.prompt()).toBe('student@my-pc:~$ ')
  })

  it('ssh on a port nothing listens on is refused; the known server logs in with its password', async () => {
    const pc = new Terminal(newPractice(), 'pc')
    expect(await pc.run('ssh -p 54723 student@203.0.113.10')).toEqual({ code: 255, output: 'ssh: connect to host 203.0.113.10 port 54723: Connection refused\n' })
    const login = await pc.run('ssh student@203.0.113.10', ['student'])
    expect(login.output).toMatch(/^student@203\.0\.113\.10's password: \nLinux webserver /)
    expect(pc.prompt()).toBe('student@webserver:~$ ')
  })

  it('a lockout: the open session lives on (conntrack), new logins time out, the console repairs it', async () => {
    const practice = newPractice()
    const server = await learnerTerminal(practice)
    for (const command of ['sudo apt install ufw -y', 'sudo ufw default deny', 'sudo ufw allow 80']) expect((await server.run(command)).code).toBe(0)
    expect((await server.run('sudo ufw enable', ['y'])).output).toBe('Command may disrupt existing ssh connections. Proceed with operation (y|n)? y\nFirewall is active and enabled on system startup\n')
    expect(await server.run('echo still here')).toEqual({ code: 0, output: 'still here\n' })
    expect((await practice.verify()).lockedOut).toBe(true)

    const pc = new Terminal(practice, 'pc')
    expect(await pc.run('ssh student@203.0.113.10')).toEqual({ code: 255, output: 'ssh: connect to host 203.0.113.10 port 22: Connection timed out\n' })
    expect((await pc.run('curl -I http://203.0.113.10/')).output).toMatch(/^HTTP\/1\.1 200 OK/)

    const console = new Terminal(practice, 'console')
    expect(console.banner).toContain('Debian GNU/Linux 12 webserver tty1')
    const repaired = await console.run('sudo ufw allow 22/tcp', ['student'])
    expect(repaired.output).toBe('[sudo] password for student: \nRule added\nRule added (v6)\n')
    expect((await practice.verify()).lockedOut).toBe(false)
    expect((await pc.run('ssh student@203.0.113.10', ['student'])).code).toBe(0)
    expect(pc.prompt()).toBe('student@webserver:~$ ')
  })

  it('a reboot ends every SSH session and the console logs in again', async () => {
    const practice = newPractice()
    const server = await learnerTerminal(practice)
    const other = new Terminal(practice)
    const console = new Terminal(practice, 'console')
    const reboot = await server.run('sudo reboot')
    expect(reboot.output).toBe('Connection to 203.0.113.10 closed by remote host.\nConnection to 203.0.113.10 closed.\n')
    expect(server.prompt()).toBe('student@my-pc:~$ ')
    expect(other.shell.prompt()).toBe('student@webserver:~$ ')
    expect((other.shell as unknown as { takeNotice(): string }).takeNotice()).toBe('Connection to 203.0.113.10 closed by remote host.\nConnection to 203.0.113.10 closed.\n')
    expect(other.prompt()).toBe('student@my-pc:~$ ')
    expect((console.shell as unknown as { takeNotice(): string }).takeNotice()).toContain('webserver login: student')
    expect((await server.run('ssh student@203.0.113.10', ['student'])).code).toBe(0)
  })
})

describe('saving and restoring', () => {
  it('a reload finds the server as the learner left it', async () => {
    const practice = newPractice()
    await runAsRoot(practice, "sed -i 's/^#Port 22/Port 54723/' /etc/ssh/sshd_config\nsystemctl reload ssh\napt-get install -y ufw")
    const restored = createPractice({ now: testNow + 86_400_000, saved: practice.save() })
    const terminal = await learnerTerminal(restored)
    expect((await terminal.run('grep -n ^Port /etc/ssh/sshd_config')).output).toBe('14:Port 54723\n')
    expect((await terminal.run('sudo ufw status')).output).toBe('Status: inactive\n')
    expect((await restored.verify()).statuses).toEqual((await practice.verify()).statuses)
  })

  it('a reload keeps what apt removed: config files left ("rc"), packages no longer required', async () => {
    const practice = newPractice()
    await runAsRoot(practice, 'apt-get install -y ufw\napt-get remove -y ufw')
    const restored = createPractice({ now: testNow + 86_400_000, saved: practice.save() })
    const terminal = await learnerTerminal(restored)
    expect((await terminal.run('dpkg -l ufw | tail -1')).output).toMatch(/^rc {2}ufw /)
    expect((await terminal.run('ls /etc/ufw/ufw.conf')).output).toBe('/etc/ufw/ufw.conf\n')
    expect((await terminal.run('sudo ufw status')).output).toBe('sudo: ufw: command not found\n')
    expect((await terminal.run('sudo apt-get -s autoremove')).output).toContain('Remv iptables [')
    expect((await restored.verify()).statuses).toEqual((await practice.verify()).statuses)
  })

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ version: 99, server: {}, pc: {} })],
    ['a damaged machine', JSON.stringify({ version: 1, server: { version: 1 }, pc: { kind: 'dir' } })],
  ])('refuses a save that is %s, with a reason', (_name, saved) => {
    expect(() => createPractice({ now: testNow, saved })).toThrow(/saved practice machine/)
  })
})
