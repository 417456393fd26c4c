/**
 * Replays the lab recording (test/fixtures/sandbox/ufw/root-session.json: 152 commands on a real
 * Debian 12 with ufw 0.36.2, in order) against the practice server: every ufw and iptables output,
 * exit status and every rules/config file `cat` in between must match byte for byte.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { run, serverWithUfw, student } from './helpers.ts'

interface Entry { command: string; stdin: string; stdout: string; stderr: string; exitCode: number }
const load = (name: string): Entry[] => JSON.parse(readFileSync(new URL(`../../fixtures/sandbox/ufw/${name}.json`, import.meta.url), 'utf8')).entries

/**
 * Where the simulation knowingly differs: the lab's container holds nft tables that iptables-nft
 * calls "incompatible"; a real server without ufw's chains answers "No chain" (the checker's case).
 */
function expected(entry: Entry): Entry {
  const incompatible = /^(ip6?tables) v1\.8\.9 \(nf_tables\): chain `.*' in table `filter' is incompatible, use 'nft' tool\.\n$/.exec(entry.stderr)
  if (incompatible) return { ...entry, stderr: `${incompatible[1]}: No chain/target/match by that name.\n` }
  return entry
}

describe('ufw as recorded on Debian 12 (root, not under SSH)', () => {
  const entries = load('root-session')
  const server = serverWithUfw()
  entries.forEach((entry, index) => {
    const label = `[${String(index + 1).padStart(3, '0')}] ${entry.command}`
    if (/^(ufw|iptables|ip6tables)\b/.test(entry.command)) {
      it(label, async () => {
        const backup = /\.(\d{4})(\d\d)(\d\d)_(\d\d)(\d\d)(\d\d)'/.exec(entry.stdout)
        if (backup) {
          const [, y, mo, d, h, mi, s] = backup.map(Number) as number[]
          server.state.clock = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s)
        }
        const want = expected(entry)
        const got = await run(server, entry.command, { stdin: entry.stdin })
        expect({ stdout: got.stdout, stderr: got.stderr, exitCode: got.exitCode }).toEqual({ stdout: want.stdout, stderr: want.stderr, exitCode: want.exitCode })
      })
    } else if (/^cat \S+$/.test(entry.command)) {
      it(label, () => {
        expect(server.fs.readFile(entry.command.slice(4), rootCred)).toBe(entry.stdout)
      })
    }
  })
})

describe('ufw as recorded for the learner without sudo', () => {
  const entries = load('learner-session').filter((entry) => entry.command.startsWith('/usr/sbin/'))
  const server = serverWithUfw()
  for (const entry of entries) {
    it(entry.command, async () => {
      const got = await run(server, entry.command, { cred: student })
      expect({ stdout: got.stdout, stderr: got.stderr, exitCode: got.exitCode }).toEqual({ stdout: entry.stdout, stderr: entry.stderr, exitCode: entry.exitCode })
    })
  }
  it('cannot read the rules', () => {
    expect(server.fs.readFile('/etc/ufw/user.rules', student)).toMatchObject({ error: 'EACCES' })
  })
})
