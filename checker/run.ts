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
import { submitReport, type SubmitIo, type SubmitState } from './submit/index.ts'
import { version } from './version.ts'
import { progressUrl } from '../src/shared/progress-link.ts'

export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  env: Record<string, string | undefined>
  stdoutIsTty: boolean
  sleep(ms: number): Promise<void>
  /** The machine to observe: the live system, a recorded one (`--fixture-root`), or the practice server. */
  createHost(options: { fixtureRoot?: string; timeoutMs?: number }): Host
  /** Submitting and the saved login (the only network and the only writes); absent where there is no network (the practice machine). */
  submit?: SubmitIo
  /** The site the progress link points to; absent, no link is printed unless --site gives one (the practice machine marks its steps itself). */
  siteUrl?: string
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
  if (options.login) return saveLogin(options.login, options.lang, io)
  if (options.logout) return removeLogin(options.lang, io)
  const submission = options.submit ? resolveSubmission(options.submit, io) : undefined
  if (typeof submission === 'string') {
    io.stderr(`check: ${submission}\n`)
    return 2
  }
  const site = options.site ?? io.siteUrl
  if (options.link && !site) {
    io.stderr('check: リンク先のサイトが決まっていません。--site URL で指定してください (no site for the link: give --site URL)\n')
    return 2
  }
  try {
    const host = io.createHost({ fixtureRoot: options.fixtureRoot, timeoutMs: options.timeoutMs })
    for (;;) {
      const report = await checkOnce(host, options, settings)
      const code = exitCodeFor(report)
      const link = site ? progressUrl(site, Object.fromEntries(report.results.map((result) => [result.id, result.status]))) : undefined
      if (options.link) {
        io.stdout(`${link}\n`)
        return code
      }
      const output = reporters[options.reporter](report, { lang: options.lang, color: options.color }) + (options.reporter === 'text' && link ? linkText(link, options.lang) : '')
      if (!options.watch) {
        io.stdout(output)
        if (!submission || !io.submit) return code
        const result = await submitReport({ ...submission, body: reporters.json(report, { lang: options.lang, color: false }) }, io.submit, options.lang)
        // --json and --junit keep stdout for the report alone
        if (result.out) (options.reporter === 'text' ? io.stdout : io.stderr)(result.out)
        if (result.err) io.stderr(result.err)
        return result.failure ?? code
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

function linkText(link: string, lang: CliOptions['lang']): string {
  return lang === 'ja'
    ? `\nサイトの進み具合に反映するには、このリンクをブラウザで開いてください(項目ごとの結果だけで、サーバーの情報は含みません):\n  ${link}\n`
    : `\nTo show this on the course site, open this link (it carries each check's result only, nothing about this server):\n  ${link}\n`
}

/** The invoking user's store for `check login` / `check logout`, or undefined once stderr says why there is none. */
function loginStore(command: 'login' | 'logout', lang: CliOptions['lang'], io: CliIo): SubmitState | undefined {
  const state = io.submit?.state()
  if (!state) {
    io.stderr(`check: ここでは ${command} を使えません (no ${command} here: this check cannot submit)\n`)
    return undefined
  }
  if ('unavailable' in state) {
    io.stderr(`check: ${state.unavailable[lang]}\n`)
    return undefined
  }
  return state
}

function saveLogin(login: { url: string; token: string }, lang: CliOptions['lang'], io: CliIo): number {
  const state = loginStore('login', lang, io)
  if (!state) return 2
  let path: string
  try {
    path = state.saveLogin(login)
  } catch (error) {
    io.stderr(`check: ログイン情報を保存できませんでした (could not save the login): ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  io.stdout(
    lang === 'ja'
      ? `ログイン情報を保存しました: ${path}\n  提出先: ${login.url}\n次からは sudo check --submit だけで提出できます。\n`
      : `Login saved: ${path}\n  submitting to: ${login.url}\nFrom now on, sudo check --submit is enough.\n`,
  )
  return 0
}

/** `check logout`: delete the saved login; the reports still waiting to be sent stay, and are counted. */
function removeLogin(lang: CliOptions['lang'], io: CliIo): number {
  const state = loginStore('logout', lang, io)
  if (!state) return 2
  let result: { path: string; removed: boolean }
  try {
    result = state.removeLogin()
  } catch (error) {
    io.stderr(`check: ログイン情報を削除できませんでした (could not remove the login): ${error instanceof Error ? error.message : String(error)}\n`)
    return 2
  }
  if (result.removed) {
    io.stdout(
      lang === 'ja'
        ? `ログイン情報を削除しました: ${result.path}\nまた提出するときは check login URL TOKEN で保存し直してください。\n`
        : `Login removed: ${result.path}\nTo submit again, save it again with check login URL TOKEN.\n`,
    )
  } else {
    io.stdout(lang === 'ja' ? `保存したログイン情報はありません: ${result.path}\n` : `No saved login: ${result.path}\n`)
  }
  unsentNote(state, lang, io)
  return 0
}

/** After logout: the kept reports carry their own URL and token and are still sent by the next --submit, so say so. */
function unsentNote(state: SubmitState, lang: CliOptions['lang'], io: CliIo): void {
  let count: number
  try {
    count = state.queued().length
  } catch (error) {
    io.stderr(`check: 送っていない結果を数えられませんでした (could not count the unsent reports): ${error instanceof Error ? error.message : String(error)}\n`)
    return
  }
  if (count === 0) return
  const queue = `${state.location}/queue/`
  io.stdout(
    lang === 'ja'
      ? `送っていない結果が ${count} 件 ${queue} に残っています(削除していません)。次に提出するとき、それぞれ保存したときの提出先とトークンで先に送ります。\n`
      : `${count} unsent ${count === 1 ? 'report remains' : 'reports remain'} in ${queue} (not deleted). The next submit sends ${count === 1 ? 'it' : 'them'} first, each to the server and with the token it was kept with.\n`,
  )
}

/** The URL and token to submit with: from the command line, else the saved login; a string says why there are none. */
function resolveSubmission(given: { url?: string; token?: string }, io: CliIo): { url: string; token: string } | string {
  if (!io.submit) return 'ここからは提出できません (this check cannot submit)'
  if (given.url && given.token) return { url: given.url, token: given.token }
  const state = io.submit.state()
  let saved: { url: string; token: string } | undefined
  if (!('unavailable' in state)) {
    try {
      saved = state.loadLogin()
    } catch (error) {
      return `保存したログイン情報を読めません (cannot read the saved login): ${error instanceof Error ? error.message : String(error)}`
    }
  }
  if (given.url) {
    if (saved && saved.url === given.url) return saved
    return `${given.url} へのトークンがありません。--token TOKEN をつけるか、check login URL TOKEN で保存してください (no token for this URL: add --token TOKEN)`
  }
  if (saved) return saved
  const why = 'unavailable' in state ? ` ${state.unavailable.ja}` : ''
  return `提出先が決まっていません。check login URL TOKEN で保存するか、--submit URL --token TOKEN で指定してください (no saved login: run check login URL TOKEN, or give --submit URL --token TOKEN).${why}`
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
