/**
 * The edge between the checker and a machine: files and commands. The real host reads the live
 * system; the fixture host replays a recorded one (tests, `--fixture-root`). Probes see only this.
 */
import type { FileRead } from '../parsers/sshd-config.ts'

export type { FileRead }

export type RunResult =
  | { ok: true; code: number; stdout: string; stderr: string }
  | { ok: false; reason: 'missing' | 'failed'; message: string }
  /** the command was killed after timeoutMs (the per-call timeout, or `--timeout`) */
  | { ok: false; reason: 'timeout'; message: string; timeoutMs: number }

export interface RunOptions {
  /**
   * How long this command may take: apt-get -s needs tens of seconds on a loaded server, systemctl
   * a moment. A host may ignore it (the practice machine never hangs); `--timeout` overrides it.
   */
  timeoutMs?: number
}

export interface Host {
  readonly root: boolean
  hostname(): string
  now(): Date
  /** only regular files, and at most a bounded size: anything else is { error: 'failed' } */
  readFile(path: string): FileRead
  /** entry names, or undefined when the directory is missing or cannot be listed */
  listDir(path: string): string[] | undefined
  /** modification time, or undefined when the path does not exist or cannot be examined */
  mtime(path: string): Date | undefined
  exists(path: string): boolean
  /** target of a symbolic link, or undefined */
  readLink(path: string): string | undefined
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>
}
