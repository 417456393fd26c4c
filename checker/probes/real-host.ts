/** The live machine. Read-only: files are only read, commands only ever observe. */
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import type { FileRead, Host, RunResult } from './host.ts'

/** sshd, ufw and iptables live in sbin, which a normal user's PATH often lacks. */
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const maxOutputBytes = 16 * 1024 * 1024

export function createRealHost(options: { timeoutMs: number }): Host {
  return {
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    hostname: () => hostname(),
    now: () => new Date(),
    readFile,
    listDir(path) {
      try {
        return readdirSync(path)
      } catch {
        return undefined
      }
    },
    mtime(path) {
      try {
        return statSync(path).mtime
      } catch {
        return undefined
      }
    },
    exists: (path) => existsSync(path),
    readLink(path) {
      try {
        return readlinkSync(path)
      } catch {
        return undefined
      }
    },
    run: (command, args) => runCommand(command, args, options.timeoutMs),
  }
}

function readFile(path: string): FileRead {
  try {
    return { text: readFileSync(path, 'utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { error: 'missing', message: `${path}: not found` }
    if (code === 'EACCES' || code === 'EPERM') return { error: 'denied', message: `${path}: permission denied` }
    return { error: 'failed', message: `${path}: ${code ?? String(error)}` }
  }
}

function runCommand(command: string, args: readonly string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: maxOutputBytes,
        encoding: 'utf8',
        // LC_ALL=C: the parsers read English output; nothing may prompt or page.
        env: { ...process.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: '', PATH: `${systemPath}:${process.env.PATH ?? ''}`, SYSTEMD_PAGER: '', PAGER: 'cat', DEBIAN_FRONTEND: 'noninteractive' },
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, code: 0, stdout, stderr })
        const failure = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string }
        if (failure.code === 'ENOENT') return resolve({ ok: false, reason: 'missing', message: `${command}: command not found` })
        if (failure.killed) return resolve({ ok: false, reason: 'timeout', message: `${command}: no answer within ${timeoutMs / 1000} s` })
        if (typeof failure.code === 'number') return resolve({ ok: true, code: failure.code, stdout, stderr })
        resolve({ ok: false, reason: 'failed', message: `${command}: ${failure.message}` })
      },
    )
  })
}
