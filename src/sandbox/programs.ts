/**
 * Every program of the two machines, by the path it is installed at. A program runs only while
 * its file exists (see Server.command), so packages decide what is there.
 */
import { aptPrograms } from './commands/apt/index.ts'
import { check } from './commands/check.ts'
import { coreutils } from './commands/coreutils/index.ts'
import { nano } from './commands/nano/index.ts'
import { pcPrograms } from './commands/pc/index.ts'
import { sudo } from './commands/sudo.ts'
import { sshPrograms, systemdPrograms } from './commands/systemd/index.ts'
import type { Command } from './commands/types.ts'
import { ufwPrograms } from './commands/ufw/index.ts'

/** Programs that arrive with a package the learner installs during the course. */
export const laterPrograms: Record<string, string> = {
  '/usr/sbin/ufw': 'ufw',
  '/usr/sbin/iptables': 'iptables',
  '/usr/sbin/ip6tables': 'iptables',
  '/usr/bin/unattended-upgrade': 'unattended-upgrades',
}

function inUsrBin(commands: Record<string, Command>): Record<string, Command> {
  return Object.fromEntries(Object.entries(commands).map(([name, command]) => [`/usr/bin/${name}`, command]))
}

export const serverPrograms: Record<string, Command> = {
  ...inUsrBin(coreutils),
  '/usr/bin/sudo': sudo,
  '/usr/bin/nano': nano,
  '/usr/bin/check': check,
  ...aptPrograms,
  ...systemdPrograms,
  ...sshPrograms,
  ...ufwPrograms,
}

export const pcProgramTable: Record<string, Command> = {
  ...inUsrBin(coreutils),
  '/usr/bin/nano': nano,
  ...pcPrograms,
}

/** Program files present on the server as the basic course left it. */
export const initialServerPrograms = Object.keys(serverPrograms).filter((path) => !(path in laterPrograms))
