/** What apt's programs share: size formatting, list wrapping, status lines, colours. */
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'

/** The server behind a command, or undefined on the learner's PC (apt is not there). */
export function serverOf(ctx: CommandContext): Server | undefined {
  return ctx.system.kind === 'server' ? (ctx.system as Server) : undefined
}

/**
 * apt's SizeToStr: below 100 of a unit one decimal, below 10000 none, else the next unit
 * ("718 B", "27.7 kB", "1075 kB", "15.5 MB").
 */
export function sizeToStr(bytes: number): string {
  const units = ['', 'k', 'M', 'G', 'T']
  let value = bytes
  for (let i = 0; i < units.length; i++) {
    if (value < 100 && i !== 0) return `${value.toFixed(1)} ${units[i]}B`
    if (value < 10000) return `${value.toFixed(0)} ${units[i]}B`
    value /= 1000
  }
  return `${value.toFixed(0)} PB`
}

/** apt's package lists: two spaces, words while the line stays within 78 columns. */
export function wrapList(names: readonly string[]): string {
  const lines: string[] = []
  let line = ' '
  for (const name of names) {
    if (line.length > 1 && line.length + 1 + name.length > 78) {
      lines.push(line)
      line = ' '
    }
    line += ` ${name}`
  }
  if (line.length > 1) lines.push(line)
  return lines.map((text) => `${text}\n`).join('')
}

/** "Reading package lists... Done" on a terminal; without one apt prints no "Done". */
export function status(ctx: CommandContext, text: string): void {
  ctx.stdout.write(ctx.stdout.isTty ? `${text}... Done\n` : `${text}...\n`)
}

/** Messages as apt prints them: `apt` colours the prefix on a terminal, apt-get never. */
export function message(ctx: CommandContext, kind: 'E' | 'W' | 'N', text: string, colour: boolean): void {
  const stream = kind === 'N' ? ctx.stdout : ctx.stderr
  if (colour && stream.isTty) {
    const code = kind === 'E' ? '1;31' : kind === 'W' ? '1;33' : '33'
    stream.write(`\x1b[${code}m${kind}: \x1b[0m${text}\x1b[0m\n`)
  } else stream.write(`${kind}: ${text}\n`)
}

/** Waits a little as the real program would (capped so a command never drags). */
export async function pause(ctx: CommandContext, ms: number): Promise<void> {
  await ctx.tty?.pause(Math.min(ms, 600))
}
