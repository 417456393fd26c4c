/** What apt's programs share: size formatting, list wrapping, status lines, colours. */
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'

export type Flavour = 'apt' | 'apt-get'

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

/** apt's YnPrompt: Enter or y/yes goes on, anything else aborts; no terminal and no input aborts. */
export async function confirm(ctx: CommandContext): Promise<boolean> {
  const prompt = 'Do you want to continue? [Y/n] '
  let answer: string | null
  if (ctx.tty && ctx.stdin.isTty) answer = await ctx.tty.readLine(prompt)
  else {
    ctx.stdout.write(prompt)
    const piped = ctx.stdin.read()
    answer = piped === '' ? null : (piped.split('\n')[0] ?? '')
    if (answer !== null) ctx.stdout.write('\n')
  }
  if (answer === null) return false
  const trimmed = answer.trim()
  return trimmed === '' || /^(y|yes)$/i.test(trimmed)
}

/**
 * How every change of packages (install, upgrade, remove…) begins: the dpkg lock, then apt reading
 * its state. False: without root the lock was refused, stop with 100.
 */
export function readyToChange(ctx: CommandContext, flavour: Flavour, simulate: boolean, root: boolean): boolean {
  if (lockRefused(ctx, flavour, simulate, root)) return false
  status(ctx, 'Reading package lists')
  status(ctx, 'Building dependency tree')
  status(ctx, 'Reading state information')
  return true
}

/**
 * What a change of packages says without root: the dpkg lock refused (true: stop with 100), or with
 * -s apt-get's note that it only simulates.
 */
function lockRefused(ctx: CommandContext, flavour: Flavour, simulate: boolean, root: boolean): boolean {
  const colour = flavour === 'apt'
  if (!root && !simulate) {
    message(ctx, 'E', 'Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)', colour)
    message(ctx, 'E', 'Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?', colour)
    return true
  }
  if (!root) {
    ctx.stdout.write(
      "NOTE: This is only a simulation!\n      apt-get needs root privileges for real execution.\n      Keep also in mind that locking is deactivated,\n      so don't depend on the relevance to the real current situation!\n",
    )
  }
  return false
}
