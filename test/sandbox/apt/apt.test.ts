/**
 * apt, dpkg and unattended-upgrades on the practice server against what the lab's real Debian 12
 * printed (recorded/ and the golden transcripts), and what the checker's own parsers read back.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseAptPeriodic } from '../../../checker/parsers/apt-config.ts'
import { parseAptSimulate } from '../../../checker/parsers/apt-simulate.ts'
import { parseDpkgQuery } from '../../../checker/parsers/dpkg-query.ts'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { createLoginShell } from '../../../src/sandbox/shell/index.ts'
import type { PracticeMachine } from '../../../src/sandbox/index.ts'
import { normaliseTranscript } from '../../lab/normalise.ts'
import { learnerTerminal, newPractice } from '../_practice.ts'

const recorded = (name: string): string => readFileSync(new URL(`recorded/${name}`, import.meta.url), 'utf8')

interface Transcript {
  steps: Array<{ entries: Array<{ command: string; output?: string; exitCode?: number }> }>
}

function transcriptOutput(lesson: string, command: string): string {
  const transcript = JSON.parse(readFileSync(new URL(`../../fixtures/transcripts/${lesson}.json`, import.meta.url), 'utf8')) as Transcript
  for (const step of transcript.steps) for (const entry of step.entries) if (entry.command === command && entry.output !== undefined) return entry.output
  throw new Error(`no transcript entry for ${command}`)
}

/** A command as the checker's probes run it: no terminal, stdout and stderr apart. */
async function captured(practice: PracticeMachine, user: 'root' | 'student', line: string): Promise<{ stdout: string; stderr: string; status: number }> {
  const { server } = practice.world
  const shell = createLoginShell({ system: server, user: server.user(user)!, env: { LANG: 'C.UTF-8' } })
  return shell.runCaptured(line)
}

/** The lab's repository lines become the mirror's: the transcripts' Get lines name copy:/srv/course-repo. */
function asLab(output: string): string {
  const mapped = output.replace(/^(Get:\d+) http:\/\/mirror\.example\/\S+ \S+ amd64 (\S+) \S+ /gm, '$1 copy:/srv/course-repo ./ $2 ')
  return normaliseTranscript(mapped, { hostName: 'webserver', addresses: ['203.0.113.10'] })
}

const pipeWarning = '\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n'

describe('apt as the learner without sudo (recorded in the lab)', () => {
  const cases: Array<[string, string, string, number]> = [
    [
      'apt update',
      'Reading package lists...\n',
      `${pipeWarning}E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\nW: Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)\nW: Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)\n`,
      100,
    ],
    [
      'apt-get update',
      'Reading package lists...\n',
      'E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\nE: Unable to lock directory /var/lib/apt/lists/\nW: Problem unlinking the file /var/cache/apt/pkgcache.bin - RemoveCaches (13: Permission denied)\nW: Problem unlinking the file /var/cache/apt/srcpkgcache.bin - RemoveCaches (13: Permission denied)\n',
      100,
    ],
    ['apt upgrade -y', '', `${pipeWarning}E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n`, 100],
    ['apt-get upgrade -y', '', 'E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n', 100],
    ['apt install ufw', '', `${pipeWarning}E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n`, 100],
    [
      'apt-get -s -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= upgrade',
      "NOTE: This is only a simulation!\n      apt-get needs root privileges for real execution.\n      Keep also in mind that locking is deactivated,\n      so don't depend on the relevance to the real current situation!\nReading package lists...\nBuilding dependency tree...\nReading state information...\nCalculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n",
      '',
      0,
    ],
    ['apt list --upgradable', 'Listing...\n', pipeWarning, 0],
    ['dpkg-query -W -f \'${Package}\\t${db:Status-Abbrev}\\n\' unattended-upgrades ufw openssh-server', 'openssh-server\tii \nufw\tun \n', 'dpkg-query: no packages found matching unattended-upgrades\n', 1],
    ['dpkg-query -W -f \'${Package}\\t${Status}\\n\' ufw', 'ufw\tunknown ok not-installed\n', '', 0],
    ['dpkg-query -W nosuch', '', 'dpkg-query: no packages found matching nosuch\n', 1],
    ['dpkg -s ufw', '', "dpkg-query: package 'ufw' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n", 1],
    [
      'dpkg -l ufw',
      'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ Name           Version      Architecture Description\n+++-==============-============-============-=================================\nun  ufw            <none>       <none>       (no description available)\n',
      '',
      0,
    ],
    [
      'dpkg -l nano sudo',
      'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ Name           Version            Architecture Description\n+++-==============-==================-============-=======================================================\nii  nano           7.2-1+deb12u1      amd64        small, friendly text editor inspired by Pico\nii  sudo           1.9.13p3-1+deb12u4 amd64        Provide limited super user privileges to specific users\n',
      '',
      0,
    ],
    ['apt-config dump', recorded('apt-config-dump-before.txt'), '', 0],
  ]
  it.each(cases)('%s', async (line, stdout, stderr, status) => {
    const practice = newPractice()
    const ran = await captured(practice, 'student', line)
    expect(ran.stdout).toBe(stdout)
    expect(ran.stderr).toBe(stderr)
    expect(ran.status).toBe(status)
  })
})

