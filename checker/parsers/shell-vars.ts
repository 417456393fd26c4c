/**
 * KEY=value files such as /etc/ufw/ufw.conf and /etc/default/ufw (sourced by shell scripts):
 * comments, optional quotes; the last assignment wins, as in the shell.
 */
export function parseShellVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const rawLine of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(rawLine)
    if (!match) continue
    vars[match[1] as string] = unquote((match[2] as string).trim())
  }
  return vars
}

function unquote(value: string): string {
  const quoted = /^"([^"]*)"|^'([^']*)'/.exec(value)
  if (quoted) return quoted[1] ?? quoted[2] ?? ''
  // The first word: a ` # comment` after it goes too. (Not `/\s+#.*$/`: quadratic on a run of spaces.)
  return /^\S*/.exec(value)?.[0] ?? ''
}

/** ufw's own notion of yes: ufw.conf ENABLED and IPV6 compare lowercased against "yes". */
export function isYes(value: string | undefined): boolean {
  return value?.toLowerCase() === 'yes'
}
