/**
 * reboot, shutdown, poweroff (systemd 252). As root the machine restarts at once: the command
 * boots the server again and throws `RebootSignal`, which the session catches to end every SSH
 * session (`Connection to 203.0.113.10 closed by remote host.` on the PC). Without root logind
 * refuses as it does on a server without polkit.
 */
import { MachineSignal, type Command, type CommandContext } from '../types.ts'
import type { Server } from '../../machine/server.ts'
import { bootServer } from '../../machine/units.ts'
import { timestamp } from './_time.ts'

/** Thrown after the server rebooted: every terminal's SSH session ends. */
export class RebootSignal extends MachineSignal {
  constructor(readonly kind: 'reboot' | 'poweroff') {
    super(kind)
    this.name = 'RebootSignal'
  }
}

export function isRebootSignal(value: unknown): value is RebootSignal {
  return value instanceof RebootSignal
}

function restart(ctx: CommandContext, kind: 'reboot' | 'poweroff'): never {
  const server = ctx.system as unknown as Server
  // A powered-off practice server comes back as if the provider's console started it again.
  bootServer(server)
  throw new RebootSignal(kind)
}

export const reboot: Command = async (ctx) => {
  const name = ctx.argv[0]?.split('/').pop() ?? 'reboot'
  const kind = name === 'poweroff' || name === 'halt' ? 'poweroff' : 'reboot'
  if (ctx.cred.uid !== 0) {
    ctx.stderr.write(`Call to ${kind === 'reboot' ? 'Reboot' : 'PowerOff'} failed: Access denied\n`)
    return 1
  }
  restart(ctx, kind)
}

export const shutdown: Command = async (ctx) => {
  const args = ctx.argv.slice(1)
  let kind: 'reboot' | 'poweroff' = 'poweroff'
  let when = '+1'
  let cancel = false
  for (const arg of args) {
    if (arg === '-r' || arg === '--reboot') kind = 'reboot'
    else if (arg === '-h' || arg === '-P' || arg === '--poweroff' || arg === '--halt' || arg === '-H') kind = 'poweroff'
    else if (arg === '-c') cancel = true
    else if (arg === 'now' || /^\+?\d+$/.test(arg) || /^\d{1,2}:\d{2}$/.test(arg)) when = arg
  }
  if (ctx.cred.uid !== 0) {
    ctx.stderr.write(`Failed to ${cancel ? 'cancel' : 'schedule'} shutdown: Access denied\n`)
    return 1
  }
  if (cancel) return 0
  if (when === 'now' || when === '+0' || when === '0') restart(ctx, kind)
  const minutes = Number(when.replace('+', '')) || 1
  const at = ctx.system.now() + minutes * 60_000
  ctx.stderr.write(`${kind === 'reboot' ? 'Reboot' : 'Shutdown'} scheduled for ${timestamp(at)}, use 'shutdown -c' to cancel.\n`)
  return 0
}
