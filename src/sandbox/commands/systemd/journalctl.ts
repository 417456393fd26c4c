/**
 * journalctl, enough for `journalctl -u ssh` (and -xeu ssh.service, which systemctl's failures
 * point to). The journal is readable by root and the adm/systemd-journal groups only.
 */
import type { Command } from '../types.ts'
import type { Server } from '../../machine/server.ts'
import { canonicalName, journal, resolveUnit } from '../../machine/units.ts'
import { journalTime } from './_time.ts'

export const journalctl: Command = async (ctx) => {
  const units: string[] = []
  let lines: number | undefined
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-u' || arg === '--unit') units.push(args[++i] ?? '')
    else if (arg.startsWith('--unit=')) units.push(arg.slice(7))
    else if (arg === '-n' || arg === '--lines') lines = Number(args[++i] ?? 10)
    else if (/^-[a-zA-Z]+$/.test(arg) && arg.includes('u')) {
      // -xeu ssh.service: flags bundled with -u, whose value follows
      if (arg.endsWith('u')) units.push(args[++i] ?? '')
      if (arg.includes('e') && lines === undefined) lines = 1000
    }
  }
  if (ctx.cred.uid !== 0 && !ctx.cred.groups.includes(4)) {
    ctx.stderr.write("Hint: You are currently not seeing messages from other users and the system.\n      Users in groups 'adm', 'systemd-journal' can see all messages.\n      Pass -q to turn off this notice.\nNo journal files were opened due to insufficient permissions.\n")
    return 1
  }
  const server = ctx.system as unknown as Server
  const wanted = units.map((unit) => resolveUnit(server, canonicalName(unit)))
  let entries = journal(server).filter((entry) => wanted.length === 0 || wanted.includes(entry.unit))
  if (lines !== undefined) entries = entries.slice(-lines)
  if (entries.length === 0) {
    ctx.stdout.write('-- No entries --\n')
    return 0
  }
  for (const entry of entries) ctx.stdout.write(`${journalTime(entry.time)} ${server.hostname} ${entry.source}: ${entry.message}\n`)
  return 0
}
