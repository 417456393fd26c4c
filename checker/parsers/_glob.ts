/**
 * A shell glob for one path component (`*`, `?`, `[...]`) as a RegExp. Consecutive stars are one
 * star. The checker itself uses `globMatch`, which is linear whatever the pattern.
 */
export function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string
    if (char === '*') {
      if (!source.endsWith('[^/]*')) source += '[^/]*'
    }
    else if (char === '?') source += '[^/]'
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2)
      if (close < 0) {
        source += '\\['
        continue
      }
      let set = glob.slice(i + 1, close)
      if (set.startsWith('!')) set = `^${set.slice(1)}`
      source += `[${set.replace(/\\/g, '\\\\')}]`
      i = close
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  try {
    return new RegExp(`^${source}$`)
  } catch {
    // A malformed bracket set matches nothing rather than crashing the checker.
    return /(?!)/
  }
}

type Token = { kind: 'star' } | { kind: 'one'; test: (char: string) => boolean }

function tokens(glob: string): Token[] | undefined {
  const list: Token[] = []
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string
    if (char === '*') list.push({ kind: 'star' })
    else if (char === '?') list.push({ kind: 'one', test: (c) => c !== '/' })
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2)
      if (close < 0) {
        list.push({ kind: 'one', test: (c) => c === '[' })
        continue
      }
      let set = glob.slice(i + 1, close)
      const negated = set.startsWith('!') || set.startsWith('^')
      if (negated) set = set.slice(1)
      let matcher: RegExp
      try {
        matcher = new RegExp(`^[${set.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]$`)
      } catch {
        return undefined
      }
      list.push({ kind: 'one', test: (c) => c !== '/' && matcher.test(c) !== negated })
      i = close
    } else list.push({ kind: 'one', test: (c) => c === char })
  }
  return list
}

/** Whether a name matches a glob, in O(name × pattern) time (no backtracking regex). */
export function globMatch(glob: string, name: string): boolean {
  const list = tokens(glob)
  if (!list) return false
  let p = 0
  let n = 0
  let starAt = -1
  let resume = 0
  while (n < name.length) {
    const token = list[p]
    if (token?.kind === 'one' && token.test(name[n] as string)) {
      p++
      n++
    } else if (token?.kind === 'star') {
      starAt = p++
      resume = n
    } else if (starAt >= 0 && name[resume] !== '/') {
      p = starAt + 1
      n = ++resume
    } else return false
  }
  while (list[p]?.kind === 'star') p++
  return p === list.length
}
