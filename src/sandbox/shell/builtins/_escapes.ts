/** Backslash escapes of `echo -e` and `printf %b`; `\c` stops all further output. */
export function interpretEscapes(text: string): { text: string; stop: boolean } {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c !== '\\' || i + 1 >= text.length) {
      out += c
      continue
    }
    const next = text[++i] as string
    const simple: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', r: '\r', v: '\v' }
    if (next in simple) out += simple[next]
    else if (next === 'c') return { text: out, stop: true }
    else if (next === '0' || /[1-7]/.test(next)) {
      const digits = /^[0-7]{0,3}/.exec(text.slice(next === '0' ? i + 1 : i))?.[0] ?? ''
      out += String.fromCharCode(Number.parseInt(digits || '0', 8))
      i += digits.length - (next === '0' ? 0 : 1)
    } else if (next === 'x') {
      const digits = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 1))?.[0]
      if (digits) {
        out += String.fromCharCode(Number.parseInt(digits, 16))
        i += digits.length
      } else out += '\\x'
    } else out += `\\${next}`
  }
  return { text: out, stop: false }
}
