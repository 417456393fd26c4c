/**
 * Fidelity: every lesson command the lab ran on a real Debian 12 (test/fixtures/transcripts/)
 * replayed on the practice machine, in course order, must print what the real one printed, after
 * the lab's own normaliser. The lab ran the commands outside SSH, so the replay types them in the
 * provider's console (where `ufw enable` asks nothing either).
 *
 * Two honest differences are mapped, nothing else: the lab's apt source is a local repository
 * (`copy:/srv/course-repo ./`) where a real server names its mirror, and its one pending update is
 * a test package (course-welcome) where the practice server has real ones, so `apt update` and
 * `apt upgrade` are compared by the shape of their lines.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { normaliseTranscript } from '../lab/normalise.ts'
import { solverOf } from '../lab/scenarios.ts'
import { sameOutput, transcriptsDir, type LessonTranscript } from '../lab/transcripts.ts'
import { newPractice, runAsRoot, Terminal } from './_practice.ts'

const lessons = (await loadLessons()).filter((lesson) => lesson.kind === 'steps')
const transcripts = lessons.map((lesson) => JSON.parse(readFileSync(`${transcriptsDir}${lesson.slug}.json`, 'utf8')) as LessonTranscript)
const solve = solverOf(lessons)

const context = { hostName: 'webserver', addresses: ['203.0.113.10', '198.51.100.23'], kernel: '6.1.0-28-amd64' }

/** A mirror's Get line in the lab's repository form: `Get:3 copy:/srv/course-repo ./ ufw 0.36.2-1 [168 kB]`. */
function asLabSource(text: string): string {
  return text.replace(/^(Get:\d+) https?:\/\/\S+ \S+ (?:amd64|all) (\S+) (?:amd64|all) /gm, '$1 copy:/srv/course-repo ./ $2 ')
}

/** The shape of an apt run: which kinds of lines, in which order, whatever the packages. */
function aptShape(text: string): string {
  const kinds: Array<[RegExp, string]> = [
    [/^(Hit|Get|Ign|Err):\d+ .*$/, ''],
    [/^\d+ packages? can be upgraded\. Run 'apt list --upgradable' to see (it|them)\.$/, '<n> package(s) can be upgraded'],
    [/^\d+ upgraded, \d+ newly installed, \d+ to remove and \d+ not upgraded\.$/, '<counts>'],
    [/^ {2}\S.*$/, '  <packages>'],
    [/^Preparing to unpack .*$/, 'Preparing to unpack <package>'],
    [/^Unpacking .*$/, 'Unpacking <package>'],
    [/^Setting up .*$/, 'Setting up <package>'],
    // Maintainer scripts of the real packages (openssh-server, libc triggers); course-welcome has none.
    [/^(Processing triggers for .*|.* is a disabled or a static unit.*)$/, '<maintainer script>'],
  ]
  const lines = text.split('\n').map((line) => {
    for (const [pattern, kind] of kinds) if (pattern.test(line)) return kind
    return line
  })
  return lines
    .filter((line) => line !== '<maintainer script>')
    .filter((line, index, all) => line !== '' || all[index - 1] !== '')
    .join('\n')
    // one package or five: the same Preparing/Unpacking pair, then Setting up lines
    .replace(/(Preparing to unpack <package>\nUnpacking <package>\n)+/g, 'Preparing to unpack <package>\nUnpacking <package>\n')
    .replace(/(Setting up <package>\n)+/g, 'Setting up <package>\n')
}

function comparable(command: string, output: string): string {
  if (/^sudo apt (update|upgrade)\b/.test(command)) return aptShape(output)
  // unattended-upgrade describes the package index it pins away: the lab's repository, a mirror's -updates suite here.
  return output.replace(/<apt_pkg\.PackageFile object: .*? ID:\d+>/g, '<package index>').replace(/PkgFilePin\(id=\d+,/g, 'PkgFilePin(id=<n>,')
}

describe('the practice machine prints what a real Debian 12 printed for every lesson command', async () => {
  const practice = newPractice()
  const terminal = new Terminal(practice, 'console')
  await terminal.run('sudo true', ['student'])

  for (const transcript of transcripts) {
    const entries = [
      ...transcript.intro.map((entry) => ({ step: 'intro', entry })),
      ...transcript.steps.flatMap((step) => step.entries.map((entry) => ({ step: step.id, entry }))),
    ]
    // In order: each command sees the machine as the ones before it left it.
    it(`${transcript.lesson}`, async () => {
      const mismatches: string[] = []
      for (const { step, entry } of entries) {
        if (!entry.ran) {
          if (entry.why.startsWith('an editor')) await runAsRoot(practice, solve(step))
          continue
        }
        const ran = await terminal.run(entry.command)
        const got = comparable(entry.command, normaliseTranscript(asLabSource(ran.output), context))
        const want = comparable(entry.command, entry.output)
        if (!sameOutput(got, want) || ran.code !== entry.exitCode) {
          mismatches.push(`$ ${entry.command}   (exit ${ran.code}, real ${entry.exitCode})\n--- practice\n${got}\n--- real Debian 12\n${want}`)
        }
      }
      expect(mismatches.join('\n\n')).toBe('')
    })
  }
})
