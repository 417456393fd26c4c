/** A Tty that plays keys and keeps a screen (just the sequences nano uses), and a tiny file system. */
import type { CommandContext, Key, System, Tty } from '../../../src/sandbox/commands/types.ts'
import type { Cred, FileSystem, FsResult, Stat } from '../../../src/sandbox/fs/types.ts'
import { parseKeys } from '../../../src/sandbox/session/keys.ts'
import { charWidth } from '../../../src/sandbox/session/width.ts'

export const student: Cred = { uid: 1000, gid: 1000, groups: [1000, 27] }
export const root: Cred = { uid: 0, gid: 0, groups: [0] }

/**
 * `marks(n)` is row n's attributes as the recordings of the real nano keep them: R for reverse
 * video, S for nano's spotlight (black on light yellow, SGR 30;103), E for its error colour
 * (bold white on red, SGR 1;37;41), a space for plain.
 */
export function screenTty(input: string[], columns = 80, rows = 24) {
  const keys: Key[] = input.flatMap((data) => parseKeys(data))
  const grid = Array.from({ length: rows }, () => Array<string>(columns).fill(' '))
  const attrs = Array.from({ length: rows }, () => Array<string>(columns).fill(' '))
  let r = 0
  let c = 0
  let reverse = false
  let background = 0
  let shown = true
  const sgr = (params: string) => {
    for (const code of (params || '0').split(';').map(Number)) {
      if (code === 0) [reverse, background] = [false, 0]
      else if (code === 7) reverse = true
      else if (code === 27) reverse = false
      else if ((code >= 40 && code <= 49) || (code >= 100 && code <= 107)) background = code
    }
  }
  const put = (text: string) => {
    const re = /\x1b\[([0-9;?]*)([A-Za-z])|([^\x1b])/gu
    for (const m of text.matchAll(re)) {
      if (m[3] !== undefined) {
        const w = charWidth(m[3])
        const row = grid[r]
        const attr = background === 103 ? 'S' : background === 41 ? 'E' : reverse ? 'R' : ' '
        if (row && c < columns) {
          row[c] = m[3]
          attrs[r]!.fill(attr, c, Math.min(columns, c + w))
          if (w === 2 && c + 1 < columns) row[c + 1] = ''
        }
        c += w
        continue
      }
      const params = m[1] ?? ''
      if (m[2] === 'H') {
        const [y, x] = params.split(';').map(Number)
        r = (y || 1) - 1
        c = (x || 1) - 1
      } else if (m[2] === 'K') {
        grid[r]?.fill(' ', c)
        attrs[r]?.fill(' ', c)
      } else if (m[2] === 'J' && params === '2') {
        grid.forEach((line) => line.fill(' '))
        attrs.forEach((line) => line.fill(' '))
      } else if (m[2] === 'm') sgr(params)
      else if (params === '?25') shown = m[2] === 'h'
    }
  }
  const tty: Tty = {
    columns,
    rows,
    write: put,
    readLine: async () => null,
    readKey: async () => keys.shift() ?? { kind: 'eof' },
    pause: async () => {},
  }
  return {
    tty,
    line: (n: number) => (grid[n - 1] ?? []).join('').trimEnd(),
    marks: (n: number) => (attrs[n - 1] ?? []).join('').trimEnd(),
    /** null while nano hides it */
    cursor: (): [number, number] | null => (shown ? [r + 1, c + 1] : null),
  }
}

type Node = { content: string; mode: number; uid: number; gid: number }

/** Only what nano uses: stat, readFile, writeFile, with permission bits. */
export function tinyFs(files: Record<string, Node>): FileSystem & { files: Record<string, Node> } {
  const can = (node: Node, cred: Cred, bit: number) =>
    cred.uid === 0 || (cred.uid === node.uid ? node.mode & (bit << 6) : cred.groups.includes(node.gid) ? node.mode & (bit << 3) : node.mode & bit)
  const fs = {
    files,
    stat(path: string): FsResult<Stat> {
      const node = files[path]
      if (path === '/etc') return { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: 0, size: 0, nlink: 2 }
      if (!node) return { error: 'ENOENT', path }
      return { kind: 'file', mode: node.mode, uid: node.uid, gid: node.gid, mtime: 0, size: node.content.length, nlink: 1 }
    },
    readFile(path: string, cred: Cred): FsResult<string> {
      const node = files[path]
      if (!node) return { error: 'ENOENT', path }
      return can(node, cred, 4) ? node.content : { error: 'EACCES', path }
    },
    writeFile(path: string, content: string, cred: Cred): FsResult<void> {
      const node = files[path]
      if (node && !can(node, cred, 2)) return { error: 'EACCES', path }
      if (!node && cred.uid !== 0 && !path.startsWith('/home/student/')) return { error: 'EACCES', path }
      files[path] = { content, mode: node?.mode ?? 0o644, uid: node?.uid ?? cred.uid, gid: node?.gid ?? cred.gid }
    },
  }
  return fs as unknown as FileSystem & { files: Record<string, Node> }
}

export function context(fs: FileSystem, argv: string[], tty: Tty | undefined, cred = root): CommandContext & { err: string[] } {
  const err: string[] = []
  const system = { kind: 'server', hostname: 'webserver', fs } as unknown as System
  return {
    argv,
    env: {},
    cwd: '/home/student',
    cred,
    user: { name: cred.uid === 0 ? 'root' : 'student', uid: cred.uid, gid: cred.gid, home: '/home/student', shell: '/bin/bash' },
    stdin: { read: () => '', isTty: true },
    stdout: { write: () => {}, isTty: true },
    stderr: { write: (text) => err.push(text), isTty: true },
    tty,
    system,
    exec: async () => 0,
    err,
  }
}
