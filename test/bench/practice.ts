/**
 * `npm run bench:practice`: the practice machine's speed and weight.
 *   - the median time of one command over the whole course typed in Node (target ≤ 2 ms)
 *   - the time of `sudo check` inside the machine (target ≤ 50 ms)
 *   - the gzip size of what opening the terminal loads (target ≤ 450 KB) and of the first
 *     page's JS (still ≤ 120 KB)
 * Figures only: nothing here fails a test run (these machines are noisy).
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'
import { loadLessons } from '../../src/node/lessons.ts'
import { asideFlags } from '../lab/transcripts.ts'
import { courseKeys, learnerTerminal, newPractice, Terminal } from '../sandbox/_practice.ts'

const root = fileURLToPath(new URL('../..', import.meta.url))
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

async function commandTimes(): Promise<{ times: number[]; check: number[] }> {
  const lessons = (await loadLessons()).filter((lesson) => lesson.kind === 'steps')
  const times: number[] = []
  const check: number[] = []
  for (let round = 0; round < 5; round++) {
    const practice = newPractice()
    const server = await learnerTerminal(practice)
    const pc = new Terminal(practice, 'pc')
    for (const lesson of lessons) {
      for (const step of lesson.steps) {
        const asides = asideFlags(step.commands, step.body)
        for (const [index, command] of step.commands.entries()) {
          if (asides[index] || /reboot|dpkg-reconfigure|<[^>]+>/.test(command)) continue
          const terminal = /^(ssh|curl|scp)\b/.test(command) ? pc : server
          const start = performance.now()
          await terminal.run(command, ['yes', 'student', 'y'], courseKeys(command))
          times.push(performance.now() - start)
          if (command.startsWith('ssh')) await pc.run('exit')
        }
      }
    }
    const start = performance.now()
    await server.run('sudo check')
    check.push(performance.now() - start)
  }
  return { times, check }
}

function chunkClosure(output: Rollup.OutputChunk[], entry: Rollup.OutputChunk, exclude: Set<string>): Set<Rollup.OutputChunk> {
  const byName = new Map(output.map((chunk) => [chunk.fileName, chunk]))
  const seen = new Set<Rollup.OutputChunk>()
  const visit = (chunk: Rollup.OutputChunk) => {
    if (seen.has(chunk) || exclude.has(chunk.fileName)) return
    seen.add(chunk)
    for (const name of chunk.imports) {
      const next = byName.get(name)
      if (next) visit(next)
    }
  }
  visit(entry)
  return seen
}

async function sizes(): Promise<void> {
  const result = (await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' })) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((one) => one.output)
  const chunks = outputs.filter((item): item is Rollup.OutputChunk => item.type === 'chunk')
  const gz = (chunk: Rollup.OutputChunk) => gzipSync(chunk.code, { level: 9 }).length
  const entry = chunks.find((chunk) => chunk.isEntry)
  if (!entry) throw new Error('no entry chunk in the build')
  const firstPage = chunkClosure(chunks, entry, new Set())
  const firstNames = new Set([...firstPage].map((chunk) => chunk.fileName))
  const find = (suffix: string) => chunks.find((chunk) => chunk.facadeModuleId?.endsWith(suffix))
  const terminal = find('src/client/components/PracticeTerminal.vue')
  const machine = find('src/sandbox/practice.ts')
  const lessonPage = find('src/client/pages/LessonPage.vue')
  if (!terminal || !machine || !lessonPage) throw new Error('the build has no terminal, machine or lesson page chunk')
  // Loaded with the lesson page already, before any terminal opens.
  const before = new Set([...firstNames, ...[...chunkClosure(chunks, lessonPage, firstNames)].map((chunk) => chunk.fileName)])
  const opened = new Set([...chunkClosure(chunks, terminal, before), ...chunkClosure(chunks, machine, before)])
  const css = outputs.filter((item): item is Rollup.OutputAsset => item.type === 'asset' && item.fileName.endsWith('.css'))
  const terminalCss = css.filter((asset) => [...opened].some((chunk) => chunk.viteMetadata?.importedCss.has(asset.fileName)))
  const sum = (items: Iterable<Rollup.OutputChunk>) => [...items].reduce((total, chunk) => total + gz(chunk), 0)
  console.log(`first page JS          gzip ${kb(sum(firstPage)).padStart(9)}   (budget 120 KB)`)
  console.log(`terminal chunks (${opened.size})    gzip ${kb(sum(opened)).padStart(9)}   (budget 450 KB; loaded when the terminal opens)`)
  for (const chunk of [...opened].sort((a, b) => gz(b) - gz(a))) console.log(`    ${chunk.fileName.padEnd(46)} ${kb(gz(chunk)).padStart(9)}`)
  for (const asset of terminalCss) console.log(`    ${asset.fileName.padEnd(46)} ${kb(gzipSync(asset.source).length).padStart(9)} (css)`)
}

async function main(): Promise<void> {
  const { times, check } = await commandTimes()
  console.log(`commands over the course: ${times.length} (5 rounds)`)
  console.log(`  median per command     ${median(times).toFixed(3)} ms   (target ≤ 2 ms)`)
  console.log(`  slowest command        ${Math.max(...times).toFixed(1)} ms`)
  console.log(`  sudo check, median     ${median(check).toFixed(1)} ms   (target ≤ 50 ms)`)
  await sizes()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error)
  process.exit(1)
})
