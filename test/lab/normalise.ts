/**
 * Makes a real terminal transcript comparable across runs and machines: terminal control
 * sequences, hostnames, addresses, times, versions, sizes and pids become placeholders.
 * Pure: string in, string out.
 */

export interface NormaliseContext {
  hostName: string
  /** Addresses the lab gave the machine and the host end of its veth. */
  addresses: string[]
  /** The host's kernel release (a container shares it), e.g. from os.release(). */
  kernel?: string
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

const rules: Array<[RegExp, string]> = [
  // Times and dates (systemctl, journal, ls -l, apt).
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [A-Z]{2,5}\b/g, '<time>'],
  [/\b\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?: ?(?:[+-]\d{2}:?\d{2}|UTC|Z))?/g, '<time>'],
  [/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} +(?:\d{2}:\d{2}(?::\d{2})?|\d{4})\b/g, '<time>'],
  [/\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d{2}-\d{2} [\d:]*…/g, '<time>…'],
  [/\b\d+(?:\.\d+)?(?:min|ms|us|µs|s|h|d|w)(?: \d+(?:\.\d+)?(?:min|ms|us|µs|s|h))* (?:ago|left)\b/g, '<duration>'],
  [/\bin \d+(?:\.\d+)?s\b/g, 'in <duration>'],
  // systemd 257 (Debian 13) prints list-timers' LEFT without "left": "<time>…  14h -".
  [/(<time>…? +)\d+(?:\.\d+)?(?:min|ms|us|µs|s|h|d|w)(?: \d+(?:\.\d+)?(?:min|ms|us|µs|s|h))*(?= )/g, '$1<duration>'],
  [/^(Get:\d+ \S+ \S+ \S+) \S+ \[/gm, '$1 <version> ['],
  // Sizes and speeds (apt).
  [/\b\d[\d,.]* ?[kMG]?B\/s\b/g, '<speed>'],
  [/\b\d[\d,.]* ?[kMG]?B\b/g, '<size>'],
  // Package versions: "(3.11.2-6+deb12u8)", "ufw_0.36.2-1_all.deb", "OpenSSH_9.2p1 Debian-2+deb12u10".
  [/\((?:\d+:)?\d[\w.+~:-]*\)/g, '(<version>)'],
  [/_(?:\d+%3a)?\d[\w.+~-]*_(all|amd64)\.deb\b/g, '_<version>_$1.deb'],
  [/OpenSSH_[\w.]+(?: Debian-[\w.+~-]+)?/g, 'OpenSSH_<version>'],
  [/\bSize=\d+/g, 'Size=<size>'],
  [/\b\d+ files and directories currently installed/g, '<count> files and directories currently installed'],
  // Cells systemd cut to fit 80 columns: where it cuts depends on the width of the times beside
  // them ("apt-daily-upgrade.…" or "apt-daily-upgrade.s…"), so keep a prefix every cut shares.
  [/([\w.-]{1,10})[\w.-]*…/g, '$1…'],
  // Process ids.
  [/\bpid=\d+/g, 'pid=<pid>'],
  [/\b(process|PID:?|Main PID:) \d+\b/g, '$1 <pid>'],
  [/\[\d+\]:/g, '[<pid>]:'],
]

/** Removes terminal control sequences and resolves carriage-return redraws, line by line. */
export function stripTerminal(text: string): string {
  const noEscapes = text
    // dpkg's progress bar: drawn between save-cursor and restore-cursor on the bottom line.
    .replace(/\x1b7[\s\S]*?\x1b8/g, '')
    .replace(/\x00/g, '')
    // The terminal's echo of end-of-input.
    .replace(/^(?:\^@|\^D)+/gm, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[()][0-9A-Za-z]/g, '')
    .replace(/\x1b[=>78]/g, '')
  return noEscapes
    .split('\n')
    .map((line) => {
      const redraws = line.replace(/\r+$/, '').split('\r')
      return (redraws[redraws.length - 1] ?? '').replace(/[ \t]+$/, '')
    })
    .join('\n')
}

export function normaliseTranscript(text: string, context: NormaliseContext): string {
  let out = stripTerminal(text)
  for (const address of context.addresses) out = out.split(address).join('<address>')
  out = out.replace(new RegExp(`\\b${escapeRegExp(context.hostName)}\\b`, 'g'), '<hostname>')
  if (context.kernel) {
    // unattended-upgrade --debug prints it as a regular expression too.
    const escapedInOutput = context.kernel.replace(/[.+-]/g, '\\$&')
    out = out.split(escapedInOutput).join('<kernel>').split(context.kernel).join('<kernel>')
  }
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement)
  // apt's progress bars and blank redraw leftovers carry nothing a learner needs. Nor does a race
  // in Debian 13's py3compile, which byte-compiles in parallel: now and then two workers create the
  // same __pycache__ folder and one prints "E: py3compile:216: cannot create directory …:
  // FileExistsError(17, 'File exists')" (seen once installing unattended-upgrades; harmless, the
  // install succeeds, and a rerun does not print it).
  out = out
    .split('\n')
    .filter((line) => !/^Progress: \[\s*\d+%\]/.test(line))
    .filter((line) => !/^E: py3compile:\d+: cannot create directory \S*\/__pycache__: FileExistsError\(17, 'File exists'\)$/.test(line))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
  return out.trimEnd() + (out.trim() ? '\n' : '')
}
