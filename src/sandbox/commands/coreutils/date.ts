import type { Command } from '../types.ts'
import { DAYS, MONTHS, pad2, parseArgs } from './_util.ts'

/** strftime for the conversions people type; the machine's clock is UTC. */
export function formatDate(ms: number, format: string): string {
  const d = new Date(ms)
  const values: Record<string, () => string> = {
    Y: () => String(d.getUTCFullYear()),
    y: () => pad2(d.getUTCFullYear() % 100),
    m: () => pad2(d.getUTCMonth() + 1),
    d: () => pad2(d.getUTCDate()),
    e: () => String(d.getUTCDate()).padStart(2),
    H: () => pad2(d.getUTCHours()),
    I: () => pad2(((d.getUTCHours() + 11) % 12) + 1),
    M: () => pad2(d.getUTCMinutes()),
    S: () => pad2(d.getUTCSeconds()),
    p: () => (d.getUTCHours() < 12 ? 'AM' : 'PM'),
    a: () => DAYS[d.getUTCDay()] as string,
    A: () => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()] as string,
    b: () => MONTHS[d.getUTCMonth()] as string,
    h: () => MONTHS[d.getUTCMonth()] as string,
    B: () => ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][d.getUTCMonth()] as string,
    F: () => `${values.Y?.()}-${values.m?.()}-${values.d?.()}`,
    T: () => `${values.H?.()}:${values.M?.()}:${values.S?.()}`,
    R: () => `${values.H?.()}:${values.M?.()}`,
    D: () => `${values.m?.()}/${values.d?.()}/${values.y?.()}`,
    s: () => String(Math.floor(ms / 1000)),
    Z: () => 'UTC',
    z: () => '+0000',
    j: () => String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1).padStart(3, '0'),
    u: () => String(d.getUTCDay() || 7),
    w: () => String(d.getUTCDay()),
    n: () => '\n',
    t: () => '\t',
    '%': () => '%',
  }
  return format.replace(/%([a-zA-Z%])/g, (all, key: string) => values[key]?.() ?? all)
}

export const date: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'date', { short: 'uRId:', long: { utc: 'u', universal: 'u', 'rfc-email': 'R', 'date=': 'd', 'iso-8601': 'I' } })
  if (typeof parsed === 'number') return parsed
  let ms = ctx.system.now()
  const given = parsed.options.get('d')?.at(-1)
  if (given !== undefined) {
    const at = given.startsWith('@') ? Number(given.slice(1)) * 1000 : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(given) ? given : `${given} UTC`)
    if (Number.isNaN(at)) {
      ctx.stderr.write(`date: invalid date ‘${given}’\n`)
      return 1
    }
    ms = at
  }
  const format = parsed.operands.find((operand) => operand.startsWith('+'))
  const extra = parsed.operands.find((operand) => !operand.startsWith('+'))
  if (extra !== undefined) {
    if (ctx.cred.uid !== 0) {
      ctx.stderr.write(`date: invalid date ‘${extra}’\n`)
      return 1
    }
  }
  let text: string
  if (format !== undefined) text = formatDate(ms, format.slice(1))
  else if (parsed.options.has('R')) text = formatDate(ms, '%a, %d %b %Y %H:%M:%S +0000')
  else if (parsed.options.has('I')) text = formatDate(ms, '%F')
  else text = formatDate(ms, '%a %b %e %H:%M:%S %Z %Y')
  ctx.stdout.write(`${text}\n`)
  return 0
}
