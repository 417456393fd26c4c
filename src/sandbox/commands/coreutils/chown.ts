import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { fsMessage, groups, has, parseArgs, usageError } from './_util.ts'

export const chown: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'chown', { short: 'Rvfch', long: { recursive: 'R' } })
  if (typeof parsed === 'number') return parsed
  const [spec, ...files] = parsed.operands
  if (spec === undefined) return usageError(ctx, 'chown', 'missing operand')
  if (files.length === 0) return usageError(ctx, 'chown', `missing operand after ‘${spec}’`)
  const [ownerText = '', groupText] = spec.split(/[:.]/, 2)
  let uid: number | undefined
  let gid: number | undefined
  if (ownerText !== '') {
    const user = ctx.system.user(/^\d+$/.test(ownerText) ? Number(ownerText) : ownerText)
    uid = user?.uid ?? (/^\d+$/.test(ownerText) ? Number(ownerText) : undefined)
    if (uid === undefined) {
      ctx.stderr.write(`chown: invalid user: ‘${spec}’\n`)
      return 1
    }
    if (groupText === '' && user) gid = user.gid
  }
  if (groupText !== undefined && groupText !== '') {
    gid = groups(ctx).find((group) => group.name === groupText)?.gid ?? (/^\d+$/.test(groupText) ? Number(groupText) : undefined)
    if (gid === undefined) {
      ctx.stderr.write(`chown: invalid group: ‘${spec}’\n`)
      return 1
    }
  }
  let status = 0
  const fs = ctx.system.fs
  const apply = (path: string, shown: string) => {
    const stat = fs.stat(path, ctx.cred)
    if (isFsError(stat)) {
      ctx.stderr.write(`chown: cannot access '${shown}': ${fsMessage(stat.error)}\n`)
      status = 1
      return
    }
    const result = fs.chown(path, uid ?? stat.uid, gid ?? stat.gid, ctx.cred)
    if (isFsError(result)) {
      ctx.stderr.write(`chown: changing ownership of '${shown}': ${fsMessage(result.error)}\n`)
      status = 1
    }
    if (has(parsed, 'R') && stat.kind === 'dir') {
      const names = fs.readdir(path, ctx.cred)
      if (!isFsError(names)) for (const name of names) apply(`${path}/${name}`, `${shown}/${name}`)
    }
  }
  for (const file of files) apply(resolvePath(ctx.cwd, file), file)
  return status
}
