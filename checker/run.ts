/**
 * One run of `check`: parse arguments, observe, judge, report. Returns the exit code instead of
 * exiting so tests and the watch loop can call it; only cli.ts touches `process`, and the host
 * comes from the caller, so the practice machine runs this same code in the browser.
 */
import { course } from '../src/shared/course.ts'
import type { CatalogSettings } from './catalog.ts'
import { parseArgs, type CliOptions } from './cli/args.ts'
import { helpText } from './cli/help.ts'
import { listText } from './cli/list.ts'
import { facts as factsSchema } from './facts.ts'
import { collectFacts, type Host } from './probes/index.ts'
import { buildReport, exitCodeFor, reporters, toolName, type Report } from './report/index.ts'
import { evaluate } from './rules/index.ts'
import { version } from './version.ts'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  env: Record<string, string | undefined>
  stdoutIsTty: boolean
  sleep(ms: number): Promise<void>
  /** The machine to observe: the live system, a recorded one (`--fixture-root`), or the practice server. */
  createHost(options: { fixtureRoot?: string; timeoutMs?: number }): Host
}

export const watchIntervalMs = 2000
const clearScreen = '\u001b[H\u001b[2J'

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, { env: io.env, stdoutIsTty: io.stdoutIsTty })
  if (!parsed.ok) {
    io.stderr(`check: ${parsed.error}\n詳しくは check --help を見てください。\n`)
    return 2
  }
  const options = parsed.options
  const settings: CatalogSettings = {
    sshPort: options.sshPort ?? course.sshPort,
    httpPort: options.httpPort ?? course.httpPort,
    defaultSshPort: course.defaultSshPort,
    listsMaxAgeDays: options.listsMaxAgeDays ?? course.listsMaxAgeDays,
  }
  if (options.help) {
    io.stdout(helpText(settings, options.lang))
    return 0
  }
  if (options.list) {
    io.stdout(listText(settings, options.lang))
    return 0
  }
  if (options.version) {
    io.stdout(`${toolName} ${version}\n`)
    return 0
  }
  try {
    const host = io.createHost({ fixtureRoot: options.fixtureRoot, timeoutMs: options.timeoutMs })
    for (;;) {
      const report = await checkOnce(host, options, settings)
      const output = reporters[options.reporter](report, { lang: options.lang, color: options.color })
      const code = exitCodeFor(report)
      if (!options.watch) {
        io.stdout(output)
        return code
      }
      io.stdout((io.stdoutIsTty ? clearScreen : '') + output)
      if (code === 0) return 0
      await io.sleep(watchIntervalMs)
    }
  } catch (error) {
    io.stderr(`check: 内部エラーです (internal error): ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
}

export async function checkOnce(host: Host, options: Pick<CliOptions, 'selected' | 'lang'>, settings: CatalogSettings): Promise<Report> {
  const startedAt = new Date()
  // Date, not performance: Node 12 has no global performance.
  const start = Date.now()
  const { facts } = await collectFacts(host, { checks: options.selected })
  // Probes are ours, but a shape they were not meant to produce must stop here, not mislead a rule.
  const checked = factsSchema.safeParse(facts)
  if (!checked.success) throw new Error(`facts do not match the schema: ${checked.error.message}`)
  const results = evaluate(checked.data, settings, options.selected)
  return buildReport({ facts: checked.data, results, settings, lang: options.lang, version, startedAt, durationMs: Date.now() - start })
}
