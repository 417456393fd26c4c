/** argv → a grade command. Pure: usage errors come back as texts, nothing exits here. */
import { exportFormats, type ExportFormat } from '../export.ts'
import { isValidHost } from '../hosts.ts'
import type { Text } from '../messages.ts'
import { isValidStudentId } from '../roster.ts'

export type Command =
  | { name: 'help' }
  | { name: 'init'; force: boolean }
  | { name: 'class-add'; className: string }
  | { name: 'class-list' }
  | { name: 'student-add'; className: string; studentId: string; studentName?: string | undefined; host?: string | undefined }
  | { name: 'student-import'; className: string; file: string }
  | { name: 'student-token'; className: string; studentId: string }
  | { name: 'export'; className: string; format: ExportFormat; output?: string | undefined }
  | {
      name: 'pull'
      className: string
      user?: string | undefined
      identity?: string | undefined
      port: number
      timeoutSeconds: number
      concurrency: number
      checker?: string | undefined
      probe: boolean
      only: string[]
    }

export interface Invocation {
  dataDir: string
  command: Command
}

export type Parsed = { ok: true; invocation: Invocation } | { ok: false; error: Text }

const valueOptions = new Set(['--data', '--name', '--host', '--format', '--output', '--user', '--identity', '--port', '--timeout', '--concurrency', '--checker', '--student'])
const flagOptions = new Set(['--force', '--no-probe', '--help'])

const usage = (ja: string, en: string): Parsed => ({ ok: false, error: { ja, en } })

function integer(value: string, min: number, max: number): number | undefined {
  if (!/^\d+$/.test(value)) return undefined
  const number = Number(value)
  return number >= min && number <= max ? number : undefined
}

export function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = []
  const values = new Map<string, string[]>()
  const flags = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positional.push(...argv.slice(i + 1))
      break
    }
    if (arg === '-h') {
      flags.add('--help')
      continue
    }
    if (arg.startsWith('--')) {
      const equals = arg.indexOf('=')
      const name = equals === -1 ? arg : arg.slice(0, equals)
      if (flagOptions.has(name) && equals === -1) {
        flags.add(name)
        continue
      }
      if (!valueOptions.has(name)) return usage(`知らないオプションです: ${name}`, `unknown option: ${name}`)
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1)
      if (value === undefined || value === '') return usage(`${name} には値が必要です`, `${name} needs a value`)
      values.set(name, [...(values.get(name) ?? []), value])
      continue
    }
    positional.push(arg)
  }
  const one = (name: string): string | undefined => values.get(name)?.at(-1)
  const dataDir = one('--data') ?? 'data'
  if (flags.has('--help') || positional.length === 0) return { ok: true, invocation: { dataDir, command: { name: 'help' } } }

  const [verb, sub, ...rest] = positional
  const allowed = (...names: string[]): Parsed | undefined => {
    for (const name of [...values.keys(), ...flags]) {
      if (name !== '--data' && !names.includes(name)) return usage(`${name} はこのコマンドでは使えません`, `${name} does not apply to this command`)
    }
    return undefined
  }
  const count = (expected: number, form: string): Parsed | undefined =>
    positional.length === expected ? undefined : usage(`使い方: grade ${form}`, `usage: grade ${form}`)
  const done = (command: Command): Parsed => ({ ok: true, invocation: { dataDir, command } })

  switch (verb) {
    case 'init':
      return allowed('--force') ?? count(1, 'init [--force]') ?? done({ name: 'init', force: flags.has('--force') })
    case 'class':
      if (sub === 'add') {
        const error = allowed() ?? count(3, 'class add NAME')
        if (error) return error
        const className = rest[0]!.trim()
        if (!className || className.length > 100) return usage('クラス名は 1〜100 文字にしてください', 'a class name has 1 to 100 characters')
        return done({ name: 'class-add', className })
      }
      if (sub === 'list') return allowed() ?? count(2, 'class list') ?? done({ name: 'class-list' })
      return usage('使い方: grade class add NAME | grade class list', 'usage: grade class add NAME | grade class list')
    case 'student':
      if (sub === 'add') {
        const error = allowed('--name', '--host') ?? count(4, 'student add CLASS ID [--name 氏名] [--host ADDRESS]')
        if (error) return error
        const studentId = rest[1]!
        const host = one('--host')
        const studentName = one('--name')
        if (!isValidStudentId(studentId)) return usage(`学籍番号が不正です: ${JSON.stringify(studentId)}`, `invalid student id: ${JSON.stringify(studentId)}`)
        if (host !== undefined && !isValidHost(host)) return usage(`ホストが不正です: ${JSON.stringify(host)}`, `invalid host: ${JSON.stringify(host)}`)
        if (studentName !== undefined && studentName.length > 100) return usage('氏名が長すぎます (100 文字まで)', 'name too long (100 characters at most)')
        return done({ name: 'student-add', className: rest[0]!, studentId, studentName, host })
      }
      if (sub === 'import') return allowed() ?? count(4, 'student import CLASS FILE.csv') ?? done({ name: 'student-import', className: rest[0]!, file: rest[1]! })
      if (sub === 'token') return allowed() ?? count(4, 'student token CLASS ID') ?? done({ name: 'student-token', className: rest[0]!, studentId: rest[1]! })
      return usage('使い方: grade student add|import|token …', 'usage: grade student add|import|token …')
    case 'export': {
      const error = allowed('--format', '--output') ?? count(2, 'export CLASS [--format csv|json] [--output FILE]')
      if (error) return error
      const format = one('--format') ?? 'csv'
      if (!(exportFormats as readonly string[]).includes(format)) return usage(`--format は csv か json です: ${format}`, `--format is csv or json, not ${format}`)
      return done({ name: 'export', className: sub!, format: format as ExportFormat, output: one('--output') })
    }
    case 'pull': {
      const error =
        allowed('--user', '--identity', '--port', '--timeout', '--concurrency', '--checker', '--no-probe', '--student') ??
        count(2, 'pull CLASS [--user NAME] [--identity KEY] [--port 54723] [--timeout 120] [--concurrency 16] [--student ID]…')
      if (error) return error
      const port = integer(one('--port') ?? '54723', 1, 65535)
      const timeoutSeconds = integer(one('--timeout') ?? '120', 1, 3600)
      const concurrency = integer(one('--concurrency') ?? '16', 1, 256)
      if (port === undefined) return usage('--port は 1〜65535 です', '--port is 1 to 65535')
      if (timeoutSeconds === undefined) return usage('--timeout は 1〜3600 秒です', '--timeout is 1 to 3600 seconds')
      if (concurrency === undefined) return usage('--concurrency は 1〜256 です', '--concurrency is 1 to 256')
      const user = one('--user')
      if (user !== undefined && !/^[a-z_][a-z0-9_.-]{0,31}$/i.test(user)) return usage(`ユーザー名が不正です: ${user}`, `invalid user name: ${user}`)
      return done({
        name: 'pull',
        className: sub!,
        user,
        identity: one('--identity'),
        port,
        timeoutSeconds,
        concurrency,
        checker: one('--checker'),
        probe: !flags.has('--no-probe'),
        only: values.get('--student') ?? [],
      })
    }
    default:
      return usage(`知らないコマンドです: ${verb}`, `unknown command: ${verb}`)
  }
}
