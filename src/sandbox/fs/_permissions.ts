import type { Cred } from './types.ts'

export type Access = 'r' | 'w' | 'x'

const accessBit: Record<Access, number> = { r: 4, w: 2, x: 1 }

/** The owner/group/other check of POSIX; root passes everything (execute bits are not modelled). */
export function hasPermission(owner: { mode: number; uid: number; gid: number }, cred: Cred, access: Access): boolean {
  if (cred.uid === 0) return true
  const bit = accessBit[access]
  if (owner.uid === cred.uid) return ((owner.mode >> 6) & bit) !== 0
  if (owner.gid === cred.gid || cred.groups.includes(owner.gid)) return ((owner.mode >> 3) & bit) !== 0
  return (owner.mode & bit) !== 0
}
