/**
 * apt remove, purge and autoremove on the practice server against real Debian 12: every scenario of
 * recorded/remove.json (made by record-remove.ts in the lab, see recorded/README.md) is replayed
 * step by step on a fresh practice machine, the same commands the same way (a learner's terminal
 * through sudo, or without a terminal), and each output and exit code must equal the recording's
 * after the same normalisation. Then what the recordings cannot show: the state behind them.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDpkgQuery } from '../../../checker/parsers/dpkg-query.ts'
import { isFsError, rootCred } from '../../../src/sandbox/fs/types.ts'
import type { PracticeMachine } from '../../../src/sandbox/index.ts'
import { bootServer } from '../../../src/sandbox/machine/units.ts'
import { createLoginShell } from '../../../src/sandbox/shell/index.ts'
import { stripTerminal } from '../../lab/normalise.ts'
import { learnerTerminal, newPractice, Terminal } from '../_practice.ts'

interface Step {
  command: string
  via: 'terminal' | 'pipe'
  user?: 'root' | 'learner'
  answer?: string
  setup?: true
  exitCode?: number
  output?: string
  stdout?: string
  stderr?: string
}

interface Scenario {
  name: string
  steps: Step[]
}

const recording = JSON.parse(readFileSync(new URL('recorded/remove.json', import.meta.url), 'utf8')) as { scenarios: Scenario[] }

/**
 * What differs between any two runs or machines and nothing else: dpkg's database count (the lab's
 * base has other packages), the host name, the download's speed and time, and where a .deb comes
 * from (the lab's local repositories, the practice machine's mirror). Sizes, versions, names and
 * order stay as recorded.
 */
function normalise(text: string): string {
  return stripTerminal(text)
    .replace(/\bwebserver\b/g, '<hostname>')
    .replace(/\(Reading database \.\.\. \d+ files and directories currently installed\.\)/g, '(Reading database ... <count> files and directories currently installed.)')
    .replace(/^(Fetched \S+ \S+) in \d+s \([^)]*\)$/gm, '$1 in <duration> (<speed>)')
    .replace(/^(Get:\d+) http:\/\/mirror\.example\/\S+ \S+ amd64 (\S+) \S+ /gm, '$1 <repository> $2 ')
    .replace(/^(Get:\d+) copy:\S+ \.\/ (\S+) /gm, '$1 <repository> $2 ')
    .trimEnd()
}

/** A command as the lab's `machine.exec` runs it: no terminal, stdout and stderr apart. */
async function captured(practice: PracticeMachine, user: 'root' | 'learner', line: string): Promise<{ stdout: string; stderr: string; status: number }> {
  const { server } = practice.world
  const shell = createLoginShell({ system: server, user: server.user(user === 'root' ? 'root' : 'student')!, env: { LANG: 'C.UTF-8' } })
  return shell.runCaptured(line)
}

/** Setup steps the practice machine has no program for, done to its state directly. */
function setupByHand(practice: PracticeMachine, command: string): boolean {
  const { server } = practice.world
  const marked = /^apt-mark manual (.+)$/.exec(command)
  if (marked) {
    for (const name of (marked[1] as string).split(' ')) {
      const state = server.state.packages[name]
      if (state) state.manual = true
    }
    return true
  }
  // The lab's second repository for nano: the practice machine's mirror has nano already.
  return command.includes('apt-ftparchive')
}

async function replay(practice: PracticeMachine, terminal: Terminal, step: Step): Promise<Pick<Step, 'exitCode' | 'output' | 'stdout' | 'stderr'>> {
  if (step.via === 'terminal') {
    const ran = await terminal.run(step.command, step.answer === undefined ? [] : [step.answer])
    return { exitCode: ran.code, output: normalise(ran.output) }
  }
  const ran = await captured(practice, step.user ?? 'root', step.command)
  return { exitCode: ran.status, stdout: normalise(ran.stdout), stderr: normalise(ran.stderr) }
}

function expected(step: Step): Pick<Step, 'exitCode' | 'output' | 'stdout' | 'stderr'> {
  if (step.via === 'terminal') return { exitCode: step.exitCode, output: normalise(step.output ?? '') }
  return { exitCode: step.exitCode, stdout: normalise(step.stdout ?? ''), stderr: normalise(step.stderr ?? '') }
}

describe('remove, purge and autoremove as recorded on Debian 12', () => {
  it.each(recording.scenarios.map((scenario) => [scenario.name, scenario] as const))('%s', async (_name, scenario) => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    for (const step of scenario.steps) {
      if (step.setup) {
        if (setupByHand(practice, step.command)) continue
        const ran = await captured(practice, 'root', step.command)
        expect(ran.status, `setup: ${step.command}\n${ran.stdout}${ran.stderr}`).toBe(0)
        continue
      }
      expect(await replay(practice, terminal, step), `${step.via}: ${step.command}`).toEqual(expected(step))
    }
  })
})