describe('lesson 1 on the practice server', () => {
  it('shows nothing pending on the old lists, then the real updates after apt update, none after the upgrade', async () => {
    const practice = newPractice()
    const before = await captured(practice, 'root', 'apt-get -s -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= upgrade')
    expect(parseAptSimulate(before.stdout)).toEqual({ upgradable: [], keptBack: [], phased: [] })

    const terminal = await learnerTerminal(practice)
    const update = await terminal.run('sudo apt update')
    expect(update.code).toBe(0)
    expect(update.output).toBe(
      [
        'Get:1 http://mirror.example/debian bookworm InRelease [151 kB]',
        'Get:2 http://mirror.example/debian bookworm-updates InRelease [55.4 kB]',
        'Get:3 http://mirror.example/debian-security bookworm-security InRelease [34.8 kB]',
        'Get:4 http://mirror.example/debian-security bookworm-security/main amd64 Packages [383 kB]',
        'Get:5 http://mirror.example/debian-security bookworm-security/main Translation-en [240 kB]',
        'Get:6 http://mirror.example/debian bookworm/main amd64 Packages [8790 kB]',
        'Get:7 http://mirror.example/debian bookworm/main Translation-en [6107 kB]',
        'Get:8 http://mirror.example/debian bookworm-updates/main amd64 Packages [6924 B]',
        'Get:9 http://mirror.example/debian bookworm-updates/main Translation-en [5448 B]',
        'Fetched 15.8 MB in 2s (6794 kB/s)',
        'Reading package lists... Done',
        'Building dependency tree... Done',
        'Reading state information... Done',
        "5 packages can be upgraded. Run 'apt list --upgradable' to see them.",
        '',
      ].join('\n'),
    )
    // apt keeps the mirror's Last-Modified: a few hours old, not the moment of the update.
    const { server } = practice.world
    const stat = server.fs.stat('/var/lib/apt/lists/mirror.example_debian_dists_bookworm-updates_InRelease', rootCred)
    expect('mtime' in stat && server.now() - stat.mtime).toBeGreaterThan(2 * 3600 * 1000)
    expect('mtime' in stat && server.now() - stat.mtime).toBeLessThan(15 * 3600 * 1000)

    const again = await terminal.run('sudo apt update')
    expect(again.output.split('\n').slice(0, 4)).toEqual([
      'Hit:1 http://mirror.example/debian bookworm InRelease',
      'Hit:2 http://mirror.example/debian bookworm-updates InRelease',
      'Hit:3 http://mirror.example/debian-security bookworm-security InRelease',
      'Reading package lists... Done',
    ])

    const pending = await captured(practice, 'root', 'apt-get -s -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= upgrade')
    expect(pending.stdout).toContain('Inst openssh-server [1:9.2p1-2+deb12u7] (1:9.2p1-2+deb12u10 Debian:12.15/oldstable [amd64])\n')
    expect(pending.stdout).toContain('Inst libssl3 [3.0.20-1~deb12u2] (3.0.22-1~deb12u2 Debian-Security:12/oldstable-security [amd64]) []\n')
    expect(parseAptSimulate(pending.stdout)?.upgradable).toEqual(['libssl3', 'openssh-sftp-server', 'openssh-server', 'openssh-client', 'openssl'])

    const listed = await captured(practice, 'student', 'apt list --upgradable')
    expect(listed.stdout).toBe(
      'Listing...\nlibssl3/oldstable-security 3.0.22-1~deb12u2 amd64 [upgradable from: 3.0.20-1~deb12u2]\nopenssh-client/oldstable 1:9.2p1-2+deb12u10 amd64 [upgradable from: 1:9.2p1-2+deb12u7]\nopenssh-server/oldstable 1:9.2p1-2+deb12u10 amd64 [upgradable from: 1:9.2p1-2+deb12u7]\nopenssh-sftp-server/oldstable 1:9.2p1-2+deb12u10 amd64 [upgradable from: 1:9.2p1-2+deb12u7]\nopenssl/oldstable-security 3.0.22-1~deb12u2 amd64 [upgradable from: 3.0.20-1~deb12u2]\n',
    )

    const refused = await terminal.run('sudo apt upgrade', ['n'])
    expect(refused.code).toBe(1)
    expect(refused.output).toMatch(/Do you want to continue\? \[Y\/n\] n\nAbort\.\n$/)
    expect(server.state.packages['openssh-server']?.version).toBe('1:9.2p1-2+deb12u7')

    const sshdBefore = server.state.units['ssh.service']?.mainPid
    const upgrade = await terminal.run('sudo apt upgrade -y')
    expect(upgrade.code).toBe(0)
    expect(upgrade.output).toContain('Get:3 http://mirror.example/debian bookworm/main amd64 openssh-server amd64 1:9.2p1-2+deb12u10 [457 kB]\n')
    expect(upgrade.output).toContain('Unpacking openssh-server (1:9.2p1-2+deb12u10) over (1:9.2p1-2+deb12u7) ...\n')
    expect(upgrade.output).toMatch(/Setting up openssl \(3\.0\.22-1~deb12u2\) \.\.\.\nProcessing triggers for libc-bin \(2\.36-9\+deb12u14\) \.\.\.\n$/)
    // openssh-server's postinst restarted the running daemon.
    expect(server.state.units['ssh.service']?.active).toBe('active')
    expect(server.state.units['ssh.service']?.mainPid).not.toBe(sshdBefore)
    expect(server.fs.exists('/run/reboot-required')).toBe(false)

    const install = await terminal.run('sudo apt install unattended-upgrades -y')
    expect(install.code).toBe(0)
    expect(asLab(install.output)).toBe(transcriptOutput('updates', 'sudo apt install unattended-upgrades -y'))
    expect(server.fs.readFile('/etc/apt/apt.conf.d/20auto-upgrades', rootCred)).toBe('APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n')
    expect(server.state.units['unattended-upgrades.service']?.active).toBe('active')
    expect(server.fs.exists('/etc/systemd/system/multi-user.target.wants/unattended-upgrades.service')).toBe(true)
    expect(server.fs.exists('/usr/bin/unattended-upgrade')).toBe(true)

    const after = await captured(practice, 'root', 'apt-get -s -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= upgrade')
    expect(after.stdout).toBe('Reading package lists...\nBuilding dependency tree...\nReading state information...\nCalculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n')
    expect(parseAptSimulate(after.stdout)).toEqual({ upgradable: [], keptBack: [], phased: [] })

    const dump = await captured(practice, 'root', 'apt-config dump')
    expect(dump.stdout).toBe(recorded('apt-config-dump-after.txt'))
    expect(parseAptPeriodic(dump.stdout)).toEqual({ 'update-package-lists': '1', 'unattended-upgrade': '1' })

    const query = await captured(practice, 'root', "dpkg-query -W -f '${Package}\\t${db:Status-Abbrev}\\n' unattended-upgrades ufw openssh-server")
    expect(query.stdout).toBe('openssh-server\tii \nufw\tun \nunattended-upgrades\tii \n')
    expect(parseDpkgQuery(query.stdout)).toEqual({ 'openssh-server': 'installed', ufw: 'not-installed', 'unattended-upgrades': 'installed' })

    const dryRun = await terminal.run('sudo unattended-upgrade --dry-run --debug')
    // Both pin an index away (the "Marking not allowed" lines): the lab its own repository, a Debian
    // mirror its -updates suite, which Debian 12's allowed origins leave out. The rest is the same.
    const unpinned = (text: string) => text.replace(/^Marking not allowed.*\n|^Applying pin.*\n/gm, '')
    expect(dryRun.output).toMatch(/^Marking not allowed <apt_pkg\.PackageFile object: filename:'\/var\/lib\/apt\/lists\/mirror\.example_debian_dists_bookworm-updates_main_binary-amd64_Packages'/m)
    expect(unpinned(asLab(dryRun.output)).replace(/-6\\\.1\\\.0\\-28\\-amd64\$/g, '-<kernel>$')).toBe(
      transcriptOutput('updates', 'sudo unattended-upgrade --dry-run --debug').replace(/^Marking not allowed.*\n|^Applying pin.*\n/gm, ''),
    )
    expect((await terminal.run('sudo ls /var/log/unattended-upgrades/')).output).toContain('unattended-upgrades-shutdown.log')
  })

  it('installs ufw as the transcript shows and enables its unit', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    const install = await terminal.run('sudo apt install ufw -y')
    expect(install.code).toBe(0)
    expect(asLab(install.output)).toBe(transcriptOutput('firewall', 'sudo apt install ufw -y'))
    const { server } = practice.world
    // The postinst enables ufw.service and starts nothing: `systemctl is-active ufw` says inactive (lab).
    expect(server.state.units['ufw.service']?.active).toBe('inactive')
    expect(server.fs.exists('/etc/systemd/system/multi-user.target.wants/ufw.service')).toBe(true)
    const again = await terminal.run('sudo apt install ufw')
    expect(again.output).toBe('Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nufw is already the newest version (0.36.2-1).\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n')
    const unknown = await terminal.run('sudo apt install foo')
    expect(unknown.code).toBe(100)
    expect(unknown.output).toBe('Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n\x1b[1;31mE: \x1b[0mUnable to locate package foo\x1b[0m\n')
  })
})

