/**
 * `apt-config dump` → APT::Periodic settings after apt merged every file of apt.conf.d.
 * apt treats option names case-insensitively, so keys are lower-cased.
 */
const periodicPrefix = 'apt::periodic::'

export function parseAptPeriodic(text: string): Record<string, string> | undefined {
  const periodic: Record<string, string> = {}
  let sawAnyOption = false
  for (const line of text.split('\n')) {
    const match = /^(\S+) "(.*)";$/.exec(line.trim())
    if (!match) continue
    sawAnyOption = true
    const key = (match[1] as string).toLowerCase()
    if (key.startsWith(periodicPrefix)) periodic[key.slice(periodicPrefix.length)] = match[2] as string
  }
  return sawAnyOption ? periodic : undefined
}
