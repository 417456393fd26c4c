/**
 * Issue 4, item 7: the golden transcripts. Without root: the normaliser and the command plan
 * (tables), and that the fixtures cover every command of every lesson in order. As root on
 * Linux: the lessons are re-recorded on a fresh machine; every step must pass by the learner's
 * own commands, and the new recording must match the fixtures (re-record with
 * `npm run lab -- record` when a lesson or the lab changes on purpose).
 */
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { normaliseTranscript, stripTerminal } from './normalise.ts'
import { labSkipReason } from './support.ts'
import { recipes, releases, testedReleases, type Release } from './config.ts'
import { asideFlags, planCommand, recordTranscripts, sameOutput, transcriptsDirFor, type Entry, type LessonTranscript } from './transcripts.ts'

const context = { hostName: 'web01', addresses: ['10.213.74.2', '10.213.74.1'], kernel: '6.1.0-18-amd64' }

describe('transcript normalisation', () => {
  it.each([
    ['terminal redraws', 'Reading package lists... 0%\r\rReading package lists... Done\r\r\n', 'Reading package lists... Done\n'],
    ['colours', '\x1b[33m\r0% [Working]\x1b[0m\r            \rGet:1 copy:/srv/course-repo ./ ufw 0.36.2-1 [168 kB]\r\n', 'Get:1 copy:/srv/course-repo ./ ufw <version> [<size>]\n'],
    ['dpkg progress bar', 'x\x1b7\x1b[24;0f\x1b[42mProgress: [ 20%]\x1b[49m [###...] \x1b8Unpacking ufw (0.36.2-1) ...\r\n', 'xUnpacking ufw (<version>) ...\n'],
    ['hostname and addresses', 'web01 sshd[142]: Connection from 10.213.74.1 port 55532\n', '<hostname> sshd[<pid>]: Connection from <address> port 55532\n'],
    ['systemd times', 'Active: active (running) since Thu 2026-11-26 20:17:36 UTC; 149ms ago\n', 'Active: active (running) since <time>; <duration>\n'],
    ['systemd 257 timers without "left"', 'Sun 2026-11-29 21:40:12 UTC  14h -         - apt-daily.timer\n', '<time>  <duration> -         - apt-daily.timer\n'],
    ['apt sizes and speeds', 'Fetched 718 B in 0s (33.5 kB/s)\n', 'Fetched <size> in <duration> (<speed>)\n'],
    ['pids', 'users:(("sshd",pid=142,fd=3))\n', 'users:(("sshd",pid=<pid>,fd=3))\n'],
    ['ssh banner version', 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\n', 'SSH-2.0-OpenSSH_<version>\n'],
    ['echoed end of input', '^@Status: inactive\n', 'Status: inactive\n'],
    ['kernel, also as a regular expression', 'Using (^linux-.*-6\\.1\\.0\\-18\\-amd64$) on 6.1.0-18-amd64\n', 'Using (^linux-.*-<kernel>$) on <kernel>\n'],
    ['cells cut to fit the terminal', 'apt-daily-upgrade.… apt-daily-upgrade.s…\napt-daily.timer <time>…\n', 'apt-daily-… apt-daily-…\napt-daily.timer <time>…\n'],
    ['py3compile racing itself (Debian 13)', "Setting up python3-gi (3.50.0-4+b1) ...\nE: py3compile:216: cannot create directory /usr/lib/python3/dist-packages/gi/overrides/__pycache__: FileExistsError(17, 'File exists')\nSetting up python3-apt (3.0.0) ...\n", 'Setting up python3-gi (<version>) ...\nSetting up python3-apt (<version>) ...\n'],
    ['apt_pkg sizes', "IndexType='Debian Package Index' Size=27651 ID:0>\n", "IndexType='Debian Package Index' Size=<size> ID:0>\n"],
  ])('%s', (_name, raw, expected) => {
    expect(normaliseTranscript(raw, context)).toBe(expected)
  })

  it('keeps the last redraw of a line', () => {
    expect(stripTerminal('a 10%\rb 50%\rc Done\n')).toBe('c Done\n')
  })
})

describe('which lesson commands the recorder runs', () => {
  it.each([
    ['sudo apt update', false, { run: true }],
    ['sudo nano /etc/ssh/sshd_config', false, { run: 'solve' }],
    ['sudo reboot', true, { run: false, why: 'restarts the server' }],
    ['sudo dpkg-reconfigure -plow unattended-upgrades', true, { run: false, why: 'asks questions in a dialog' }],
    ['ssh -p 54723 ユーザー名@サーバーのIPアドレス', false, { run: false, why: "runs on the learner's own computer" }],
    ['sudo ufw status numbered', true, { run: true }],
    ['sudo ufw delete 1', true, { run: false, why: 'shown for another situation and changes the server' }],
    ['sudo systemctl restart ssh.socket', true, { run: false, why: 'shown for another situation and changes the server' }],
    ['systemctl is-enabled ssh.socket', true, { run: true }],
  ] as const)('%s (aside: %s)', (command, aside, plan) => {
    expect(planCommand(command, aside)).toEqual(plan)
  })

  const fence = (...commands: string[]) => ['```sh', ...commands, '```']
  it.each([
    ['an aside after the main flow', [...fence('sudo apt update'), '::: caution 注意', ...fence('sudo reboot'), ':::', '```sh solve', 'reboot', '```'], ['sudo apt update', 'sudo reboot'], [false, true]],
    ['the same command in the main flow, then in an aside', [...fence('sudo ufw status'), '::: tip', ...fence('sudo ufw status'), ':::'], ['sudo ufw status', 'sudo ufw status'], [false, true]],
    ['the same command in an aside, then in the main flow', ['::: tip', ...fence('sudo sshd -t'), ':::', ...fence('sudo sshd -t', 'sudo systemctl reload ssh')], ['sudo sshd -t', 'sudo sshd -t', 'sudo systemctl reload ssh'], [true, false, false]],
    ['a details block inside a caution', ['::: caution', '::: details', ...fence('ls'), ':::', ':::', ...fence('ls')], ['ls', 'ls'], [true, false]],
  ] as const)('tells aside commands by position: %s', (_name, lines, commands, flags) => {
    expect(asideFlags(commands, lines.join('\n'))).toEqual(flags)
  })

  it('refuses a command list that does not line up with the body', () => {
    expect(() => asideFlags(['sudo apt update', 'sudo reboot'], fence('sudo apt update').join('\n'))).toThrow(/2\. command is "\(none\)", the step lists "sudo reboot"/)
  })
})

const lessons = (await loadLessons()).filter((lesson) => lesson.kind === 'steps')

function fixture(release: Release, slug: string): LessonTranscript | undefined {
  const file = `${transcriptsDirFor(release)}${slug}.json`
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LessonTranscript) : undefined
}

