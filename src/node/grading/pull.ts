/**
 * Pull grading: log in to each learner's registered host with the system's ssh client, run the
 * bundled checker as root from stdin (nothing is installed on the learner's server), and store the
 * report as if the learner had submitted it. A clear reason for every host that failed.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { course } from '../../shared/course.ts'
import { createLimit } from './limit.ts'
import type { Text } from './messages.ts'
import { checkReport } from './report-input.ts'
import type { GradingService } from './service.ts'
import type { ReportSummary, StudentRecord } from './store/index.ts'

export const pullFailures = ['no-host', 'auth', 'host-key', 'refused', 'unreachable', 'timeout', 'ssh', 'sudo-password', 'no-node', 'bad-json', 'invalid-report', 'store'] as const
export type PullFailure = (typeof pullFailures)[number]

export type HostResult =
  | { ok: true; student: StudentRecord; host: string; reportId: number; summary: ReportSummary; ms: number }
  | { ok: false; student: StudentRecord; host: string | null; reason: PullFailure; text: Text; detail: string; ms: number }

export interface SshOptions {
  /** the program and its first arguments @default ['ssh'] */
  command?: readonly string[]
  /** @default 54723 */
  port?: number
  /** login name on the learner's server; ssh's own default otherwise */
  user?: string | undefined
  /** private key file (-i); the agent is used otherwise */
  identity?: string | undefined
  /** @default 10 */
  connectTimeoutSeconds?: number
}

export interface PullOptions {
  service: GradingService
  students: readonly StudentRecord[]
  /** dist/check.mjs, from `npm run build:checker` */
  checkerPath: string
  ssh?: SshOptions
  /** per host, from starting ssh to the last byte @default 120000 */
  timeoutMs?: number
  /** hosts at once @default 16 */
  concurrency?: number
  /** called as each host finishes */
  onResult?: (result: HostResult) => void
}

const failureTexts: Record<PullFailure, Text> = {
  'no-host': { ja: 'ホストが登録されていません (student add --host)', en: 'no host registered (student add --host)' },
  auth: { ja: 'SSH の認証に失敗しました (講師の公開鍵が登録されていない)', en: 'SSH authentication failed (the instructor key is not authorised)' },
  'host-key': { ja: 'ホスト鍵が以前と違います (known_hosts を確認)', en: 'the host key changed (check known_hosts)' },
  refused: { ja: 'SSH の接続を拒否されました (ポートが違う・sshd が動いていない)', en: 'SSH connection refused (wrong port or sshd not running)' },
  unreachable: { ja: 'ホストに届きません (アドレス・経路・名前解決)', en: 'host unreachable (address, route or name)' },
  timeout: { ja: '時間内に終わりませんでした', en: 'timed out' },
  ssh: { ja: 'SSH でエラーが起きました', en: 'ssh failed' },
  'sudo-password': { ja: 'sudo にパスワードが必要です (NOPASSWD の設定が必要)', en: 'sudo needs a password (NOPASSWD needed)' },
  'no-node': { ja: 'node がありません (sudo apt install nodejs)', en: 'node is not installed (sudo apt install nodejs)' },
  'bad-json': { ja: 'check の出力が JSON ではありません', en: 'check did not print JSON' },
  'invalid-report': { ja: 'check の出力がレポートの形をしていません (check の版が古い?)', en: 'check printed something that is not a report (an old check?)' },
  store: { ja: 'レポートを保存できませんでした', en: 'could not store the report' },
}

export function failureText(reason: PullFailure): Text {
  return failureTexts[reason]
}

/** The ssh command line for one host: batch mode, the course port, new host keys accepted once. */
export function sshArguments(host: string, options: SshOptions = {}): string[] {
  const args = [
    '-p',
    String(options.port ?? course.sshPort),
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=accept-new',
    '-o',
    `ConnectTimeout=${options.connectTimeoutSeconds ?? 10}`,
    '-o',
    'LogLevel=ERROR',
  ]
  if (options.identity) args.push('-i', options.identity, '-o', 'IdentitiesOnly=yes')
  if (options.user) args.push('-l', options.user)
  args.push('--', host, 'sudo -n node - --json')
  return args
}