describe('dpkg-reconfigure unattended-upgrades and ucf (PITFALLS #2, recorded in the lab)', () => {
  const question = 'Configuring unattended-upgrades\n-------------------------------\n\nApplying updates on a frequent basis is an important part of keeping systems\nsecure. By default, updates need to be applied manually using package\nmanagement tools. Alternatively, you can choose to have this system\nautomatically download and install important updates.\n\nAutomatically download and install stable updates? [yes/no] '
  const file = (value: string): string => `APT::Periodic::Update-Package-Lists "${value}";\nAPT::Periodic::Unattended-Upgrade "${value}";\n`

  it('rewrites an untouched file, keeps an edited one and a deleted one', async () => {
    const practice = newPractice()
    const terminal = await learnerTerminal(practice)
    await terminal.run('sudo apt install unattended-upgrades -y')
    const { server } = practice.world
    const path = '/etc/apt/apt.conf.d/20auto-upgrades'

    const no = await terminal.run('sudo dpkg-reconfigure -plow unattended-upgrades', ['no'])
    expect(no.output).toBe(`${question}no\nReplacing config file ${path} with new version\n`)
    expect(server.fs.readFile(path, rootCred)).toBe(file('0'))

    const yes = await terminal.run('sudo dpkg-reconfigure -plow unattended-upgrades', ['yes'])
    expect(yes.output).toBe(`${question}yes\nReplacing config file ${path} with new version\n`)
    expect(server.fs.readFile(path, rootCred)).toBe(file('1'))

    await terminal.run(`printf '%s\\n' 'APT::Periodic::Update-Package-Lists "0";' 'APT::Periodic::Unattended-Upgrade "0";' | sudo tee ${path}`)
    const edited = await terminal.run('sudo dpkg-reconfigure -plow unattended-upgrades', ['yes'])
    expect(edited.output).toBe(`${question}yes\n`)
    expect(server.fs.readFile(path, rootCred)).toBe(file('0'))

    await terminal.run(`sudo rm ${path}`)
    const deleted = await terminal.run('sudo dpkg-reconfigure -plow unattended-upgrades', ['yes'])
    expect(deleted.output).toBe(`${question}yes\nNot replacing deleted config file ${path}\n`)
    expect(server.fs.exists(path)).toBe(false)
    const periodic = await captured(practice, 'root', 'apt-config dump')
    expect(parseAptPeriodic(periodic.stdout)).toEqual({})
  })

  it('refuses without root and names a package that is not installed', async () => {
    const practice = newPractice()
    const asRoot = await captured(practice, 'root', 'dpkg-reconfigure nosuch')
    expect(asRoot.stderr).toBe("dpkg-query: package 'nosuch' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n/usr/sbin/dpkg-reconfigure: nosuch is not installed\n")
    expect(asRoot.status).toBe(1)
    const bare = await captured(practice, 'root', 'dpkg-reconfigure')
    expect(bare.stderr).toBe('/usr/sbin/dpkg-reconfigure: please specify a package to reconfigure\n')
  })
})

