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
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { FileRead, Host, RunResult } from './host.ts'

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

export function createFixtureHost(dir: string, options: { timeoutMs: number }): Host {
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
    async run(command, args): Promise<RunResult> {
      const base = join(dir, 'commands', commandSlug(command, args))
      if (existsSync(`${base}.timeout`)) {
        return { ok: false, reason: 'timeout', message: `${command}: no answer within ${options.timeoutMs / 1000} s` }
      }
      if (!existsSync(`${base}.stdout`)) return { ok: false, reason: 'missing', message: `${command}: command not found` }
      const read = (suffix: string) => (existsSync(base + suffix) ? readFileSync(base + suffix, 'utf8') : '')
      const code = existsSync(`${base}.exit`) ? Number(read('.exit').trim()) : 0
      return { ok: true, code, stdout: read('.stdout'), stderr: read('.stderr') }
    },
  }
}
