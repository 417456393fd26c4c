/** /run/reboot-required is created by update-notifier-common / unattended-upgrades hooks after kernel and libc updates. */
import type { Facts } from '../facts.ts'
import type { Host } from './host.ts'
import { unknown } from './_unknown.ts'

export async function probeRebootRequired(host: Host): Promise<Facts['rebootRequired']> {
  if (!host.exists('/run')) return unknown('/run is not readable')
  const flag = host.readFile('/run/reboot-required')
  if ('error' in flag && flag.error === 'missing') return { required: false, packages: [] }
  const list = host.readFile('/run/reboot-required.pkgs')
  const packages = 'text' in list ? [...new Set(list.text.split('\n').map((line) => line.trim()).filter(Boolean))] : []
  return { required: true, packages }
}
