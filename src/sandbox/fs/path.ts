/** Path helpers: pure string work, no file system access (bash's logical `cd ..`). */

/** Joins `path` onto `cwd` and normalises `.`, `..` and repeated slashes; always absolute. */
export function resolvePath(cwd: string, path: string): string {
  const joined = path.startsWith('/') ? path : `${cwd}/${path}`
  const parts: string[] = []
  for (const part of joined.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') parts.pop()
    else parts.push(part)
  }
  return `/${parts.join('/')}`
}

/** `~` and `~/x` become the home directory; `~name` the home of that user when known. */
export function tildeExpand(word: string, home: string, homeOf?: (name: string) => string | undefined): string {
  if (!word.startsWith('~')) return word
  const slash = word.indexOf('/')
  const name = slash === -1 ? word.slice(1) : word.slice(1, slash)
  const rest = slash === -1 ? '' : word.slice(slash)
  if (name === '') return home + rest
  const other = homeOf?.(name)
  return other === undefined ? word : other + rest
}

/** Like basename(1): trailing slashes ignored, `/` stays `/`. */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return path === '' ? '' : '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** Like dirname(1): `a` → `.`, `/a` → `/`, `a/b/` → `a`. */
export function dirname(path: string): string {
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return path === '' ? '.' : '/'
  const slash = trimmed.lastIndexOf('/')
  if (slash === -1) return '.'
  const head = trimmed.slice(0, slash).replace(/\/+$/, '')
  return head === '' ? '/' : head
}
