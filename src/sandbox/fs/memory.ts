/**
 * The in-memory file system: a mutable copy of the JSON tree plus computed (virtual) files.
 * Every refusal is the errno a Linux kernel would give, so commands can word it as GNU does.
 */
import { hasPermission } from './_permissions.ts'
import type { Cred, FileSystem, FsError, FsErrorCode, FsNode, FsResult, Stat, VirtualFile } from './types.ts'

type DirNode = Extract<FsNode, { kind: 'dir' }>

/** A node as lookup sees it: stored, or computed on read. */
type Found = FsNode | { kind: 'virtual'; read: VirtualFile; device?: boolean }

interface Located {
  /** the directory holding the last component (absent only for `/`) */
  parent: DirNode | undefined
  /** canonical path of the parent directory */
  parentPath: string
  name: string
  node: Found | undefined
  /** canonical path after symlinks */
  path: string
}

const MAX_SYMLINK_HOPS = 40
const STICKY = 0o1000

const fail = (error: FsErrorCode, path: string): FsError => ({ error, path })
const failed = (value: unknown): value is FsError => typeof value === 'object' && value !== null && 'error' in value

function splitPath(path: string): string[] {
  return path.split('/').filter((part) => part !== '' && part !== '.')
}

function join(dir: string, name: string): string {
  return dir === '/' ? `/${name}` : `${dir}/${name}`
}

function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}

function cloneNode(node: FsNode): FsNode {
  if (node.kind !== 'dir') return { ...node }
  const entries: Record<string, FsNode> = {}
  for (const [name, child] of Object.entries(node.entries)) entries[name] = cloneNode(child)
  return { ...node, entries }
}

