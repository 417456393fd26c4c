/**
 * Lesson 3 as the learner types it, then what the checker reads from the result (its own
 * parsers over the files and outputs), what the simulated network lets through, and the
 * questions ufw asks on a terminal (under SSH and on the console).
 */
import { describe, expect, it } from 'vitest'
import { parseUfwRules } from '../../../checker/parsers/ufw-rules.ts'
import { parseUfwStatus } from '../../../checker/parsers/ufw-status.ts'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { filterIncoming, loadFirewall, unloadFirewall } from '../../../src/sandbox/machine/firewall.ts'
import { installUfwFiles, pristineRules, purgeUfwFiles, removeUfwFiles } from '../../../src/sandbox/machine/ufw-package.ts'
import { run, serverWithUfw } from './helpers.ts'

const ssh = { SSH_CONNECTION: '198.51.100.7 50000 203.0.113.10 54723' }

const statusActive = `Status: active

To                         Action      From
--                         ------      ----
54723                      ALLOW       Anywhere                  
80                         ALLOW       Anywhere                  
54723 (v6)                 ALLOW       Anywhere (v6)             
80 (v6)                    ALLOW       Anywhere (v6)             

`

describe('lesson 3 on the practice server', () => {
  it('runs as the golden transcript shows and leaves rules the checker reads', async () => {
    const server = serverWithUfw()
    const steps: Array<[string, string]> = [
      ['ufw status', 'Status: inactive\n'],
      ['ufw default deny', "Default incoming policy changed to 'deny'\n(be sure to update your rules accordingly)\n"],
      ['ufw allow 54723', 'Rules updated\nRules updated (v6)\n'],
      ['ufw allow 80', 'Rules updated\nRules updated (v6)\n'],
      ['ufw show added', "Added user rules (see 'ufw status' for running firewall):\nufw allow 54723\nufw allow 80\n"],
      ['ufw status numbered', 'Status: inactive\n'],
    ]
    for (const [line, out] of steps) expect((await run(server, line)).stdout).toBe(out)
    expect(filterIncoming(server, 22, 'tcp')).toBe('accept')

    const enable = await run(server, 'ufw enable', { env: ssh, answers: ['y'] })
    expect(enable.screen).toBe('Command may disrupt existing ssh connections. Proceed with operation (y|n)? y\nFirewall is active and enabled on system startup\n')
    expect((await run(server, 'ufw status')).stdout).toBe(statusActive)

    const verbose = (await run(server, 'ufw status verbose')).stdout
    expect(parseUfwStatus(verbose)).toEqual({ active: true, defaultIncoming: 'deny' })
    const rules = parseUfwRules(server.fs.readFile('/etc/ufw/user.rules', rootCred) as string, false)
    const rules6 = parseUfwRules(server.fs.readFile('/etc/ufw/user6.rules', rootCred) as string, true)
    expect(rules.skipped).toEqual([])
    expect([...rules.rules, ...rules6.rules]).toEqual([
      { action: 'allow', direction: 'in', proto: 'any', ports: [{ from: 54723, to: 54723 }], source: '0.0.0.0/0', destination: '0.0.0.0/0', v6: false },
      { action: 'allow', direction: 'in', proto: 'any', ports: [{ from: 80, to: 80 }], source: '0.0.0.0/0', destination: '0.0.0.0/0', v6: false },
      { action: 'allow', direction: 'in', proto: 'any', ports: [{ from: 54723, to: 54723 }], source: '::/0', destination: '::/0', v6: true },
      { action: 'allow', direction: 'in', proto: 'any', ports: [{ from: 80, to: 80 }], source: '::/0', destination: '::/0', v6: true },
    ])
    expect(server.fs.readFile('/etc/ufw/ufw.conf', rootCred)).toContain('\nENABLED=yes\n')

    // The checker's fallback sees the chain while ufw runs.
    const chain = await run(server, 'iptables -n -L ufw-user-input')
    expect(chain.exitCode).toBe(0)
    expect(chain.stdout.split('\n')[0]).toBe('Chain ufw-user-input (1 references)')

    expect(filterIncoming(server, 22, 'tcp')).toBe('drop')
    expect(filterIncoming(server, 54723, 'tcp')).toBe('accept')
    expect(filterIncoming(server, 80, 'tcp')).toBe('accept')
    expect(filterIncoming(server, 80, 'tcp', true)).toBe('accept')
    expect(filterIncoming(server, 443, 'tcp', true)).toBe('drop')

    // A rule added while ufw runs takes effect at once, as iptables -A does.
    expect((await run(server, 'ufw allow 8080/tcp')).stdout).toBe('Rule added\nRule added (v6)\n')
    expect(filterIncoming(server, 8080, 'tcp')).toBe('accept')
    expect(filterIncoming(server, 8080, 'udp')).toBe('drop')
    expect((await run(server, 'ufw delete allow 8080/tcp')).stdout).toBe('Rule deleted\nRule deleted (v6)\n')
    expect(filterIncoming(server, 8080, 'tcp')).toBe('drop')

    expect((await run(server, 'ufw default reject')).stdout).toBe("Default incoming policy changed to 'reject'\n(be sure to update your rules accordingly)\n")
    expect(filterIncoming(server, 22, 'tcp')).toBe('reject')

    expect((await run(server, 'ufw disable')).stdout).toBe('Firewall stopped and disabled on system startup\n')
    expect(filterIncoming(server, 22, 'tcp')).toBe('accept')
    expect((await run(server, 'ufw status verbose')).stdout).toBe('Status: inactive\n')
    expect(await run(server, 'iptables -n -L ufw-user-input')).toMatchObject({ exitCode: 1, stderr: 'iptables: No chain/target/match by that name.\n' })
  })

  it('answers n to the SSH question: Aborted, nothing changes', async () => {
    const server = serverWithUfw()
    const result = await run(server, 'ufw enable', { env: ssh, answers: ['n'] })
    expect(result.screen).toBe('Command may disrupt existing ssh connections. Proceed with operation (y|n)? n\nAborted\n')
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.fs.readFile('/etc/ufw/ufw.conf', rootCred)).toContain('\nENABLED=no\n')
  })

  it('does not ask on the console or with --force', async () => {
    const console = serverWithUfw()
    expect((await run(console, 'ufw enable', { answers: [] })).screen).toBe('Firewall is active and enabled on system startup\n')
    const forced = serverWithUfw()
    expect((await run(forced, 'ufw --force enable', { env: ssh, answers: [] })).screen).toBe('Firewall is active and enabled on system startup\n')
  })

  it('locks the learner out when 54723 is not allowed (deny by default)', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw --force enable')
    expect(filterIncoming(server, 54723, 'tcp')).toBe('drop')
    expect(filterIncoming(server, 22, 'tcp')).toBe('drop')
  })

  it('limit accepts; from ADDR matches only that client', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw limit 54723/tcp')
    await run(server, 'ufw allow from 198.51.100.0/24 to any port 22 proto tcp')
    await run(server, 'ufw --force enable')
    expect(filterIncoming(server, 54723, 'tcp')).toBe('accept')
    expect(filterIncoming(server, 22, 'tcp', false, '198.51.100.7')).toBe('accept')
    expect(filterIncoming(server, 22, 'tcp', false, '192.0.2.1')).toBe('drop')
    expect(filterIncoming(server, 22, 'tcp')).toBe('drop')
  })

  it('IPV6=no loads no v6 rules', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw allow 80')
    const defaults = server.fs.readFile('/etc/default/ufw', rootCred) as string
    server.fs.writeFile('/etc/default/ufw', defaults.replace('IPV6=yes', 'IPV6=no'), rootCred)
    loadFirewall(server)
    expect(filterIncoming(server, 80, 'tcp', true)).toBe('drop')
    expect(filterIncoming(server, 80, 'tcp')).toBe('accept')
    unloadFirewall(server)
    expect(filterIncoming(server, 80, 'tcp', true)).toBe('accept')
  })
})