/**
 * What goes over stdin. `node -` names its script "-", and the bundle's loader needs an absolute
 * path for createRequire, so a first line gives it one (in the remote working directory; nothing is
 * written there). The bundle's shebang line is dropped: it is valid only as the very first line.
 */
export function remoteScript(bundle: string): string {
  const body = bundle.startsWith('#!') ? bundle.slice(bundle.indexOf('\n') + 1) : bundle
  return `process.argv[1]=require("path").resolve("check.mjs");\n${body}`
}

/** Why a run without a report failed, from ssh's exit code and what it and the remote wrote. */
export function classifyFailure(exitCode: number | null, stderr: string, timedOut: boolean): PullFailure {
  if (timedOut) return 'timeout'
  if (/Permission denied \(|Too many authentication failures/i.test(stderr)) return 'auth'
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) return 'host-key'
  if (/Connection refused/i.test(stderr)) return 'refused'
  if (/timed out/i.test(stderr)) return 'timeout'
  if (/No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Host is down/i.test(stderr)) return 'unreachable'
  if (exitCode === 255) return 'ssh'
  if (/sudo: (a terminal is required|a password is required|.*password)/i.test(stderr)) return 'sudo-password'
  if (exitCode === 127 || /node: (command )?not found|node: No such file/i.test(stderr)) return 'no-node'
  return 'bad-json'
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter(Boolean)
  return (lines.at(-1) ?? '').replace(/[^\x20-\x7e\u3000-\u9fff\uff00-\uffef]/g, '?').slice(0, 200)
}

interface RunOutput {
  exitCode: number | null
  stdout: string
  stderr: string
  timedOut: boolean
}

const maxOutput = 1024 * 1024

function runSsh(command: readonly string[], args: string[], input: string, timeoutMs: number): Promise<RunOutput> {
  return new Promise((resolve) => {
    const [program, ...first] = command
    const child = spawn(program!, [...first, ...args], { stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      if (stdout.length > maxOutput) child.kill('SIGKILL')
    })
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < maxOutput) stderr += chunk
    })
    // The remote may stop reading (no node): a broken pipe is expected, not an error.
    child.stdin.on('error', () => {})
    child.stdin.end(input)
    child.on('error', (error) => {
      stderr += `\n${error.message}`
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ exitCode: code, stdout, stderr, timedOut })
    })
  })
}

/** Pulls every student given (16 at a time); results in the students' order. */
export async function pullStudents(options: PullOptions): Promise<HostResult[]> {
  const script = remoteScript(await readFile(options.checkerPath, 'utf8'))
  const limit = createLimit(options.concurrency ?? 16)
  const timeoutMs = options.timeoutMs ?? 120_000
  const command = options.ssh?.command ?? ['ssh']

  async function pullOne(student: StudentRecord): Promise<HostResult> {
    const started = Date.now()
    const failed = (reason: PullFailure, detail: string): HostResult => ({
      ok: false,
      student,
      host: student.host,
      reason,
      text: failureTexts[reason],
      detail,
      ms: Date.now() - started,
    })
    if (!student.host) return failed('no-host', '')
    const output = await runSsh(command, sshArguments(student.host, options.ssh), script, timeoutMs)
    let parsed: unknown
    let json = false
    if (!output.timedOut) {
      try {
        parsed = JSON.parse(output.stdout)
        json = true
      } catch {
        json = false
      }
    }
    if (!json) {
      const reason = classifyFailure(output.exitCode, output.stderr, output.timedOut)
      return failed(reason, lastLine(output.stderr) || lastLine(output.stdout))
    }
    const checked = checkReport(parsed)
    if (!checked.ok) return failed('invalid-report', checked.issues.slice(0, 3).join('; '))
    try {
      const record = await options.service.submit({ student, address: student.host, source: 'pull', report: checked.report })
      return { ok: true, student, host: student.host, reportId: record.id, summary: record.summary, ms: Date.now() - started }
    } catch (error) {
      return failed('store', error instanceof Error ? error.message : String(error))
    }
  }

  return Promise.all(
    options.students.map((student) =>
      limit(async () => {
        const result = await pullOne(student)
        options.onResult?.(result)
        return result
      }),
    ),
  )
}
