/**
 * The checker's fixtures and tests name no real package mirror or metadata host, in file names or
 * contents: recordings use placeholders (mirror.example, metadata.example, changelogs.example).
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixturesDir, projectRoot } from '../_paths.ts'

// Built from parts so that this file does not name the hosts it looks for.
const realHost = new RegExp(['debian', 'ubuntu'].map((vendor) => `[a-z0-9-]*\\.?${vendor}\\.(?:org|com|net)`).join('|'), 'i')

/** Every file and symlink under dir, with what it holds (a link's target, unfollowed). */
function* files(dir: string): Generator<[path: string, content: string]> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const stat = lstatSync(path)
    if (stat.isDirectory()) yield* files(path)
    else if (stat.isSymbolicLink()) yield [path, readlinkSync(path)]
    else if (stat.isFile()) yield [path, readFileSync(path, 'latin1')]
  }
}

describe('placeholders instead of real hosts', () => {
  it.each([fixturesDir, join(projectRoot, 'test/checker')])('%s', (dir) => {
    const named = [...files(dir)].flatMap(([path, content]) => {
      const where = relative(projectRoot, path)
      const hit = realHost.exec(where) ?? realHost.exec(content)
      return hit ? [`${where}: ${hit[0]}`] : []
    })
    expect(named).toEqual([])
  })
})
