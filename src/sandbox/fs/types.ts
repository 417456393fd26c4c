/**
 * The virtual file system's contract. Paths are absolute and normalised by the caller
 * (`resolvePath`); every call that can be refused takes the credentials of whoever asks, and
 * answers with an errno-like code instead of throwing, so commands can word the error as GNU does.
 */

/** Who asks: root is uid 0. Groups matter only for the sudo group and adm. */
export interface Cred {
  uid: number
  gid: number
  groups: readonly number[]
}

export const rootCred: Cred = { uid: 0, gid: 0, groups: [0] }

export type FsErrorCode = 'ENOENT' | 'EACCES' | 'ENOTDIR' | 'EISDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EINVAL' | 'ELOOP' | 'EPERM'

export interface FsError {
  error: FsErrorCode
  path: string
}

export type FsResult<T> = T | FsError

export function isFsError(value: unknown): value is FsError {
  return typeof value === 'object' && value !== null && 'error' in value && 'path' in value
}

export type NodeKind = 'file' | 'dir' | 'symlink'

export interface Stat {
  kind: NodeKind
  /** permission bits only, e.g. 0o644 */
  mode: number
  uid: number
  gid: number
  /** ms since the epoch, from the machine's clock */
  mtime: number
  size: number
  /** number of entries for a directory; 1 otherwise */
  nlink: number
}

/** The serialisable form (localStorage): plain JSON, versioned by the machine state. */
export type FsNode =
  | { kind: 'file'; mode: number; uid: number; gid: number; mtime: number; content: string }
  | { kind: 'dir'; mode: number; uid: number; gid: number; mtime: number; entries: Record<string, FsNode> }
  | { kind: 'symlink'; mode: number; uid: number; gid: number; mtime: number; target: string }

/**
 * A file whose content is computed when read (/proc/net/tcp from the sockets, /proc/PID/comm).
 * Virtual files are not stored in snapshots and cannot be written.
 */
export type VirtualFile = () => string

export interface FileSystem {
  stat(path: string, cred: Cred): FsResult<Stat>
  lstat(path: string, cred: Cred): FsResult<Stat>
  readFile(path: string, cred: Cred): FsResult<string>
  /** Creates the file (mode 0o644 less nothing, owned by cred) when missing; needs write on the directory then. */
  writeFile(path: string, content: string, cred: Cred, options?: { append?: boolean; mode?: number }): FsResult<void>
  readdir(path: string, cred: Cred): FsResult<string[]>
  mkdir(path: string, cred: Cred, options?: { parents?: boolean; mode?: number }): FsResult<void>
  /** Removes a file or symlink; a directory only with `recursive` (or when empty with `dir`). */
  remove(path: string, cred: Cred, options?: { recursive?: boolean; dir?: boolean }): FsResult<void>
  rename(from: string, to: string, cred: Cred): FsResult<void>
  symlink(target: string, path: string, cred: Cred): FsResult<void>
  readlink(path: string, cred: Cred): FsResult<string>
  chmod(path: string, mode: number, cred: Cred): FsResult<void>
  chown(path: string, uid: number, gid: number, cred: Cred): FsResult<void>
  /** Sets mtime (touch, cp -a, apt's Last-Modified on list files). */
  utime(path: string, mtime: number, cred: Cred): FsResult<void>
  exists(path: string): boolean
  /** Registers a computed read-only file (see VirtualFile). */
  defineVirtual(path: string, read: VirtualFile): void
  /** JSON of everything but virtual files. */
  snapshot(): FsNode
}
