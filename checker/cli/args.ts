/** argv → options. Pure: no process, no exit; usage errors come back as messages. */
import { checkIds, type CheckId } from '../catalog.ts'
import { checkGroups, type Lang } from '../report/schema.ts'
import type { ReporterName } from '../report/reporters/index.ts'
import { reportsEndpoint, siteBase, tokenProblem } from '../submit/endpoint.ts'

export interface CliOptions {
  selected: CheckId[]
  reporter: ReporterName
  lang: Lang
  color: boolean
  watch: boolean
  /** `--timeout`: overrides every command's own limit; absent, each probe uses its own (apt 60 s, the rest 10 s) */
  timeoutMs?: number
  listsMaxAgeDays?: number
  sshPort?: number
  httpPort?: number
  /** hidden: read a recorded machine instead of this one (tests) */
  fixtureRoot?: string
  help: boolean
  /** `check login URL TOKEN`: save the grading server and the learner's token, check nothing */
  login?: { url: string; token: string }
  /** `check logout`: forget the saved login (the unsent reports stay), check nothing */
  logout: boolean
  /** `--submit [URL]`: post the report; url (the reports endpoint) and token absent → the saved login */
  submit?: { url?: string; token?: string }
  /** `--link`: print only the progress link */
  link: boolean
  /** `--site URL`: the site the progress link points to (the site's root, ends with /) */
  site?: string
  /** print every check id with its group and title */
  list: boolean
  version: boolean
}

export type ParsedArgs = { ok: true; options: CliOptions } | { ok: false; error: string }

export interface ArgsEnvironment {
  env: Record<string, string | undefined>
  stdoutIsTty: boolean
}

export function defaultLang(env: Record<string, string | undefined>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || ''
  return /^en([_.@-]|$)/i.test(locale) ? 'en' : 'ja'
}

/**
 * Colour as the conventions say (no-color.org, force-color.org, terminfo's `dumb`): NO_COLOR wins,
 * then FORCE_COLOR (any value but "0" forces it even into a pipe), then a terminal that is not dumb.
 */
export function defaultColor(env: Record<string, string | undefined>, stdoutIsTty: boolean): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR) return env.FORCE_COLOR !== '0'
  return stdoutIsTty && env.TERM !== 'dumb'
}

const valueOptions = ['--lang', '--timeout', '--max-age', '--ssh-port', '--http-port', '--fixture-root', '--token', '--site'] as const

/** `--submit URL`: the next word is its URL unless it is an option, a group or a check id (a URL is never one). */
function isSelectionWord(word: string): boolean {
  return (checkGroups as readonly string[]).includes(word) || (checkIds as readonly string[]).includes(word)
}

