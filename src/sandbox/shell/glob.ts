/** Pathname expansion (`*`, `?`, `[…]`) against the virtual file system, sorted as in the C locale. */
import { isFsError } from '../fs/types.ts'
import type { Cred, FileSystem } from '../fs/types.ts'

/** A word ready for globbing: `pattern` has quoted glob characters escaped with `\`. */
export interface GlobWord {
  literal: string
  pattern: string
  hasGlob: boolean
}

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`)
}

export function hasUnescapedGlob(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') i++
    else if (c === '*' || c === '?' || c === '[') return true
  }
  return false
}

function unescape(pattern: string): string {
  return pattern.replace(/\\(.)/g, '$1')
}

/** One path segment as an anchored regular expression (no catastrophic backtracking: no nesting). */
export function segmentToRegExp(segment: string): RegExp {
  let source = ''
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i] as string
    if (c === '\\' && i + 1 < segment.length) source += (segment[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    else if (c === '*') source += '.*'
    else if (c === '?') source += '.'
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2)
      if (close === -1) source += '\\['
      else {
        let body = segment.slice(i + 1, close)
        if (body.startsWith('!')) body = `^${body.slice(1)}`
        source += `[${body.replace(/\\/g, '\\\\')}]`
        i = close
      }
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 's')
}

/** The matches of `pattern` (relative to cwd unless absolute), or [] when nothing matches. */
export function glob(pattern: string, cwd: string, fs: FileSystem, cred: Cred): string[] {
  const absolute = pattern.startsWith('/')
  const segments = pattern.split('/').filter((s) => s !== '')
  const trailingSlash = pattern.endsWith('/')
  let results: string[] = [absolute ? '/' : '']
  const real = (shown: string) => (absolute ? shown : shown === '' ? cwd : `${cwd}/${shown}`)
  const join = (base: string, name: string) => (base === '' ? name : base.endsWith('/') ? base + name : `${base}/${name}`)
  for (const segment of segments) {
    const next: string[] = []
    if (!hasUnescapedGlob(segment)) {
      for (const base of results) next.push(join(base, unescape(segment)))
    } else {
      const matcher = segmentToRegExp(segment)
      const dotOk = segment.startsWith('.') || segment.startsWith('\\.')
      for (const base of results) {
        const names = fs.readdir(real(base) || '/', cred)
        if (!Array.isArray(names)) continue
        for (const name of names) {
          if (name.startsWith('.') && !dotOk) continue
          if (matcher.test(name)) next.push(join(base, name))
        }
      }
    }
    results = next
    if (results.length === 0) return []
  }
  results = results.filter((path) => {
    if (!trailingSlash) return !isFsError(fs.lstat(real(path), cred))
    const stat = fs.stat(real(path), cred)
    return !isFsError(stat) && stat.kind === 'dir'
  })
  return results.map((path) => (trailingSlash ? `${path}/` : path)).sort(compareC)
}

/** Byte order, as `sort` and globbing use under LANG=C.UTF-8. */
export function compareC(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
