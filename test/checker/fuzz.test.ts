/**
 * Malformed sshd_config and ufw files must never crash the checker. Thousands of random inputs,
 * seeded so that a failure names the seed that reproduces it.
 */
import { describe, expect, it } from 'vitest'
import { ufwRule } from '../../checker/facts.ts'
import { parseAptSimulate } from '../../checker/parsers/apt-simulate.ts'
import { parseProcNetTcp } from '../../checker/parsers/proc-net-tcp.ts'
import { parseShellVars } from '../../checker/parsers/shell-vars.ts'
import { readSshdConfig } from '../../checker/parsers/sshd-config.ts'
import { parseSshdEffective } from '../../checker/parsers/sshd-effective.ts'
import { parseSystemctlShow } from '../../checker/parsers/systemctl-show.ts'
import { parseUfwRules } from '../../checker/parsers/ufw-rules.ts'
import { parseUfwStatus } from '../../checker/parsers/ufw-status.ts'
import { captured } from './_paths.ts'
import { memoryFiles } from './parsers/_config-files.ts'
import { prng } from './_prng.ts'

const runs = 3000
const seeds = Array.from({ length: runs }, (_, index) => 0x5eed0000 + index)

const sshdWords = ['Port', 'port', 'PORT', 'ListenAddress', 'Include', 'Match', 'all', 'User', 'Host', '=', '"', '#', '22', '54723', '0', '65535', '65536', '-1', '54723x', '[::]:2222', '::', '0.0.0.0:80', '[', ']', ':', '*.conf', '/etc/ssh/sshd_config.d/*.conf', '/etc/ssh/sshd_config', 'sshd_config.d/[a-', '?', '\t', '  ', '\r', '\u0000', 'ポート', '１２３']

function randomConfig(random: ReturnType<typeof prng>): string {
  const lines: string[] = []
  for (let line = random.int(12); line >= 0; line--) {
    if (random.next() < 0.1) {
      lines.push(random.junk(random.int(80)))
      continue
    }
    const words: string[] = []
    for (let word = random.int(5); word >= 0; word--) words.push(random.pick(sshdWords))
    lines.push(words.join(random.pick([' ', '', '=', '\t'])))
  }
  return lines.join(random.pick(['\n', '\r\n', '\n\n']))
}

function mutate(text: string, random: ReturnType<typeof prng>): string {
  let result = text
  for (let edit = random.int(8); edit >= 0; edit--) {
    const at = random.int(result.length + 1)
    const choice = random.int(3)
    if (choice === 0) result = result.slice(0, at) + result.slice(at + random.int(10))
    else if (choice === 1) result = result.slice(0, at) + random.junk(random.int(6)) + result.slice(at)
    else result = result.slice(0, at) + random.pick(['### tuple ### ', ' any ', ' 54723 ', ':', ',', ' in_', 'route:', '\n']) + result.slice(at)
  }
  return result
}

function expectValidPorts(ports: readonly number[]): void {
  for (const port of ports) expect(Number.isInteger(port) && port >= 1 && port <= 65535, `port ${port}`).toBe(true)
  expect([...ports]).toEqual([...new Set(ports)].sort((a, b) => a - b))
}

describe(`sshd_config reader on ${runs} random configurations`, () => {
  it('never throws and only ever reports real port numbers', () => {
    for (const seed of seeds) {
      const random = prng(seed)
      const files: Record<string, string> = { '/etc/ssh/sshd_config': randomConfig(random) }
      for (let extra = random.int(4); extra > 0; extra--) files[`/etc/ssh/sshd_config.d/${random.pick(['a', 'b', '[x]', '*', 'c'])}${extra}.conf`] = randomConfig(random)
      const denied = random.next() < 0.1 ? Object.keys(files).slice(-1) : []
      let result
      try {
        result = readSshdConfig(memoryFiles(files, denied))
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`)
      }
      expectValidPorts(result.ports)
      expect(result.ports.length, `seed ${seed}`).toBeGreaterThan(0)
    }
  })

  it('reads sshd -G/-T style dumps without throwing', () => {
    for (const seed of seeds) {
      const random = prng(seed)
      const parsed = parseSshdEffective(random.next() < 0.5 ? randomConfig(random) : mutate(captured('sshd-T-two-ports.stdout'), random))
      if (parsed) expectValidPorts(parsed.ports)
    }
  })
})

describe(`ufw rules reader on ${runs} random files`, () => {
  const realRules = captured('user.rules')
  const fields = ['allow', 'deny', 'reject', 'limit', 'allow_log', 'route:allow', 'tcp', 'udp', 'any', 'sctp', '22', '54723', '80,443', '60000:61000', '1:0', '0', '99999', '0.0.0.0/0', '::/0', '192.0.2.10', 'OpenSSH', 'Nginx%20Full', '-', 'in', 'out', 'in_eth0', 'in_eth0!out_eth1', 'comment=00', '', '\u0000', 'ルール']

  it('never throws and every rule it returns is a valid rule', () => {
    for (const seed of seeds) {
      const random = prng(seed)
      let text: string
      if (random.next() < 0.5) {
        text = mutate(realRules, random)
      } else {
        const lines: string[] = []
        for (let line = random.int(10); line >= 0; line--) {
          const tuple = Array.from({ length: random.int(11) }, () => random.pick(fields)).join(random.pick([' ', '  ', '\t']))
          lines.push(random.next() < 0.8 ? `### tuple ### ${tuple}` : random.junk(random.int(40)))
        }
        text = lines.join('\n')
      }
      let result
      try {
        result = parseUfwRules(text, random.next() < 0.5)
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`)
      }
      for (const rule of result.rules) {
        const checked = ufwRule.safeParse(rule)
        expect(checked.success, `seed ${seed}: ${JSON.stringify(rule)}`).toBe(true)
      }
    }
  })
})

describe(`other parsers on ${runs} mutated real outputs`, () => {
  it('never throw', () => {
    const inputs = [captured('proc-net-tcp'), captured('apt-get-s-upgrade.stdout'), captured('ufw-status-verbose-active.stdout'), captured('default-ufw')]
    for (const seed of seeds) {
      const random = prng(seed)
      const text = mutate(random.pick(inputs), random)
      expect(() => {
        for (const socket of parseProcNetTcp(text, random.pick(['tcp', 'tcp6'] as const))) expectValidPorts([socket.port])
        parseAptSimulate(text)
        parseUfwStatus(text)
        parseShellVars(text)
        parseSystemctlShow(text)
      }, `seed ${seed}`).not.toThrow()
    }
  })
})
