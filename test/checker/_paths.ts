import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url))
export const fixturesDir = join(projectRoot, 'test/fixtures/checker')
export const hostsDir = join(fixturesDir, 'hosts')
export const hostFixture = (name: string) => join(hostsDir, name)

/** A recording from a real Debian 12 system (see test/fixtures/checker/captured/README.md). */
export function captured(name: string): string {
  return readFileSync(join(fixturesDir, 'captured/debian12', name), 'utf8')
}

/** A hand-written sample (formats Debian 12 cannot produce), see test/fixtures/checker/samples/README.md. */
export function sample(name: string): string {
  return readFileSync(join(fixturesDir, 'samples', name), 'utf8')
}