describe('what removing leaves behind (the state under the recorded outputs)', () => {
  const read = (practice: PracticeMachine, path: string): string | undefined => {
    const text = practice.world.server.fs.readFile(path, rootCred)
    return typeof text === 'string' ? text : undefined
  }

  it('remove keeps a locked-out learner locked out after a reinstall and a reboot; purge starts over', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    const { server } = practice.world
    await terminal.run('sudo apt install -y ufw')
    await terminal.run('sudo ufw --force enable')
    expect(server.state.firewall.loaded).toBe(true)

    // The prerm's `ufw-init stop` unloads the firewall; ufw.conf (ENABLED=yes) and the rules stay.
    expect((await terminal.run('sudo apt remove -y ufw')).code).toBe(0)
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.command('ufw')).toBeUndefined()
    expect(read(practice, '/etc/ufw/ufw.conf')).toContain('\nENABLED=yes\n')
    expect(server.fs.exists('/lib/systemd/system/ufw.service')).toBe(false)
    // The enable symlink stays, dangling, until the purge (deb-systemd-helper purge).
    expect(isFsError(server.fs.lstat('/etc/systemd/system/multi-user.target.wants/ufw.service', rootCred))).toBe(false)
    bootServer(server)
    expect(server.state.firewall.loaded).toBe(false)

    // A reinstall starts nothing (the lab's iptables still showed policy ACCEPT) …
    const again = await terminal.run('sudo apt install -y ufw')
    expect(again.output).not.toContain('Creating config file')
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.state.units['ufw.service']?.active).toBe('inactive')
    // … but the next boot loads the kept rules: the lockout is back (the SSH session is gone: the console).
    bootServer(server)
    expect(server.state.firewall.loaded).toBe(true)

    const console = new Terminal(practice, 'console')
    expect((await console.run('sudo apt purge -y ufw', ['student'])).code).toBe(0)
    expect(server.state.firewall.loaded).toBe(false)
    expect(server.fs.exists('/etc/ufw/ufw.conf')).toBe(false)
    expect(server.fs.exists('/etc/ufw/user.rules')).toBe(false)
    expect(isFsError(server.fs.lstat('/etc/systemd/system/multi-user.target.wants/ufw.service', rootCred))).toBe(true)
    const fresh = await console.run('sudo apt install -y ufw')
    expect(fresh.output).toContain('Creating config file /etc/ufw/before.rules with new version\n')
    expect(fresh.output).toContain('Created symlink /etc/systemd/system/multi-user.target.wants/ufw.service → /lib/systemd/system/ufw.service.\n')
    expect(read(practice, '/etc/ufw/ufw.conf')).toContain('\nENABLED=no\n')
    bootServer(server)
    expect(server.state.firewall.loaded).toBe(false)
  })

  it('unattended-upgrades: remove leaves the periodic settings and dpkg says rc; purge forgets them so a reinstall creates them again', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    const { server } = practice.world
    await terminal.run('sudo apt install -y unattended-upgrades')
    await terminal.run('sudo apt remove -y unattended-upgrades')
    const query = await captured(practice, 'root', "dpkg-query -W -f '${Package}\\t${db:Status-Abbrev}\\n' unattended-upgrades")
    expect(parseDpkgQuery(query.stdout)).toEqual({ 'unattended-upgrades': 'config-files' })
    expect(read(practice, '/etc/apt/apt.conf.d/20auto-upgrades')).toBe('APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n')
    await terminal.run('sudo apt purge -y unattended-upgrades')
    expect(read(practice, '/var/lib/ucf/hashfile') ?? '').not.toContain('/etc/apt/apt.conf.d/')
    expect(server.fs.exists('/var/lib/unattended-upgrades')).toBe(false)
    const reinstall = await terminal.run('sudo apt install -y unattended-upgrades')
    expect(reinstall.output).toContain('Creating config file /etc/apt/apt.conf.d/20auto-upgrades with new version\n')
    expect(reinstall.output).toContain('Creating config file /etc/apt/apt.conf.d/50unattended-upgrades with new version\n')
  })

  it('nano goes and comes back', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    await terminal.run('sudo apt remove -y nano')
    expect((await terminal.run('nano /tmp/x')).output).toMatch(/nano: command not found\n$/)
    await terminal.run('sudo apt install -y nano')
    expect(practice.world.server.command('nano')).toBeDefined()
    expect(practice.world.server.state.packages.nano).toEqual({ version: '7.2-1+deb12u1', arch: 'amd64', status: 'installed', manual: true })
  })

  it('says "apt autoremove" without sudo when sudo started the shell (sudo -i; seen in the lab)', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    await terminal.run('sudo apt install -y ufw')
    await terminal.run('sudo -i')
    expect((await terminal.run('apt-get -s remove ufw')).output).toContain("\nUse 'apt autoremove' to remove them.\n")
    await terminal.run('exit')
    expect((await terminal.run('sudo apt-get -s remove ufw')).output).toContain("\nUse 'sudo apt autoremove' to remove them.\n")
  })

  it('refuses, in its own words, to take away base packages it does not model', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    const refused = await terminal.run('sudo apt remove -y nginx')
    expect(refused.code).toBe(100)
    expect(refused.output).toMatch(/^練習用サーバーでは nginx の削除は再現していません。.*\(removing nginx is not simulated in the practice machine;/m)
    expect(practice.world.server.state.packages.nginx?.status).toBe('installed')
    expect(practice.world.server.state.units['nginx.service']?.active).toBe('active')
  })
})