export function parseArgs(argv: readonly string[], environment: ArgsEnvironment): ParsedArgs {
  const options: CliOptions = {
    selected: [],
    reporter: 'text',
    lang: defaultLang(environment.env),
    color: defaultColor(environment.env, environment.stdoutIsTty),
    watch: false,
    help: false,
    logout: false,
    link: false,
    list: false,
    version: false,
  }
  const selection: string[] = []
  let submitUrl: string | undefined
  let token: string | undefined
  let submit = false
  // options that only mean something to a check (or a submit): login and logout take none of them
  const checkOptions: string[] = []
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    // `--` ends the options: everything after it is a group or a check id.
    if (arg === '--') {
      selection.push(...argv.slice(index + 1))
      break
    }
    // `check help` as git and npm users expect; only as the first word, so it never hides an id.
    if (arg === 'help' && selection.length === 0) {
      options.help = true
      continue
    }
    // `check login URL TOKEN`: a command of its own, the first word that is not an option.
    if (arg === 'login' && selection.length === 0 && !options.login) {
      const [url, token, ...rest] = argv.slice(index + 1)
      // a token may start with "-" (base64url): only the URL cannot
      if (url === undefined || token === undefined || url.startsWith('-')) return { ok: false, error: '使い方: check login URL TOKEN (usage: check login URL TOKEN)' }
      const endpoint = reportsEndpoint(url)
      if (!endpoint.ok) return { ok: false, error: endpoint.error }
      const problem = tokenProblem(token)
      if (problem) return { ok: false, error: problem }
      options.login = { url: endpoint.url, token }
      index += 2
      if (rest.length > 0 && !rest[0]!.startsWith('-')) return { ok: false, error: '使い方: check login URL TOKEN (usage: check login URL TOKEN)' }
      continue
    }
    // `check logout`: likewise a command only as the first word that is not an option; it takes no word of its own.
    if (arg === 'logout' && selection.length === 0 && !options.logout) {
      const next = argv[index + 1]
      if (next !== undefined && !next.startsWith('-')) return { ok: false, error: '使い方: check logout (usage: check logout)' }
      options.logout = true
      continue
    }
    if (arg === '--submit' || arg.startsWith('--submit=')) {
      submit = true
      checkOptions.push('--submit')
      const next = arg === '--submit' ? argv[index + 1] : undefined
      if (arg.startsWith('--submit=')) submitUrl = arg.slice('--submit='.length)
      else if (next !== undefined && !next.startsWith('-') && !isSelectionWord(next)) {
        submitUrl = next
        index++
      }
      continue
    }
    const [flag, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined]
    if ((valueOptions as readonly string[]).includes(flag)) {
      const value = inlineValue ?? argv[++index]
      if (value === undefined) return { ok: false, error: `${flag} には値が必要です (${flag} needs a value)` }
      if (flag !== '--lang') checkOptions.push(flag)
      const problem = applyValue(options, flag as (typeof valueOptions)[number], value, (given) => (token = given))
      if (problem) return { ok: false, error: problem }
      continue
    }
    if (['--json', '--junit', '--watch', '--list', '--link'].includes(flag)) checkOptions.push(flag)
    switch (flag) {
      case '--json':
      case '--junit':
        // The same option twice is harmless; two different reporters are not.
        if (options.reporter !== 'text' && options.reporter !== flag.slice(2)) return { ok: false, error: '--json と --junit は同時に使えません (use only one of --json, --junit)' }
        options.reporter = flag === '--json' ? 'json' : 'junit'
        break
      case '--watch':
        options.watch = true
        break
      case '--no-color':
        options.color = false
        break
      case '--color':
        options.color = true
        break
      case '--help':
      case '-h':
        options.help = true
        break
      case '--list':
        options.list = true
        break
      case '--link':
        options.link = true
        break
      case '--version':
      case '-V':
        options.version = true
        break
      default:
        if (flag.startsWith('-')) return { ok: false, error: `不明なオプションです: ${flag} (unknown option)` }
        selection.push(flag)
    }
  }
  if (options.watch && options.reporter !== 'text') return { ok: false, error: '--watch は --json / --junit と一緒に使えません (--watch is for the text report)' }
  const extra = [...checkOptions, ...selection][0]
  if (options.login && extra !== undefined) return { ok: false, error: `check login にはほかの指定をつけられません: ${extra} (check login URL TOKEN takes nothing else but --lang)` }
  if (options.logout && (options.login || extra !== undefined)) return { ok: false, error: `check logout にはほかの指定をつけられません: ${options.login ? 'login' : extra} (check logout takes nothing else but --lang)` }
  if (options.link && (options.reporter !== 'text' || options.watch || submit)) return { ok: false, error: '--link はリンクだけを表示します。--json / --junit / --watch / --submit とは一緒に使えません (--link prints only the link)' }
  if (submit) {
    if (options.watch) return { ok: false, error: '--submit と --watch は一緒に使えません (--submit runs once)' }
    if (selection.length > 0) return { ok: false, error: '提出するときはすべての項目を確かめます。グループや項目は指定できません (--submit checks everything)' }
    if (token !== undefined && submitUrl === undefined) return { ok: false, error: '--token には提出先の URL も必要です: --submit URL --token TOKEN (--token needs --submit URL)' }
    let url: string | undefined
    if (submitUrl !== undefined) {
      const endpoint = reportsEndpoint(submitUrl)
      if (!endpoint.ok) return { ok: false, error: endpoint.error }
      url = endpoint.url
    }
    options.submit = { url, token }
  } else if (token !== undefined) {
    return { ok: false, error: '--token は --submit と一緒に使います (--token goes with --submit URL)' }
  }
  const selected = resolveSelection(selection)
  if (typeof selected === 'string') return { ok: false, error: selected }
  options.selected = selected
  return { ok: true, options }
}

function applyValue(options: CliOptions, flag: (typeof valueOptions)[number], value: string, setToken: (token: string) => void): string | undefined {
  const positive = (text: string, max: number) => (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0 && Number(text) <= max ? Number(text) : undefined)
  switch (flag) {
    case '--lang':
      if (value !== 'ja' && value !== 'en') return `--lang は ja か en です (--lang takes ja or en): ${value}`
      options.lang = value
      return
    case '--timeout': {
      const seconds = positive(value, 600)
      if (seconds === undefined) return `--timeout は秒数です (seconds, 0 < n ≤ 600): ${value}`
      options.timeoutMs = Math.round(seconds * 1000)
      return
    }
    case '--max-age': {
      const days = positive(value, 3650)
      if (days === undefined) return `--max-age は日数です (days): ${value}`
      options.listsMaxAgeDays = days
      return
    }
    case '--ssh-port':
    case '--http-port': {
      const port = /^\d{1,5}$/.test(value) ? Number(value) : 0
      if (port < 1 || port > 65535) return `${flag} はポート番号 1〜65535 です (a port 1-65535): ${value}`
      if (flag === '--ssh-port') options.sshPort = port
      else options.httpPort = port
      return
    }
    case '--fixture-root':
      options.fixtureRoot = value
      return
    case '--token': {
      const problem = tokenProblem(value)
      if (problem) return problem
      setToken(value)
      return
    }
    case '--site': {
      const base = siteBase(value)
      if (!base.ok) return base.error
      options.site = base.url
      return
    }
  }
}

/** Each argument is a group (`ssh`) or a check id (`ssh.port-listening`); none means all. */
function resolveSelection(selection: readonly string[]): CheckId[] | string {
  if (selection.length === 0) return [...checkIds]
  const chosen = new Set<CheckId>()
  for (const word of selection) {
    if ((checkGroups as readonly string[]).includes(word)) {
      for (const id of checkIds) if (id.startsWith(`${word}.`)) chosen.add(id)
    } else if ((checkIds as readonly string[]).includes(word)) {
      chosen.add(word as CheckId)
    } else {
      return `不明な項目です: ${word}(グループ: ${checkGroups.join(', ')}) (unknown check or group)`
    }
  }
  return checkIds.filter((id) => chosen.has(id))
}
