/**
 * Malformed sshd_config and ufw files must never crash the checker. Thousands of random inputs,
 * seeded so that a failure names the seed that reproduces it.
 */
import { describe, expect, it } from 'vitest'
import { facts as factsSchema, ufwRule, type Facts } from '../../checker/facts.ts'
import { evaluate } from '../../checker/rules/index.ts'
import { statuses } from '../../checker/rules/types.ts'
import { course } from '../../src/shared/course.ts'
import { doneFacts } from './_facts.ts'
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

describe(`rules on ${runs} random Facts`, () => {
  type Random = ReturnType<typeof prng>
  const unknownFact = (random: Random) => ({ unknown: 'random', ...(random.next() < 0.5 ? { needsRoot: true } : {}) })
  const ports = (random: Random) => Array.from({ length: random.int(4) }, () => random.pick([22, 80, 54723, 2222, 1 + random.int(65535)]))
  const maybe = <T>(random: Random, value: () => T) => (random.next() < 0.2 ? unknownFact(random) : value())

  function randomFacts(random: Random): Facts {
    const facts = doneFacts()
    facts.root = random.next() < 0.5
    facts.listening = maybe(random, () => ports(random).map((port) => ({ proto: random.pick(['tcp', 'tcp6'] as const), address: '::', port })))
    facts.sshd.configTest = maybe(random, () => ({ valid: random.next() < 0.5 }))
    facts.sshd.configured = maybe(random, () => ({ ports: [...new Set(ports(random))].sort((a, b) => a - b), source: 'parser' as const }))
    facts.sshd.socketPorts = maybe(random, () => ports(random))
    facts.ufw = {
      enabledInConfig: maybe(random, () => random.next() < 0.5),
      active: maybe(random, () => random.next() < 0.5),
      defaultIncoming: maybe(random, () => random.pick(['deny', 'reject', 'allow'] as const)),
      ipv6: maybe(random, () => random.next() < 0.5),
      rules: maybe(random, () =>
        Array.from({ length: random.int(6) }, () => {
          const from = 1 + random.int(65535)
          return {
            action: random.pick(['allow', 'limit', 'deny', 'reject'] as const),
            direction: random.pick(['in', 'out', 'routed'] as const),
            proto: random.pick(['tcp', 'udp', 'any'] as const),
            ports: random.next() < 0.2 ? [] : [{ from, to: Math.min(65535, from + random.int(3)) }],
            source: random.pick(['0.0.0.0/0', '::/0', '192.0.2.1']),
            destination: '0.0.0.0/0',
            v6: random.next() < 0.5,
          }
        }),
      ),
    }
    for (const name of Object.keys(facts.packages)) facts.packages[name] = maybe(random, () => random.pick(['installed', 'config-files', 'not-installed', 'half-installed'] as const))
    for (const name of Object.keys(facts.units)) facts.units[name] = maybe(random, () => ({ load: 'loaded', active: random.pick(['active', 'inactive', 'failed']), enabled: random.pick(['enabled', 'disabled', '']) }))
    facts.apt.periodic = maybe(random, () => ({ 'update-package-lists': random.pick(['0', '1', '']), 'unattended-upgrade': random.pick(['0', '1', '7']) }))
    facts.apt.listsUpdatedAt = maybe(random, () => (random.next() < 0.1 ? null : new Date(Date.parse(facts.observedAt) - random.int(30) * 86_400_000).toISOString()))
    facts.apt.pending = maybe(random, () => ({ upgradable: random.next() < 0.5 ? [] : ['bash'], keptBack: random.next() < 0.5 ? [] : ['linux-image-amd64'], phased: [] }))
    facts.rebootRequired = maybe(random, () => ({ required: random.next() < 0.5, packages: [] }))
    return facts
  }

  it('always give one verdict per check, never throw, and pass nothing whose every input was unreadable', () => {
    for (const seed of seeds) {
      const random = prng(seed)
      const facts = randomFacts(random)
      expect(factsSchema.safeParse(facts).success, `seed ${seed}: generated facts are invalid`).toBe(true)
      let results
      try {
        results = evaluate(facts, course)
      } catch (error) {
        throw new Error(`seed ${seed}: ${String(error)}`)
      }
      expect(results).toHaveLength(19)
      for (const result of results) expect(statuses, `seed ${seed} ${result.id}`).toContain(result.status)
      const byId = new Map(results.map((result) => [result.id, result.status]))
      if ('unknown' in facts.ufw.rules) for (const id of ['firewall.allow-ssh', 'firewall.allow-http', 'firewall.extra-ports'] as const) expect(byId.get(id), `seed ${seed} ${id}`).not.toBe('pass')
      if ('unknown' in facts.listening) for (const id of ['ssh.port-listening', 'ssh.port-applied', 'ssh.port22-closed'] as const) expect(byId.get(id), `seed ${seed} ${id}`).not.toBe('pass')
      if ('unknown' in facts.sshd.configTest) expect(byId.get('ssh.config-valid'), `seed ${seed}`).not.toBe('pass')
    }
  }, 60_000)
})

