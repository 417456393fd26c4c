/**
 * Issue 4, item 5: the mistakes learners make (shared/PITFALLS.md), each on a fresh copy of the
 * learner's server, on every release the lab boots (Debian 12 and 13). Each case does the lesson's own steps with one thing wrong, asserts the
 * checker's verdict and hint, looks from outside, then follows the checker's fix and asserts
 * that the verdict agrees with what the host really sees.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { course } from '../../src/shared/course.ts'
import { recipes, testedReleases, type Release } from './config.ts'
import type { LabMachine } from './machine.ts'
import { probePort } from './probe.ts'
import { solverOf } from './scenarios.ts'
import { bootLab } from './session.ts'
import { describeResults, ensureCheckerBundle, labSkipReason, runCheck, type CheckResult } from './support.ts'

const skipReason = labSkipReason()
const checker = skipReason ? {} : await ensureCheckerBundle()
const reason = skipReason ?? checker.reason
if (reason) console.warn(`[lab] learner mistakes skipped: ${reason}`)

const solveOf = solverOf(skipReason ? [] : await loadLessons())

const { sshPort, defaultSshPort } = course

const releaseCases = testedReleases().map((release) => [recipes[release].label, release] as const)

;(reason ? describe.skip : describe).each(releaseCases)(`learner mistakes on a real %s${reason ? ` (skipped: ${reason})` : ''}`, (label: string, release: Release) => {
  let machine: LabMachine | undefined

  afterEach(async () => {
    await machine?.dispose()
    machine = undefined
  })

  async function boot(): Promise<LabMachine> {
    machine = await bootLab(checker.bundle, undefined, release)
    return machine
  }

  async function sh(m: LabMachine, script: string): Promise<void> {
    const result = await m.exec('sh -e', { input: script, timeoutMs: 300_000, allowFail: true })
    expect(result.code, `script failed:\n${script}\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`).toBe(0)
  }

  async function verdicts(m: LabMachine, ids: string[]): Promise<Map<string, CheckResult>> {
    const { results } = await runCheck(m, ids, { extra: ['--lang', 'en'] })
    return new Map(results.map((r) => [r.id, r]))
  }

  /** Runs the checker's fix commands as the learner would (as root here, without `sudo`). */
  async function followFix(m: LabMachine, fix: readonly string[] | undefined): Promise<void> {
    expect(fix?.length, 'the checker gives no fix command').toBeTruthy()
    for (const command of fix!) {
      expect(command, 'a fix command the lab cannot run unattended').not.toMatch(/<|dpkg-reconfigure|nano/)
      await sh(m, command.replace(/^sudo /, ''))
    }
  }

  function expectStatus(results: Map<string, CheckResult>, id: string, status: CheckResult['status']): CheckResult {
    const result = results.get(id)
    expect(result, `no result for ${id}`).toBeDefined()
    expect(result!.status, `${id}:\n${describeResults([...results.values()])}`).toBe(status)
    return result!
  }

  it('ufw enabled before 54723 is allowed: guard.lockout fails and SSH on 54723 really times out', async () => {
    const m = await boot()
    await sh(m, [solveOf('edit-port'), solveOf('reload-sshd'), solveOf('install-ufw')].join('\n'))
    await sh(m, 'ufw default deny incoming\nufw allow 80\nufw --force enable')
    const results = await verdicts(m, ['guard.lockout', 'firewall.allow-ssh', 'firewall.active'])
    const lockout = expectStatus(results, 'guard.lockout', 'fail')
    expect(lockout.hint).toContain(`ufw allow ${sshPort}`)
    expect(lockout.fix).toContain(`sudo ufw allow ${sshPort}/tcp`)
    expectStatus(results, 'firewall.allow-ssh', 'fail')
    expect(await probePort(m.guestAddress, sshPort)).toEqual({ state: 'timeout' })

    await followFix(m, lockout.fix)
    expectStatus(await verdicts(m, ['guard.lockout']), 'guard.lockout', 'pass')
    expect(await probePort(m.guestAddress, sshPort)).toMatchObject({ state: 'open', banner: expect.stringMatching(/^SSH-2\.0-/) })
  })

  it('port changed in sshd_config but sshd not reloaded: ssh.port-applied fails with the reload hint', async () => {
    const m = await boot()
    await sh(m, solveOf('edit-port'))
    const results = await verdicts(m, ['ssh.port-configured', 'ssh.port-listening', 'ssh.port-applied'])
    expectStatus(results, 'ssh.port-configured', 'pass')
    expectStatus(results, 'ssh.port-listening', 'fail')
    const applied = expectStatus(results, 'ssh.port-applied', 'fail')
    expect(applied.hint).toContain('systemctl reload ssh')
    expect(applied.fix).toContain('sudo systemctl reload ssh')
    expect(await probePort(m.guestAddress, defaultSshPort)).toMatchObject({ state: 'open' })
    expect(await probePort(m.guestAddress, sshPort)).toEqual({ state: 'refused' })

    await followFix(m, applied.fix)
    expectStatus(await verdicts(m, ['ssh.port-applied']), 'ssh.port-applied', 'pass')
    expect(await probePort(m.guestAddress, sshPort)).toMatchObject({ state: 'open', banner: expect.stringMatching(/^SSH-2\.0-/) })
  })

  it('sshd socket-activated with the port changed only in sshd_config: the socket hint, and its fix really works', async () => {
    const m = await boot()
    await sh(m, 'systemctl disable --now ssh.service\nsystemctl enable --now ssh.socket')
    await sh(m, solveOf('edit-port'))
    const results = await verdicts(m, ['ssh.port-configured', 'ssh.port-applied', 'ssh.port-listening'])
    expectStatus(results, 'ssh.port-configured', 'pass')
    const applied = expectStatus(results, 'ssh.port-applied', 'fail')
    expect(applied.hint).toContain('ssh.socket')
    expect(await probePort(m.guestAddress, defaultSshPort)).toMatchObject({ state: 'open' })
    expect(await probePort(m.guestAddress, sshPort)).toEqual({ state: 'refused' })

    // Ubuntu 24.04's way does not work on Debian 12: ssh.socket keeps ListenStream=22, and once
    // a connection has started ssh.service from the socket, `restart ssh.socket` is refused
    // ("Socket service ssh.service already active"). The verdict must still agree with the host.
    const ubuntuWay = await m.exec('systemctl daemon-reload && systemctl restart ssh.socket', { allowFail: true })
    console.log(`[lab] daemon-reload + restart ssh.socket on ${label} exits ${ubuntuWay.code}: ${ubuntuWay.stderr.trim()}`)
    await expectVerdictMatchesOutside(m)

    await followFix(m, applied.fix)
    expect(await probePort(m.guestAddress, sshPort)).toMatchObject({ state: 'open', banner: expect.stringMatching(/^SSH-2\.0-/) })
    await expectVerdictMatchesOutside(m)
  })

  async function expectVerdictMatchesOutside(m: LabMachine): Promise<void> {
    const outside = await probePort(m.guestAddress, sshPort)
    const after = await verdicts(m, ['ssh.port-applied', 'ssh.port-listening'])
    const expected = outside.state === 'open' ? 'pass' : 'fail'
    expectStatus(after, 'ssh.port-listening', expected)
    expectStatus(after, 'ssh.port-applied', expected)
  }

  it('unattended-upgrades installed but its periodic settings off: autoupdate.periodic fails, and its fix turns it on', async () => {
    const m = await boot()
    await sh(m, solveOf('enable-auto-updates'))
    await sh(m, `printf '%s\\n' 'APT::Periodic::Update-Package-Lists "0";' 'APT::Periodic::Unattended-Upgrade "0";' > /etc/apt/apt.conf.d/20auto-upgrades`)
    const results = await verdicts(m, ['autoupdate.installed', 'autoupdate.running', 'autoupdate.enabled', 'autoupdate.periodic'])
    expectStatus(results, 'autoupdate.installed', 'pass')
    expectStatus(results, 'autoupdate.running', 'pass')
    expectStatus(results, 'autoupdate.enabled', 'pass')
    const periodic = expectStatus(results, 'autoupdate.periodic', 'fail')
    expect(periodic.hint).toContain('20auto-upgrades')

    // dpkg-reconfigure -plow unattended-upgrades (answered Yes) is what guides suggest, but ucf
    // keeps a hand-edited file on Debian 12: the verdict must agree with what apt really reads.
    await sh(m, 'echo yes | DEBIAN_FRONTEND=teletype dpkg-reconfigure -plow unattended-upgrades')
    const merged = await m.exec('apt-config dump APT::Periodic')
    const on = /Update-Package-Lists "1"/.test(merged.stdout) && /Unattended-Upgrade "1"/.test(merged.stdout)
    console.log(`[lab] ${release}: after dpkg-reconfigure -plow unattended-upgrades (Yes): ${on ? 'on' : 'still off'}`)
    expectStatus(await verdicts(m, ['autoupdate.periodic']), 'autoupdate.periodic', on ? 'pass' : 'fail')

    // The checker's own fix writes the file, which always works.
    await followFix(m, periodic.fix)
    expectStatus(await verdicts(m, ['autoupdate.periodic']), 'autoupdate.periodic', 'pass')
  })

  it('"#Port 54723" left commented out: sshd ignores it, and so does the checker', async () => {
    const m = await boot()
    await sh(m, `sed -i -E 's/^#?Port .*/#Port ${sshPort}/' /etc/ssh/sshd_config\nsshd -t\nsystemctl reload ssh`)
    const results = await verdicts(m, ['ssh.config-valid', 'ssh.port-configured', 'ssh.port-listening'])
    expectStatus(results, 'ssh.config-valid', 'pass')
    expectStatus(results, 'ssh.port-configured', 'fail')
    expectStatus(results, 'ssh.port-listening', 'fail')
    expect(results.get('ssh.port-configured')!.hint).toContain('#')
    expect(await probePort(m.guestAddress, sshPort)).toEqual({ state: 'refused' })
  })

  it('a drop-in in sshd_config.d/ says Port 22: sshd listens on both ports, as the checker says', async () => {
    const m = await boot()
    await sh(m, [solveOf('edit-port'), `printf 'Port ${defaultSshPort}\\n' > /etc/ssh/sshd_config.d/10-old.conf`, 'sshd -t', 'systemctl reload ssh'].join('\n'))
    const results = await verdicts(m, ['ssh.port-configured', 'ssh.port-listening', 'ssh.port-applied', 'ssh.port22-closed'])
    expectStatus(results, 'ssh.port-configured', 'pass')
    expectStatus(results, 'ssh.port-listening', 'pass')
    expectStatus(results, 'ssh.port-applied', 'pass')
    expectStatus(results, 'ssh.port22-closed', 'warn')
    expect(await probePort(m.guestAddress, defaultSshPort)).toMatchObject({ state: 'open' })
    expect(await probePort(m.guestAddress, sshPort)).toMatchObject({ state: 'open' })
  })

  it('`systemctl enable ufw` instead of `ufw enable`: ufw.service is active, the firewall is not', async () => {
    const m = await boot()
    await sh(m, [solveOf('install-ufw'), solveOf('configure-rules'), 'systemctl enable --now ufw'].join('\n'))
    const service = await m.exec('systemctl is-active ufw.service', { allowFail: true })
    expect(service.stdout.trim()).toBe('active')
    const results = await verdicts(m, ['firewall.active', 'guard.lockout'])
    const active = expectStatus(results, 'firewall.active', 'fail')
    expect(active.fix).toContain('sudo ufw enable')
    expectStatus(results, 'guard.lockout', 'pass')
    expect(await probePort(m.guestAddress, 8080)).toEqual({ state: 'refused' })
  })

  // Found by this lab: a failed `apt update` still creates and removes files in
  // /var/lib/apt/lists/partial, whose mtime the checker once took as the time of the last refresh.
  it('apt update fails (mirror unreachable): updates.lists-fresh must not pass', async () => {
    const m = await boot()
    expectStatus(await verdicts(m, ['updates.lists-fresh']), 'updates.lists-fresh', 'fail')
    // The mirror goes away: an empty folder over the repository, as a dead network looks to apt.
    await sh(m, 'mkdir -p /run/no-mirror && mount --bind /run/no-mirror /srv/course-repo')
    const update = await m.exec('apt-get update', { allowFail: true })
    expect(update.stdout + update.stderr).toMatch(/Failed to fetch|Some index files failed/)
    const lists = await m.exec('stat -c "%y %n" /var/lib/apt/lists/*Release /var/lib/apt/lists/partial')
    console.log(`[lab] ${release}: after a failed apt update:\n${lists.stdout}`)
    expectStatus(await verdicts(m, ['updates.lists-fresh']), 'updates.lists-fresh', 'fail')
  })
})
