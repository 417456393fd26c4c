import { spawn } from 'node:child_process'

export interface RunOptions {
  /** Kill the whole process group after this long. Every wait in the lab has one. */
  timeoutMs: number
  input?: string
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Return a non-zero exit instead of throwing. */
  allowFail?: boolean
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
  timedOut: boolean
}

export class CommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    const why = result.timedOut ? 'timed out' : `exited ${result.code}`
    super(`${argv.join(' ')} ${why}\n--- stdout\n${tail(result.stdout)}\n--- stderr\n${tail(result.stderr)}`)
  }
}

function tail(text: string, max = 4000): string {
  return text.length > max ? `…${text.slice(-max)}` : text
}

/** Runs argv (no shell) in its own process group, so a timeout kills everything it started. */
export function run(argv: readonly string[], options: RunOptions): Promise<RunResult> {
  const [file, ...args] = argv
  if (!file) throw new Error('run: empty argv')
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => {
      timedOut = true
      killGroup(child.pid)
    }, options.timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const result = { code: code ?? (signal ? 128 : 1), stdout, stderr, timedOut }
      if ((result.code !== 0 || timedOut) && !options.allowFail) reject(new CommandError(argv, result))
      else resolve(result)
    })
    child.stdin.on('error', () => {})
    child.stdin.end(options.input ?? '')
  })
}

function killGroup(pid: number | undefined): void {
  if (!pid) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // already gone
  }
}

/** Polls until `probe` returns a value, or throws after timeoutMs with the last reason. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs, intervalMs = 250 }: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    }
    await sleep(intervalMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
