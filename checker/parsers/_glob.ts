/** A shell glob for one path component (`*`, `?`, `[...]`) as a RegExp. */
export function globToRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string
    if (char === '*') source += '[^/]*'
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
