/** systemd's ways of writing time (the server's zone is UTC, /etc/timezone says Etc/UTC). */

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (value: number) => String(value).padStart(2, '0')

/** `Sun 2026-11-29 06:39:02 UTC` (format_timestamp) */
export function timestamp(ms: number): string {
  const date = new Date(ms)
  return `${days[date.getUTCDay()]} ${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${clock(ms)} UTC`
}

export function clock(ms: number): string {
  const date = new Date(ms)
  return `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
}

/** `Nov 29 06:39:02` (journal's short format) */
export function journalTime(ms: number): string {
  const date = new Date(ms)
  return `${months[date.getUTCMonth()]} ${two(date.getUTCDate())} ${clock(ms)}`
}

const second = 1000
const minute = 60 * second
const hour = 60 * minute
const day = 24 * hour
const week = 7 * day
const month = 2_629_800_000
const year = 31_557_600_000

/** `8s ago`, `5min ago`, `14h left` (format_timestamp_relative of systemd 252) */
export function relative(ms: number, now: number): string {
  const future = ms > now
  const d = Math.abs(now - ms)
  const suffix = future ? 'left' : 'ago'
  const f = Math.floor
  if (d >= year) return `${f(d / year)}y ${f((d % year) / month)}month ${suffix}`
  if (d >= month) return `${f(d / month)}month ${f((d % month) / day)} days ${suffix}`
  if (d >= week) return `${f(d / week)} weeks ${f((d % week) / day)} days ${suffix}`
  if (d >= 2 * day) return `${f(d / day)} days ${suffix}`
  if (d >= 25 * hour) return `1 day ${f((d - day) / hour)}h ${suffix}`
  if (d >= 6 * hour) return `${f(d / hour)}h ${suffix}`
  if (d >= hour) return `${f(d / hour)}h ${f((d % hour) / minute)}min ${suffix}`
  if (d >= 5 * minute) return `${f(d / minute)}min ${suffix}`
  if (d >= minute) return `${f(d / minute)}min ${f((d % minute) / second)}s ${suffix}`
  if (d >= second) return `${f(d / second)}s ${suffix}`
  if (d > 0) return `${d}ms ${suffix}`
  return 'now'
}
