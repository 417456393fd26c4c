/**
 * A recorded machine for tests and `--fixture-root DIR`. DIR holds:
 *   root/        files standing for `/` (root/etc/ssh/sshd_config is /etc/ssh/sshd_config;
 *                root/proc/PID/fd/N may be a symlink to socket:[INODE] with root/proc/PID/comm)
 *   commands/    one recording per command line: <slug>.stdout, optional <slug>.stderr and
 *                <slug>.exit (exit code, default 0) or <slug>.timeout (the command hangs);
 *                a command without a recording behaves as "not installed"
 *   host.json    { root, hostname, now, mtimes: {path: ISO time}, denied: [paths] }
 * Recorded mtimes stand in for real ones because git does not keep file times.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { FileRead, Host, RunResult } from './host.ts'
import { defaultTimeoutMs } from './timeouts.ts'

const hostFile = z
  .object({
    root: z.boolean(),
    hostname: z.string().default('fixture'),
    now: z.string(),
    mtimes: z.record(z.string(), z.string()).default({}),
    /** paths a non-root user may not read (only applies when root is false) */
    denied: z.array(z.string()).default([]),
  })
  .strict()

export function commandSlug(command: string, args: readonly string[]): string {
  return [command, ...args].join(' ').replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 120)
}

/**
 * Options apt gained after recordings were made; a recording under the older command line still
 * answers for the newer one (the planner log switch changes nothing apt prints).
 */
const addedSinceRecording: readonly (readonly [string, string])[] = [['-o', 'Dir::Log::Planner=']]

function slugCandidates(command: string, args: readonly string[]): string[] {
  let older = [...args]
  for (const [flag, value] of addedSinceRecording) {
    const at = older.findIndex((arg, index) => arg === flag && older[index + 1] === value)
    if (at >= 0) older = [...older.slice(0, at), ...older.slice(at + 2)]
  }
  return [...new Set([commandSlug(command, args), commandSlug(command, older)])]
}

/** `timeoutMs` (`--timeout`) overrides the per-call timeout in the message of a recorded hang. */
export function createFixtureHost(dir: string, options: { timeoutMs?: number } = {}): Host {
  const settings = hostFile.parse(JSON.parse(readFileSync(join(dir, 'host.json'), 'utf8')))
  const rootDir = join(dir, 'root')
  const isDenied = (path: string) => !settings.root && settings.denied.some((denied) => path === denied || path.startsWith(`${denied}/`))
  const inRoot = (path: string) => join(rootDir, path)

  return {
    root: settings.root,
    hostname: () => settings.hostname,
    now: () => new Date(settings.now),
    readFile(path): FileRead {
      if (isDenied(path)) return { error: 'denied', message: `${path}: permission denied` }
      try {
        if (!statSync(inRoot(path)).isFile()) return { error: 'failed', message: `${path}: not a regular file` }
        return { text: readFileSync(inRoot(path), 'utf8') }
      } catch {
        return { error: 'missing', message: `${path}: not found` }
      }
    },
    listDir(path) {
      if (isDenied(path)) return undefined
      try {
        return readdirSync(inRoot(path)).filter((name) => name !== '.gitkeep')
      } catch {
        return undefined
      }
    },
    mtime(path) {
      const recorded = settings.mtimes[path]
      if (recorded !== undefined) return new Date(recorded)
      return undefined
    },
    exists: (path) => existsSync(inRoot(path)),
    readLink(path) {
      if (isDenied(path)) return undefined
      try {
        return readlinkSync(inRoot(path))
      } catch {
        return undefined
      }
    },
    async run(command, args, call): Promise<RunResult> {
      const bases = slugCandidates(command, args).map((slug) => join(dir, 'commands', slug))
      const base = bases.find((candidate) => existsSync(`${candidate}.stdout`) || existsSync(`${candidate}.timeout`)) ?? (bases[0] as string)
      if (existsSync(`${base}.timeout`)) {
        const timeoutMs = options.timeoutMs ?? call?.timeoutMs ?? defaultTimeoutMs
        return { ok: false, reason: 'timeout', message: `${command}: no answer within ${timeoutMs / 1000} s`, timeoutMs }
      }
      if (!existsSync(`${base}.stdout`)) return { ok: false, reason: 'missing', message: `${command}: command not found` }
      const read = (suffix: string) => (existsSync(base + suffix) ? readFileSync(base + suffix, 'utf8') : '')
      const code = existsSync(`${base}.exit`) ? Number(read('.exit').trim()) : 0
      return { ok: true, code, stdout: read('.stdout'), stderr: read('.stderr') }
    },
  }
}