describe('apt-config reads apt.conf.d as apt does (checked against apt 2.6.1)', () => {
  const cases: Array<[string, string, string, number]> = [
    ['APT::Periodic::Update-Package-Lists 1;\nAPT::Periodic { Unattended-Upgrade "1"; };\n# comment\n// c\nAPT::Periodic::Update-Package-Lists "2";\n', 'APT::Periodic "";\nAPT::Periodic::Update-Package-Lists "2";\nAPT::Periodic::Unattended-Upgrade "1";\n', '', 0],
    ['apt::periodic::update-package-lists "1";\nAPT::Periodic::Update-Package-Lists "0";\n', 'APT::periodic "";\nAPT::periodic::update-package-lists "0";\n', '', 0],
    ['APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1"\n', '', 'E: Syntax error /etc/apt/apt.conf.d/20auto-upgrades:3: Extra junk at end of file\n', 100],
  ]
  it.each(cases)('%j', async (content, stdout, stderr, status) => {
    const practice = newPractice()
    practice.world.server.fs.writeFile('/etc/apt/apt.conf.d/20auto-upgrades', content, rootCred)
    const ran = await captured(practice, 'root', 'apt-config dump APT::Periodic')
    expect(ran.stdout).toBe(stdout)
    expect(ran.stderr).toBe(stderr)
    expect(ran.status).toBe(status)
  })

  it('apt-config shell quotes as the shell needs', async () => {
    const practice = newPractice()
    practice.world.server.fs.writeFile('/etc/apt/apt.conf.d/20auto-upgrades', 'APT::Periodic::Update-Package-Lists "0";\n', rootCred)
    const ran = await captured(practice, 'root', 'apt-config shell A APT::Periodic::Update-Package-Lists B Nope')
    expect(ran.stdout).toBe("A='0'\n")
  })
})
