import { describe, expect, it } from 'vitest'
import { basename, dirname, resolvePath, tildeExpand } from '../../../src/sandbox/fs/index.ts'

describe('path helpers', () => {
  it.each([
    ['/home/student', 'x', '/home/student/x'],
    ['/home/student', '../..//etc/./ssh/', '/etc/ssh'],
    ['/', '..', '/'],
    ['/a', '/b//c/../d', '/b/d'],
  ])('resolvePath(%s, %s) = %s', (cwd, path, expected) => expect(resolvePath(cwd, path)).toBe(expected))

  it.each([
    ['/etc/ssh/sshd_config', 'sshd_config', '/etc/ssh'],
    ['/etc/', 'etc', '/'],
    ['file', 'file', '.'],
    ['/', '/', '/'],
  ])('basename/dirname of %s', (path, base, dir) => {
    expect(basename(path)).toBe(base)
    expect(dirname(path)).toBe(dir)
  })

  it('expands ~', () => {
    expect(tildeExpand('~/x', '/home/s')).toBe('/home/s/x')
    expect(tildeExpand('~root/y', '/home/s', (n) => (n === 'root' ? '/root' : undefined))).toBe('/root/y')
    expect(tildeExpand('~nobody', '/home/s', () => undefined)).toBe('~nobody')
  })
})
