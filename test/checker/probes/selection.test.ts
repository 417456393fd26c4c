/**
 * Only the probes the selected checks need (issue 8): `check ssh` runs no apt-get, each check
 * alone collects exactly the parts its rule reads, and judges as a full collection would.
 */
import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkIds, type CheckId } from '../../../checker/catalog.ts'
import type { Facts } from '../../../checker/facts.ts'
import { createFixtureHost } from '../../../checker/probes/fixture-host.ts'
import type { Host } from '../../../checker/probes/host.ts'
import { collectFacts } from '../../../checker/probes/index.ts'
import { evaluate } from '../../../checker/rules/index.ts'
import { checkNeeds, factParts, type FactPart } from '../../../checker/rules/needs.ts'
import { course } from '../../../src/shared/course.ts'
import { hostFixture, hostsDir } from '../_paths.ts'

const hosts = readdirSync(hostsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)

function recording(name: string): { host: Host; commands: string[] } {
  const inner = createFixtureHost(hostFixture(name), {})
  const commands: string[] = []
  return { host: { ...inner, run: (command, args, options) => (commands.push([command, ...args].join(' ')), inner.run(command, args, options)) }, commands }
}

function part(facts: Facts, path: FactPart): unknown {
  const [head, tail] = path.split('.') as [keyof Facts, string | undefined]
  const value = facts[head] as Record<string, unknown>
  return tail === undefined ? value : value[tail]
}

const notChecked = (value: unknown) => JSON.stringify(value).includes('"unknown":"not checked"')

/** Facts whose reads are recorded as fact parts (root, host and observedAt are free). */
function tracked(facts: Facts, reads: Set<string>): Facts {
  const nested = new Set(['sshd', 'ufw', 'apt'])
  return new Proxy(facts, {
    get(target, key: string) {
      const value = (target as unknown as Record<string, unknown>)[key]
      if (!nested.has(key)) {
        if (!['root', 'host', 'observedAt'].includes(key)) reads.add(key)
        return value
      }
      return new Proxy(value as object, { get: (inner, sub: string) => (reads.add(`${key}.${sub}`), (inner as Record<string, unknown>)[sub]) })
    },
  })
}

describe('collecting only what the selected checks read', () => {
  it('`check ssh` runs no apt-get or apt-config', async () => {
    const { host, commands } = recording('done')
    await collectFacts(host, { checks: checkIds.filter((id) => id.startsWith('ssh.')) })
    expect(commands.filter((command) => command.startsWith('apt'))).toEqual([])
    expect(commands.length).toBeGreaterThan(0)
  })

  it.each(hosts)('%s: each command line runs once per collection, and again in the next one', async (name) => {
    const { host, commands } = recording(name)
    const { facts } = await collectFacts(host)
    expect(commands.length).toBeGreaterThan(0)
    expect(commands, 'a command line started twice').toEqual([...new Set(commands)])
    // One `systemctl show` answers the units and the ports ssh.socket holds.
    expect(commands.filter((command) => command.startsWith('systemctl show'))).toHaveLength(1)
    const socketPorts = facts.sshd.socketPorts
    if (Array.isArray(socketPorts)) expect(socketPorts).toEqual([22])
    else expect(facts.units['ssh.socket']).toHaveProperty('unknown')
    const first = commands.length
    await collectFacts(host)
    expect(commands.slice(first)).toEqual(commands.slice(0, first))
  })

  it('collects everything when no checks are named', async () => {
    const { facts } = await collectFacts(createFixtureHost(hostFixture('done'), {}))
    for (const path of factParts) expect(notChecked(part(facts, path)), path).toBe(false)
  })

  const table = hosts.flatMap((name) => checkIds.map((id) => ({ name, id })))
  it.each(table)('$id alone on $name: exactly its parts, the same verdict as a full run', async ({ name, id }) => {
    const full = await collectFacts(createFixtureHost(hostFixture(name), {}))
    const alone = await collectFacts(createFixtureHost(hostFixture(name), {}), { checks: [id] })
    const needs = new Set(checkNeeds[id as CheckId])
    for (const path of factParts) expect(notChecked(part(alone.facts, path)), `${id} ${path}`).toBe(!needs.has(path))
    expect(evaluate(alone.facts, course, [id])).toEqual(evaluate(full.facts, course, [id]))
  })

  it.each(hosts)('no rule reads a part missing from its list (%s)', async (name) => {
    const { facts } = await collectFacts(createFixtureHost(hostFixture(name), {}))
    for (const id of checkIds) {
      for (const settings of [course, { ...course, sshPort: 22 }, { ...course, sshPort: 2222 }]) {
        const reads = new Set<string>()
        evaluate(tracked(facts, reads), settings, [id])
        const extra = [...reads].filter((path) => !(checkNeeds[id] as readonly string[]).includes(path))
        expect(extra, id).toEqual([])
      }
    }
  })
})