describe.each(releases.map((release) => [recipes[release].label, release] as const))('golden transcripts of %s cover the lessons', (_label, release) => {
  it.each(lessons.map((lesson) => [lesson.slug, lesson] as const))('%s', (slug, lesson) => {
    const recorded = fixture(release, slug)
    expect(recorded, `no ${transcriptsDirFor(release)}${slug}.json: run \`sudo npm run lab -- record --release ${release}\``).toBeDefined()
    expect(recorded!.intro.map((e) => e.command)).toEqual(lesson.introCommands)
    expect(recorded!.steps.map((s) => s.id)).toEqual(lesson.steps.map((s) => s.id))
    for (const [index, step] of lesson.steps.entries()) {
      expect(recorded!.steps[index]!.entries.map((e) => e.command), `commands of ${step.id}`).toEqual(step.commands)
    }
  })
})

const skipReason = labSkipReason()
if (skipReason) console.warn(`[lab] re-recording the transcripts skipped: ${skipReason}`)

const releaseCases = testedReleases().map((release) => [recipes[release].label, release] as const)

;(skipReason ? describe.skip : describe).each(releaseCases)(`re-recorded on a fresh %s${skipReason ? ` (skipped: ${skipReason})` : ''}`, (_label: string, release: Release) => {
  it('every step passes by the learner\'s own commands, and the recording matches the fixtures', async () => {
    const fresh = await recordTranscripts((line) => console.log(`[lab] ${release}: ${line}`), { write: false, release })
    const drift: string[] = []
    const compare = (where: string, now: Entry, then: Entry | undefined): void => {
      if (!then) return void drift.push(`${where} ${now.command}: not in the fixture`)
      if (now.ran !== then.ran) return void drift.push(`${where} ${now.command}: ran ${then.ran} → ${now.ran}`)
      if (now.ran && then.ran) {
        if (now.exitCode !== then.exitCode) drift.push(`${where} ${now.command}: exit ${then.exitCode} → ${now.exitCode}`)
        else if (!sameOutput(now.output, then.output)) drift.push(`${where} ${now.command}: output differs\n--- fixture\n${then.output}\n--- now\n${now.output}`)
      }
    }
    for (const transcript of fresh) {
      const golden = fixture(release, transcript.lesson)
      transcript.intro.forEach((entry, i) => compare(`${transcript.lesson} intro`, entry, golden?.intro[i]))
      for (const [s, step] of transcript.steps.entries()) {
        const failing = (step.checks ?? []).filter((check) => check.status !== 'pass')
        expect(failing, `${transcript.lesson}/${step.id} after the learner's commands`).toEqual([])
        step.entries.forEach((entry, i) => compare(`${transcript.lesson}/${step.id}`, entry, golden?.steps[s]?.entries[i]))
      }
    }
    expect(drift, `the lab no longer prints what the golden transcripts say: if intended, \`sudo npm run lab -- record --release ${release}\``).toEqual([])
  })
})
