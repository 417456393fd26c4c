/** The programs of systemd, openssh-server and iproute2 on the practice server, by path. */
import type { Command } from '../types.ts'
import { journalctl } from './journalctl.ts'
import { reboot, shutdown } from './reboot.ts'
import { systemctl } from './systemctl.ts'
import { ss } from '../ss.ts'
import { sshd } from '../sshd.ts'

export { RebootSignal, isRebootSignal } from './reboot.ts'

export const systemdPrograms: Record<string, Command> = {
  '/usr/bin/systemctl': systemctl,
  '/usr/sbin/reboot': reboot,
  '/usr/sbin/shutdown': shutdown,
  '/usr/sbin/poweroff': reboot,
  '/usr/sbin/halt': reboot,
  '/usr/bin/journalctl': journalctl,
  '/usr/bin/ss': ss,
}

export const sshPrograms: Record<string, Command> = {
  '/usr/sbin/sshd': sshd,
}
