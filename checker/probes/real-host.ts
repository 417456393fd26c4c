/** The live machine. Read-only: files are only read, commands only ever observe. */
import { execFile } from 'node:child_process'
import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readlinkSync, readSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import type { FileRead, Host, RunResult } from './host.ts'
import { defaultTimeoutMs } from './timeouts.ts'

/** sshd, ufw and iptables live in sbin, which a normal user's PATH often lacks. */
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
const maxOutputBytes = 16 * 1024 * 1024
/** No configuration file the checker reads is near this; a bigger one is not read (unknown). */
export const maxFileBytes = 1024 * 1024
/** /proc/net/tcp lists every connection (about 150 bytes each): a busy server passes 1 MiB. */
const maxProcBytes = 64 * 1024 * 1024

/**
 * `timeoutMs`, when given (the CLI's `--timeout`), overrides every command's own timeout; without
 * it each probe's timeout applies (checker/probes/timeouts.ts).
 */
export function createRealHost(options: { timeoutMs?: number } = {}): Host {
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
    run: (command, args, call) => runCommand(command, args, options.timeoutMs ?? call?.timeoutMs ?? defaultTimeoutMs),
  }
}

/**
 * One buffer for every read, never zero-filled: the checker reads dozens of small files, and a
 * fresh 1 MiB buffer for each cost a quarter of a millisecond (measured: 100 reads of a short
 * file took 26 ms). Only the bytes a read returned are copied out.
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024)

/**
 * Only regular files: a FIFO would block the open, /dev/zero would never end. O_NONBLOCK keeps a
 * FIFO swapped in after a check from blocking, and fstat on the open descriptor decides.
 */
function readFile(path: string): FileRead {
  let fd: number | undefined
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY)
    if (!fstatSync(fd).isFile()) return { error: 'failed', message: `${path}: not a regular file` }
    // /proc files say size 0, so read until the end or the cap, whatever stat says.
    const cap = path.startsWith('/proc/') ? maxProcBytes : maxFileBytes
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const count = readSync(fd, readBuffer, 0, readBuffer.length, null)
      if (count === 0) break
      chunks.push(Buffer.from(readBuffer.subarray(0, count)))
      length += count
      if (length > cap) return { error: 'failed', message: `${path}: larger than ${cap / 1024 / 1024} MiB, not read` }
    }
    return { text: Buffer.concat(chunks, length).toString('utf8') }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { error: 'missing', message: `${path}: not found` }
    if (code === 'EACCES' || code === 'EPERM') return { error: 'denied', message: `${path}: permission denied` }
    if (code === 'EISDIR') return { error: 'failed', message: `${path}: not a regular file` }
    return { error: 'failed', message: `${path}: ${code ?? String(error)}` }
  } finally {
    if (fd !== undefined) closeSync(fd)
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
        if (failure.killed) return resolve({ ok: false, reason: 'timeout', message: `${command}: no answer within ${timeoutMs / 1000} s`, timeoutMs })
        if (typeof failure.code === 'number') return resolve({ ok: true, code: failure.code, stdout, stderr })
        resolve({ ok: false, reason: 'failed', message: `${command}: ${failure.message}` })
      },
    )
  })
}