describe('questions on a terminal', () => {
  it('delete N asks with the rule as ufw would add it', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw allow 54723')
    await run(server, 'ufw allow 22')
    await run(server, 'ufw --force enable')
    const result = await run(server, 'ufw delete 2', { answers: ['y'] })
    expect(result.screen).toBe('Deleting:\n allow 22\nProceed with operation (y|n)? y\nRule deleted\n')
    const v6 = await run(server, 'ufw delete 3', { answers: ['y'] })
    expect(v6.screen).toBe('Deleting:\n allow 22\nProceed with operation (y|n)? y\nRule deleted (v6)\n')
    expect((await run(server, 'ufw status numbered')).stdout).toBe(`Status: active

     To                         Action      From
     --                         ------      ----
[ 1] 54723                      ALLOW IN    Anywhere                  
[ 2] 54723 (v6)                 ALLOW IN    Anywhere (v6)             

`)
    expect(filterIncoming(server, 22, 'tcp')).toBe('drop')
  })

  it('Ctrl+C at the question aborts', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw allow 22')
    expect((await run(server, 'ufw delete 1', { answers: [] })).stdout).toContain('Aborted\n')
    expect((await run(server, 'ufw show added')).stdout).toContain('ufw allow 22')
  })

  it('insert N puts the rule first', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw allow 54723')
    expect((await run(server, 'ufw insert 1 deny 23')).stdout).toBe('Rules updated\nRules updated (v6)\n')
    expect((await run(server, 'ufw show added')).stdout).toBe("Added user rules (see 'ufw status' for running firewall):\nufw deny 23\nufw allow 54723\n")
  })

  it('reset under SSH asks the wrapped question and backs up with the server clock', async () => {
    const server = serverWithUfw()
    server.state.clock = Date.UTC(2026, 10, 29, 6, 30, 0)
    await run(server, 'ufw allow 54723')
    await run(server, 'ufw --force enable')
    const result = await run(server, 'ufw reset', { env: ssh, answers: ['y'] })
    expect(result.screen).toBe(`Resetting all rules to installed defaults. This may disrupt existing ssh
connections. Proceed with operation (y|n)? y
Backing up 'user.rules' to '/etc/ufw/user.rules.20261129_063000'
Backing up 'before.rules' to '/etc/ufw/before.rules.20261129_063000'
Backing up 'after.rules' to '/etc/ufw/after.rules.20261129_063000'
Backing up 'user6.rules' to '/etc/ufw/user6.rules.20261129_063000'
Backing up 'before6.rules' to '/etc/ufw/before6.rules.20261129_063000'
Backing up 'after6.rules' to '/etc/ufw/after6.rules.20261129_063000'

`)
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.fs.readFile('/etc/ufw/user.rules', rootCred)).toBe(pristineRules['user.rules'])
    expect(server.fs.readFile('/etc/ufw/user.rules.20261129_063000', rootCred)).toContain('### tuple ### allow any 54723')
    expect(server.fs.stat('/etc/ufw/user.rules', rootCred)).toMatchObject({ mode: 0o640 })
    expect(await run(server, 'ufw --force reset')).toMatchObject({ exitCode: 1, stderr: "ERROR: '/etc/ufw/user.rules.20261129_063000' already exists. Aborting\n" })
  })
})

