/** Package states from dpkg's database (no root needed). */
import { observedPackages, type Facts } from '../facts.ts'
import { parseDpkgQuery } from '../parsers/dpkg-query.ts'
import type { Host } from './host.ts'
import { commandProblem, unknown } from './_unknown.ts'
import { timeouts } from './timeouts.ts'

export async function probePackages(host: Host): Promise<Facts['packages']> {
  const result = await host.run('dpkg-query', ['-W', '-f', '${Package}\\t${db:Status-Abbrev}\\n', ...observedPackages], { timeoutMs: timeouts.quick })
  // dpkg-query exits 1 when some package is unknown to dpkg; the others are still listed.
  const usable = result.ok && (result.code === 0 || (result.code === 1 && /no packages found/.test(result.stderr)))
  if (!usable) {
    const problem = commandProblem('dpkg-query', result)
    return Object.fromEntries(observedPackages.map((name) => [name, problem]))
  }
  const states = parseDpkgQuery(result.stdout)
  // Only a package dpkg named as unknown is not installed; any other gap means garbled output.
  const unknownToDpkg = new Set([...result.stderr.matchAll(/no packages found matching (\S+)/g)].map((match) => match[1]))
  return Object.fromEntries(
    observedPackages.map((name) => [name, states[name] ?? (unknownToDpkg.has(name) ? 'not-installed' : unknown(`dpkg-query: no usable line for ${name}`))]),
  )
}
