import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build, type Rolldown } from 'vite'
import { describe, expect, it } from 'vitest'
import { lessonsPlugin } from '../../../src/node/vite-plugin-lessons.ts'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const fixtures = (name: string) => `${root}test/fixtures/lessons/${name}`

/** A real production build of the site from a folder of lessons, kept in memory. */
async function buildSite(lessonsDir: string) {
  return build({
    configFile: false,
    root: `${root}src/client`,
    base: './',
    logLevel: 'silent',
    plugins: [vue(), lessonsPlugin({ dir: lessonsDir })],
    build: { write: false, outDir: `${root}.cache/test-site` },
  })
}

function outputFiles(result: Awaited<ReturnType<typeof buildSite>>): Array<Rolldown.OutputChunk | Rolldown.OutputAsset> {
  const outputs = Array.isArray(result) ? result : [result]
  return outputs.flatMap((output) => ('output' in output ? output.output : []))
}

describe('lessonsPlugin in a real vite build', () => {
  it('fails the build on a broken lesson, naming its file and line', async () => {
    await expect(buildSite(fixtures('broken'))).rejects.toThrow(
      /test\/fixtures\/lessons\/broken\/01-broken\.md:3: .*titel/,
    )
  })

  it('renders every lesson at build time into its own chunk and ships no markdown-it', async () => {
    const files = outputFiles(await buildSite(fixtures('course')))
    const chunks = files.filter((file): file is Rolldown.OutputChunk => file.type === 'chunk')
    const code = chunks.map((chunk) => chunk.code).join('\n')

    const first = chunks.find((chunk) => chunk.code.includes('fixture-update') && chunk.code.includes('command-text'))
    expect(first, 'a chunk with the first lesson rendered').toBeDefined()
    expect(first!.isEntry).toBe(false)
    // Booleans, not toContain: a failure would otherwise print the whole bundle.
    expect(code.includes('<span class="command-text">sudo apt upgrade -y</span>')).toBe(true)
    expect(code.includes('callout callout-caution')).toBe(true)
    // The solve script (`apt-get update`) and the step block never reach the site.
    expect(code.includes('apt-get update')).toBe(false)
    expect(code.includes('checks: [updates.lists-fresh]')).toBe(false)
    const bundledModules = chunks.flatMap((chunk) => chunk.moduleIds)
    expect(bundledModules.filter((id) => /node_modules\/(markdown-it|linkify-it|mdurl|punycode)/.test(id))).toEqual([])
  })

  it('writes lessons.json with every lesson, step and command', async () => {
    const files = outputFiles(await buildSite(fixtures('course')))
    const manifest = files.find((file) => file.fileName === 'lessons.json')
    expect(manifest?.type).toBe('asset')
    const source = (manifest as Rolldown.OutputAsset).source
    const parsed = JSON.parse(typeof source === 'string' ? source : new TextDecoder().decode(source))
    expect(parsed.lessons.map((lesson: { slug: string }) => lesson.slug)).toEqual(['first', 'second', 'words'])
    expect(parsed.lessons[0]).toMatchObject({
      introCommands: ['cat /etc/services'],
      steps: [
        { id: 'fixture-update', checks: ['updates.lists-fresh'], commands: ['sudo apt update', 'sudo apt upgrade -y'] },
        { id: 'fixture-firewall', checks: ['firewall.active'], commands: ['sudo ufw enable'] },
      ],
    })
    expect(parsed.lessons[2]).toMatchObject({ kind: 'glossary', termCount: 2, glossaryGroups: ['グループ A'] })
  })
})
