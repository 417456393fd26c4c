/** `ufw status verbose` (LC_ALL=C) → whether the firewall is running and its default incoming policy. */
export interface UfwStatus {
  active: boolean
  defaultIncoming?: 'deny' | 'reject' | 'allow'
}

export function parseUfwStatus(text: string): UfwStatus | undefined {
  const status = /^Status: (active|inactive)$/m.exec(text)
  if (!status) return undefined
  const result: UfwStatus = { active: status[1] === 'active' }
  const policy = /^Default: (deny|reject|allow) \(incoming\)/m.exec(text)
  if (policy) result.defaultIncoming = policy[1] as UfwStatus['defaultIncoming']
  return result
}