export function createFileSystem(root: FsNode | undefined, options: { now(): number }): FileSystem {
  const top: DirNode =
    root && root.kind === 'dir'
      ? (cloneNode(root) as DirNode)
      : { kind: 'dir', mode: 0o755, uid: 0, gid: 0, mtime: options.now(), entries: {} }
  const virtual = new Map<string, Found & { kind: 'virtual' }>()
  // /dev/null is a device every program may write to; it is never stored.
  virtual.set('/dev/null', { kind: 'virtual', read: () => '', device: true })

  /** Walks `path` from `/`, checking search (x) permission on every directory passed through. */
  function locate(path: string, cred: Cred, followLast: boolean): FsResult<Located> {
    const pending = splitPath(path)
    const stack: { node: DirNode; name: string }[] = [{ node: top, name: '' }]
    let hops = 0
    const currentPath = () => (stack.length === 1 ? '/' : stack.map((s) => s.name).join('/'))
    if (pending.length === 0) return { parent: undefined, parentPath: '/', name: '', node: top, path: '/' }
    while (pending.length > 0) {
      const name = pending.shift() as string
      const dir = stack[stack.length - 1] as { node: DirNode; name: string }
      if (name === '..') {
        if (stack.length > 1) stack.pop()
        if (pending.length === 0) {
          const now = stack[stack.length - 1] as { node: DirNode; name: string }
          const above = stack[stack.length - 2]
          return { parent: above?.node, parentPath: stack.length > 2 ? stack.slice(0, -1).map((s) => s.name).join('/') : '/', name: now.name, node: now.node, path: currentPath() }
        }
        continue
      }
      if (!hasPermission(dir.node, cred, 'x')) return fail('EACCES', path)
      const dirPath = currentPath()
      const childPath = join(dirPath, name)
      const child: Found | undefined = virtual.get(childPath) ?? dir.node.entries[name]
      const last = pending.length === 0
      if (child === undefined) {
        if (last) return { parent: dir.node, parentPath: dirPath, name, node: undefined, path: childPath }
        return fail('ENOENT', path)
      }
      if (child.kind === 'symlink' && (!last || followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) return fail('ELOOP', path)
        if (child.target.startsWith('/')) stack.length = 1
        pending.unshift(...splitPath(child.target))
        if (pending.length === 0) {
          // a link to `/`
          return { parent: undefined, parentPath: '/', name: '', node: top, path: '/' }
        }
        continue
      }
      if (last) return { parent: dir.node, parentPath: dirPath, name, node: child, path: childPath }
      if (child.kind !== 'dir') return fail('ENOTDIR', path)
      stack.push({ node: child, name })
    }
    return fail('ENOENT', path)
  }

  function existing(path: string, cred: Cred, followLast: boolean): FsResult<Located & { node: Found }> {
    const found = locate(path, cred, followLast)
    if (failed(found)) return found
    if (found.node === undefined) return fail('ENOENT', path)
    return found as Located & { node: Found }
  }

  function statOf(node: Found): Stat {
    if (node.kind === 'virtual') {
      const size = node.device ? 0 : utf8Length(node.read())
      return { kind: 'file', mode: node.device ? 0o666 : 0o444, uid: 0, gid: 0, mtime: options.now(), size, nlink: 1 }
    }
    const base = { kind: node.kind, mode: node.mode, uid: node.uid, gid: node.gid, mtime: node.mtime }
    if (node.kind === 'dir') {
      let subdirs = 0
      for (const child of Object.values(node.entries)) if (child.kind === 'dir') subdirs++
      return { ...base, size: 4096, nlink: 2 + subdirs }
    }
    if (node.kind === 'symlink') return { ...base, size: utf8Length(node.target), nlink: 1 }
    return { ...base, size: utf8Length(node.content), nlink: 1 }
  }

  /** Creating or removing an entry needs write (and search, already checked) on the directory. */
  function mayChangeEntries(found: Located, cred: Cred): boolean {
    return found.parent !== undefined && hasPermission(found.parent, cred, 'w')
  }

  /** In a sticky directory (/tmp) only the owner of the entry or of the directory may remove it. */
  function stickyAllows(found: Located, cred: Cred): boolean {
    const { parent, node } = found
    if (!parent || !node || cred.uid === 0 || (parent.mode & STICKY) === 0) return true
    const ownerUid = node && node.kind !== 'virtual' ? node.uid : 0
    return ownerUid === cred.uid || parent.uid === cred.uid
  }

  function touchDir(dir: DirNode | undefined): void {
    if (dir) dir.mtime = options.now()
  }

  function isInside(dir: DirNode, candidate: DirNode): boolean {
    if (dir === candidate) return true
    for (const child of Object.values(dir.entries)) if (child.kind === 'dir' && isInside(child, candidate)) return true
    return false
  }

  /** rm -r as a user: every directory emptied must be readable, writable and searchable. */
  function removableTree(dir: DirNode, path: string, cred: Cred): FsResult<void> {
    if (cred.uid === 0) return undefined
    if (Object.keys(dir.entries).length === 0) return undefined
    if (!hasPermission(dir, cred, 'r') || !hasPermission(dir, cred, 'w') || !hasPermission(dir, cred, 'x')) return fail('EACCES', path)
    for (const [name, child] of Object.entries(dir.entries)) {
      if (child.kind !== 'dir') continue
      const result = removableTree(child, join(path, name), cred)
      if (failed(result)) return result
    }
    return undefined
  }

  const fs: FileSystem = {
    stat(path, cred) {
      const found = existing(path, cred, true)
      return failed(found) ? found : statOf(found.node)
    },
    lstat(path, cred) {
      const found = existing(path, cred, false)
      return failed(found) ? found : statOf(found.node)
    },
    readFile(path, cred) {
      const found = existing(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node.kind === 'virtual') return node.read()
      if (node.kind === 'dir') return fail('EISDIR', path)
      if (!hasPermission(node, cred, 'r')) return fail('EACCES', path)
      return (node as Extract<FsNode, { kind: 'file' }>).content
    },
    writeFile(path, content, cred, writeOptions) {
      const found = locate(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node === undefined) {
        if (!found.parent) return fail('ENOENT', path)
        if (!mayChangeEntries(found, cred)) return fail('EACCES', path)
        found.parent.entries[found.name] = {
          kind: 'file',
          mode: writeOptions?.mode ?? 0o644,
          uid: cred.uid,
          gid: cred.gid,
          mtime: options.now(),
          content,
        }
        touchDir(found.parent)
        return undefined
      }
      if (node.kind === 'virtual') return node.device ? undefined : fail('EACCES', path)
      if (node.kind === 'dir') return fail('EISDIR', path)
      if (node.kind !== 'file') return fail('EINVAL', path)
      if (!hasPermission(node, cred, 'w')) return fail('EACCES', path)
      node.content = writeOptions?.append ? node.content + content : content
      node.mtime = options.now()
      return undefined
    },
    readdir(path, cred) {
      const found = existing(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node.kind !== 'dir') return fail('ENOTDIR', path)
      if (!hasPermission(node, cred, 'r')) return fail('EACCES', path)
      const names = new Set(Object.keys(node.entries))
      const prefix = found.path === '/' ? '/' : `${found.path}/`
      for (const virtualPath of virtual.keys()) {
        if (virtualPath.startsWith(prefix) && !virtualPath.slice(prefix.length).includes('/')) names.add(virtualPath.slice(prefix.length))
      }
      return [...names].sort()
    },
    mkdir(path, cred, mkdirOptions) {
      const mode = mkdirOptions?.mode ?? 0o755
      if (mkdirOptions?.parents) {
        const parts = splitPath(path)
        let current = ''
        for (const part of parts) {
          current = `${current}/${part}`
          const found = locate(current, cred, true)
          if (failed(found)) return found
          if (found.node !== undefined) {
            if (found.node.kind !== 'dir') return fail(current === path ? 'EEXIST' : 'ENOTDIR', current)
            continue
          }
          const made = fs.mkdir(current, cred, { mode })
          if (failed(made)) return made
        }
        return undefined
      }
      const found = locate(path, cred, false)
      if (failed(found)) return found
      if (found.node !== undefined) return fail('EEXIST', path)
      if (!found.parent) return fail('EEXIST', path)
      if (!mayChangeEntries(found, cred)) return fail('EACCES', path)
      found.parent.entries[found.name] = { kind: 'dir', mode, uid: cred.uid, gid: cred.gid, mtime: options.now(), entries: {} }
      touchDir(found.parent)
      return undefined
    },
    remove(path, cred, removeOptions) {
      const found = existing(path, cred, false)
      if (failed(found)) return found
      const node = found.node
      if (!found.parent) return fail('EPERM', path)
      if (node.kind === 'virtual') return fail(cred.uid === 0 ? 'EPERM' : 'EACCES', path)
      if (node.kind === 'dir') {
        const empty = Object.keys(node.entries).length === 0
        if (!removeOptions?.recursive && !removeOptions?.dir) return fail('EISDIR', path)
        // the kernel checks the parent's permissions before the directory's emptiness
        if (!removeOptions?.recursive && !mayChangeEntries(found, cred)) return fail('EACCES', path)
        if (!removeOptions?.recursive && !empty) return fail('ENOTEMPTY', path)
        const inner = removableTree(node, path, cred)
        if (failed(inner)) return inner
      }
      if (!mayChangeEntries(found, cred)) return fail('EACCES', path)
      if (!stickyAllows(found, cred)) return fail('EPERM', path)
      delete found.parent.entries[found.name]
      touchDir(found.parent)
      return undefined
    },
    rename(from, to, cred) {
      const source = existing(from, cred, false)
      if (failed(source)) return source
      const target = locate(to, cred, false)
      if (failed(target)) return target
      if (!source.parent || !target.parent) return fail('EINVAL', from)
      if (source.node.kind === 'virtual') return fail('EACCES', from)
      if (target.node?.kind === 'virtual') return fail('EACCES', to)
      if (!mayChangeEntries(source, cred) || !mayChangeEntries(target, cred)) return fail('EACCES', mayChangeEntries(source, cred) ? to : from)
      if (!stickyAllows(source, cred) || !stickyAllows(target, cred)) return fail('EPERM', from)
      if (source.node === target.node) return undefined
      if (source.node.kind === 'dir') {
        if (isInside(source.node, target.parent)) return fail('EINVAL', to)
        if (target.node && target.node.kind !== 'dir') return fail('ENOTDIR', to)
        if (target.node?.kind === 'dir' && Object.keys(target.node.entries).length > 0) return fail('ENOTEMPTY', to)
      } else if (target.node?.kind === 'dir') {
        return fail('EISDIR', to)
      }
      delete source.parent.entries[source.name]
      target.parent.entries[target.name] = source.node
      touchDir(source.parent)
      touchDir(target.parent)
      return undefined
    },
    symlink(linkTarget, path, cred) {
      const found = locate(path, cred, false)
      if (failed(found)) return found
      if (found.node !== undefined || !found.parent) return fail('EEXIST', path)
      if (!mayChangeEntries(found, cred)) return fail('EACCES', path)
      found.parent.entries[found.name] = { kind: 'symlink', mode: 0o777, uid: cred.uid, gid: cred.gid, mtime: options.now(), target: linkTarget }
      touchDir(found.parent)
      return undefined
    },
    readlink(path, cred) {
      const found = existing(path, cred, false)
      if (failed(found)) return found
      return found.node.kind === 'symlink' ? found.node.target : fail('EINVAL', path)
    },
    chmod(path, mode, cred) {
      const found = existing(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node.kind === 'virtual') return fail('EPERM', path)
      if (cred.uid !== 0 && cred.uid !== node.uid) return fail('EPERM', path)
      node.mode = mode & 0o7777
      return undefined
    },
    chown(path, uid, gid, cred) {
      const found = existing(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node.kind === 'virtual') return fail('EPERM', path)
      if (cred.uid !== 0) {
        // an owner may only hand the file to one of their own groups
        const keepsOwner = uid === node.uid && node.uid === cred.uid
        const ownGroup = gid === node.gid || gid === cred.gid || cred.groups.includes(gid)
        if (!keepsOwner || !ownGroup) return fail('EPERM', path)
      }
      node.uid = uid
      node.gid = gid
      return undefined
    },
    utime(path, mtime, cred) {
      const found = existing(path, cred, true)
      if (failed(found)) return found
      const node = found.node
      if (node.kind === 'virtual') return undefined
      if (cred.uid !== 0 && cred.uid !== node.uid && !hasPermission(node, cred, 'w')) return fail('EACCES', path)
      node.mtime = mtime
      return undefined
    },
    exists(path) {
      const found = locate(path, { uid: 0, gid: 0, groups: [0] }, true)
      return !failed(found) && found.node !== undefined
    },
    defineVirtual(path, read) {
      const slash = path.lastIndexOf('/')
      const parent = slash <= 0 ? '/' : path.slice(0, slash)
      fs.mkdir(parent, { uid: 0, gid: 0, groups: [0] }, { parents: true, mode: 0o555 })
      virtual.set(path, { kind: 'virtual', read })
    },
    snapshot() {
      return cloneNode(top)
    },
  }
  if (top.entries.dev === undefined) fs.mkdir('/dev', { uid: 0, gid: 0, groups: [0] })
  return fs
}
