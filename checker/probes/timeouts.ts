/**
 * How long each command may take before its fact becomes unknown. `apt-get -s upgrade` took 2–6 s
 * on a loaded lab server (and more on a small VPS), so apt gets a minute; the quick tools get ten
 * seconds. `check --timeout N` overrides them all.
 */
export const defaultTimeoutMs = 10_000

export const timeouts = {
  apt: 60_000,
  quick: defaultTimeoutMs,
} as const
