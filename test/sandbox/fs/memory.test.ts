import { describe, expect, it } from 'vitest'
import { createFileSystem, fileTree, isFsError, rootCred } from '../../../src/sandbox/fs/index.ts'
import type { Cred } from '../../../src/sandbox/fs/index.ts'

const student: Cred = { uid: 1000, gid: 1000, groups: [1000] }
let clock = 1_000
const now = () => clock

function seed() {
  return createFileSystem(
    fileTree(
      {
        '/etc/hostname': 'webserver\n',
        '/etc/shadow': 'root:*:\n',
        '/etc/ssl/private': { dir: true },
        '/home/student/notes.txt': 'hi\n',
        '/root/secret': 'x',
        '/tmp': { dir: true },
        '/tmp/rootfile': 'r',
        '/etc/os-release': { symlink: '../usr/lib/os-release' },
        '/usr/lib/os-release': 'ID=debian\n',
        '/loop/a': { symlink: '/loop/b' },
        '/loop/b': { symlink: '/loop/a' },
      },
      {
        '/etc/shadow': { mode: 0o640, gid: 42 },
        '/etc/ssl/private': { mode: 0o700 },
        '/home/student': { uid: 1000, gid: 1000 },
        '/home/student/notes.txt': { uid: 1000, gid: 1000 },
        '/root': { mode: 0o700 },
        '/tmp': { mode: 0o1777 },
      },
    ),
    { now },
  )
}

const code = (value: unknown) => (isFsError(value) ? value.error : 'ok')

describe('memory file system: permissions', () => {
  const fs = seed()
  it.each([
    ['student reads 0644', () => fs.readFile('/etc/hostname', student), 'ok'],
    ['student cannot read 0640 root:shadow', () => fs.readFile('/etc/shadow', student), 'EACCES'],
    ['adm-like group member reads 0640', () => fs.readFile('/etc/shadow', { uid: 1000, gid: 1000, groups: [1000, 42] }), 'ok'],
    ['student cannot traverse 0700 /root', () => fs.stat('/root/secret', student), 'EACCES'],
    ['student cannot write /etc', () => fs.writeFile('/etc/x', 'x', student), 'EACCES'],
    ['student cannot overwrite 0644 root file', () => fs.writeFile('/etc/hostname', 'x', student), 'EACCES'],
    ['student cannot mkdir in /etc', () => fs.mkdir('/etc/y', student), 'EACCES'],
    ['student cannot remove in /etc', () => fs.remove('/etc/hostname', student), 'EACCES'],
    ['student writes at home', () => fs.writeFile('/home/student/new', 'x', student), 'ok'],
    ['student writes in sticky /tmp', () => fs.writeFile('/tmp/mine', 'x', student), 'ok'],
    ['student cannot remove root file in sticky /tmp', () => fs.remove('/tmp/rootfile', student), 'EPERM'],
    ['root reads anything', () => fs.readFile('/root/secret', rootCred), 'ok'],
    ['missing file', () => fs.readFile('/nope', student), 'ENOENT'],
    ['file as directory', () => fs.stat('/etc/hostname/x', student), 'ENOTDIR'],
    ['read a directory', () => fs.readFile('/etc', student), 'EISDIR'],
    ['readdir of 0700 dir', () => fs.readdir('/etc/ssl/private', student), 'EACCES'],
    ['mkdir existing', () => fs.mkdir('/etc', rootCred), 'EEXIST'],
    ['rmdir non-empty', () => fs.remove('/etc', rootCred, { dir: true }), 'ENOTEMPTY'],
    ['remove dir without flags', () => fs.remove('/etc/ssl', rootCred), 'EISDIR'],
    ['chmod by non-owner', () => fs.chmod('/etc/hostname', 0o777, student), 'EPERM'],
    ['chown by non-root', () => fs.chown('/home/student/notes.txt', 0, 0, student), 'EPERM'],
    ['symlink loop', () => fs.readFile('/loop/a', rootCred), 'ELOOP'],
    ['readlink of a file', () => fs.readlink('/etc/hostname', rootCred), 'EINVAL'],
  ])('%s', (_name, action, expected) => {
    expect(code(action())).toBe(expected)
  })
})

describe('memory file system: behaviour', () => {
  it('follows symlinks but lstat/readlink do not', () => {
    const fs = seed()
    expect(fs.readFile('/etc/os-release', student)).toBe('ID=debian\n')
    expect(fs.lstat('/etc/os-release', student)).toMatchObject({ kind: 'symlink' })
    expect(fs.stat('/etc/os-release', student)).toMatchObject({ kind: 'file', size: 10 })
    expect(fs.readlink('/etc/os-release', student)).toBe('../usr/lib/os-release')
  })

  it('creates files owned by the writer with mtime from the clock', () => {
    const fs = seed()
    clock = 5_000
    fs.writeFile('/home/student/a', 'one', student)
    fs.writeFile('/home/student/a', 'two', student, { append: true })
    expect(fs.readFile('/home/student/a', student)).toBe('onetwo')
    expect(fs.stat('/home/student/a', student)).toMatchObject({ uid: 1000, gid: 1000, mode: 0o644, mtime: 5_000, size: 6 })
  })

  it('mkdir -p, rename, remove -r', () => {
    const fs = seed()
    expect(code(fs.mkdir('/srv/a/b', rootCred, { parents: true }))).toBe('ok')
    fs.writeFile('/srv/a/b/f', 'x', rootCred)
    expect(code(fs.rename('/srv/a', '/srv/c', rootCred))).toBe('ok')
    expect(fs.readFile('/srv/c/b/f', rootCred)).toBe('x')
    expect(code(fs.rename('/srv/c', '/srv/c/b/inside', rootCred))).toBe('EINVAL')
    expect(code(fs.remove('/srv/c', rootCred, { recursive: true }))).toBe('ok')
    expect(fs.exists('/srv/c')).toBe(false)
  })

  it('virtual files: readable by all, listed, read-only, not in snapshots', () => {
    const fs = seed()
    let calls = 0
    fs.defineVirtual('/proc/net/tcp', () => `sl ${++calls}\n`)
    expect(fs.readFile('/proc/net/tcp', student)).toBe('sl 1\n')
    expect(fs.readFile('/proc/net/tcp', student)).toBe('sl 2\n')
    expect(fs.readdir('/proc/net', student)).toEqual(['tcp'])
    expect(code(fs.writeFile('/proc/net/tcp', 'x', rootCred))).toBe('EACCES')
    const snap = fs.snapshot()
    expect(JSON.stringify(snap)).not.toContain('"tcp"')
  })

  it('/dev/null swallows writes', () => {
    const fs = seed()
    expect(code(fs.writeFile('/dev/null', 'x', student))).toBe('ok')
    expect(fs.readFile('/dev/null', student)).toBe('')
  })

  it('snapshot is a deep copy that round-trips', () => {
    const fs = seed()
    const snap = fs.snapshot()
    fs.writeFile('/etc/hostname', 'changed\n', rootCred)
    expect(JSON.stringify(snap)).toContain('webserver')
    const again = createFileSystem(JSON.parse(JSON.stringify(snap)), { now })
    expect(again.readFile('/etc/hostname', rootCred)).toBe('webserver\n')
    expect(again.snapshot()).toEqual(snap)
  })
})