describe('the package', () => {
  it('installs the files with the lab modes', () => {
    const server = serverWithUfw()
    const mode = (path: string) => (server.fs.stat(path, rootCred) as { mode: number }).mode
    expect(mode('/usr/sbin/ufw')).toBe(0o755)
    expect(mode('/etc/ufw/user.rules')).toBe(0o640)
    expect(mode('/etc/ufw/user6.rules')).toBe(0o640)
    expect(mode('/etc/ufw/before.rules')).toBe(0o640)
    expect(mode('/etc/ufw/sysctl.conf')).toBe(0o644)
    expect(mode('/etc/default/ufw')).toBe(0o644)
    expect(server.fs.readFile('/lib/systemd/system/ufw.service', rootCred)).toContain('ExecStart=/lib/ufw/ufw-init start quiet\n')
    expect(server.fs.readFile('/etc/default/ufw', rootCred)).toContain('\nDEFAULT_INPUT_POLICY="DROP"\n')
  })

  it('remove keeps the rules and the switches; purge deletes them; the program goes', async () => {
    const server = serverWithUfw()
    await run(server, 'ufw allow 54723')
    await run(server, 'ufw --force enable')
    // ENABLED=yes: the prerm's `ufw-init stop` unloads the firewall and prints nothing.
    expect(removeUfwFiles(server)).toEqual([])
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.command('ufw')).toBeUndefined()
    expect(server.fs.readFile('/etc/ufw/user.rules', rootCred)).toContain('54723')
    installUfwFiles(server)
    expect(server.fs.readFile('/etc/ufw/user.rules', rootCred)).toContain('54723')
    expect(removeUfwFiles(server)).toEqual([])
    purgeUfwFiles(server)
    expect(server.fs.exists('/etc/ufw/user.rules')).toBe(false)
    expect(server.fs.exists('/etc/ufw/ufw.conf')).toBe(false)
    expect(server.fs.exists('/etc/default/ufw')).toBe(false)
    expect(server.fs.exists('/etc/ufw/applications.d/nginx')).toBe(true)
    expect(server.fs.exists('/usr/sbin/iptables')).toBe(true)
  })
})

describe('under sudo in an SSH session', () => {
  it('still asks: sudo drops SSH_CONNECTION, but the terminal is a pts', async () => {
    const server = serverWithUfw().viewFor({ id: 'ssh-1', ttyName: 'pts/0', openShell: async () => 0 })
    const result = await run(server, 'ufw enable', { answers: ['y'] })
    expect(result.screen).toBe('Command may disrupt existing ssh connections. Proceed with operation (y|n)? y\nFirewall is active and enabled on system startup\n')
  })

  it('does not ask on the console (tty1)', async () => {
    const server = serverWithUfw().viewFor({ id: 'console', ttyName: 'tty1', openShell: async () => 0 })
    expect((await run(server, 'ufw enable', { answers: [] })).screen).toBe('Firewall is active and enabled on system startup\n')
  })
})
