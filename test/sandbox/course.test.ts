/**
 * The whole course typed into the practice machine as a learner types it: every command of every
 * lesson step in order (nano driven key by key, the client side on the PC tab), and after each
 * step the checker's own rules see that step done; at the end every check passes and `check`
 * exits 0.
 */
import { describe, expect, it } from 'vitest'
import { loadLessons } from '../../src/node/lessons.ts'
import { asideFlags } from '../lab/transcripts.ts'
import { courseKeys, learnerTerminal, newPractice, Terminal } from './_practice.ts'

const lessons = (await loadLessons()).filter((lesson) => lesson.kind === 'steps')

/** Commands a learner runs only in another situation, or that would end the session. */
const skipped = /^(sudo )?(reboot|dpkg-reconfigure)\b|<[^>]+>|sudo apt full-upgrade|sudo ufw disable|sudo ufw delete/

describe('the whole course in the practice machine', () => {
  it('every step turns green by the lessons own commands, and check passes at the end', async () => {
    const practice = newPractice()
    const server = await learnerTerminal(practice)
    const pc = new Terminal(practice, 'pc')
    for (const lesson of lessons) {
      for (const step of lesson.steps) {
        const asides = asideFlags(step.commands, step.body)
        for (const [index, command] of step.commands.entries()) {
          if (asides[index]) continue
          if (skipped.test(command)) continue
          if (/^(ssh|curl|scp)\b/.test(command)) {
            const ran = await pc.run(command, ['yes', 'student'])
            expect(ran.code, `${command}\n${ran.output}`).toBe(0)
            if (command.startsWith('ssh')) await pc.run('exit')
            continue
          }
          const ran = await server.run(command, ['y'], courseKeys(command))
          expect(ran.code, `${command}\n${ran.output}`).toBe(0)
        }
        const { statuses } = await practice.verify()
        const notPassing = step.checks.filter((id) => statuses[id] !== 'pass').map((id) => `${id}: ${statuses[id]}`)
        expect(notPassing, `after step ${step.id}`).toEqual([])
      }
    }
    const { statuses } = await practice.verify()
    expect(Object.entries(statuses).filter(([, status]) => status !== 'pass')).toEqual([])
    const check = await server.run('sudo check')
    expect(check.code, check.output).toBe(0)
    expect(check.output).toContain('すべての項目が完了しています')
  })
})
