/** Seeds made easy: a flat map of paths to contents becomes an FsNode tree. */
import type { FsNode } from './types.ts'

/** A file's text, or a symlink, or an (empty) directory. */
export type TreeEntry = string | { symlink: string } | { dir: true }

export interface TreeMeta {
  mode?: number
  uid?: number
  gid?: number
  mtime?: number
}

type DirNode = Extract<FsNode, { kind: 'dir' }>

/**
 * `fileTree({'/etc/hostname': 'webserver\n', '/tmp': {dir: true}}, {'/tmp': {mode: 0o1777}})`.
 * Files default to 0644 root, directories (also the ones made on the way) to 0755 root.
 */
export function fileTree(entries: Record<string, TreeEntry>, meta: Record<string, TreeMeta> = {}, mtime = 0): FsNode {
  const root: DirNode = { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime, entries: {} }
  const dirAt = (parts: string[]): DirNode => {
    let dir = root
    let path = ''
    for (const part of parts) {
      path += `/${part}`
      let next = dir.entries[part]
      if (next === undefined || next.kind !== 'dir') {
        next = { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime, entries: {} }
        dir.entries[part] = next
      }
      dir = next
    }
    return dir
  }
  for (const [path, entry] of Object.entries(entries)) {
    const parts = path.split('/').filter(Boolean)
    if (typeof entry === 'object' && 'dir' in entry) {
      dirAt(parts)
      continue
    }
    const name = parts.pop()
    if (name === undefined) continue
    const parent = dirAt(parts)
    parent.entries[name] =
      typeof entry === 'string'
        ? { kind: 'file', mode: 0o644, uid: 0, gid: 0, mtime, content: entry }
        : { kind: 'symlink', mode: 0o777, uid: 0, gid: 0, mtime, target: entry.symlink }
  }
  for (const [path, wanted] of Object.entries(meta)) {
    const parts = path.split('/').filter(Boolean)
    let node: FsNode | undefined = root
    for (const part of parts) node = node?.kind === 'dir' ? node.entries[part] : undefined
    if (node === undefined) continue
    if (wanted.mode !== undefined) node.mode = wanted.mode
    if (wanted.uid !== undefined) node.uid = wanted.uid
    if (wanted.gid !== undefined) node.gid = wanted.gid
    if (wanted.mtime !== undefined) node.mtime = wanted.mtime
  }
  return root
}
