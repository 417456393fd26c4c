/** ufw and the iptables programs it brings, by the path their package installs them at. */
import type { Command } from '../types.ts'
import { ip6tables, iptables } from './iptables.ts'
import { ufw } from './ufw.ts'

export const ufwPrograms: Record<string, Command> = {
  '/usr/sbin/ufw': ufw,
  '/usr/sbin/iptables': iptables,
  '/usr/sbin/ip6tables': ip6tables,
}
