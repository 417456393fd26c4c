import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Command } from '../types.ts'
import { formatDate } from './date.ts'
import { fsMessage, groupName, has, modeString, parseArgs, userName } from './_util.ts'

const KIND_TEXT = { file: 'regular file', dir: 'directory', symlink: 'symbolic link' } as const

export const stat: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'stat', { short: 'Lc:', long: { dereference: 'L', 'format=': 'c' } })
  if (typeof parsed === 'number') return parsed
  if (parsed.operands.length === 0) {
    ctx.stderr.write("stat: missing operand\nTry 'stat --help' for more information.\n")
    return 1
  }
  let status = 0
  let out = ''
  for (const operand of parsed.operands) {
    const path = resolvePath(ctx.cwd, operand)
    const info = has(parsed, 'L') ? ctx.system.fs.stat(path, ctx.cred) : ctx.system.fs.lstat(path, ctx.cred)
    if (isFsError(info)) {
      ctx.stderr.write(`stat: cannot statx '${operand}': ${fsMessage(info.error)}\n`)
      status = 1
      continue
    }
    const octal = (info.mode & 0o7777).toString(8).padStart(4, '0')
    const format = parsed.options.get('c')?.at(-1)
    if (format !== undefined) {
      const values: Record<string, string> = {
        a: (info.mode & 0o7777).toString(8),
        A: modeString(info.kind, info.mode),
        U: userName(ctx, info.uid),
        u: String(info.uid),
        G: groupName(ctx, info.gid),
        g: String(info.gid),
        s: String(info.size),
        n: operand,
        F: KIND_TEXT[info.kind],
        Y: String(Math.floor(info.mtime / 1000)),
        '%': '%',
      }
      out += `${format.replace(/%(.)/g, (all, key: string) => values[key] ?? all)}\n`
      continue
    }
    const time = `${formatDate(info.mtime, '%Y-%m-%d %H:%M:%S')}.000000000 +0000`
    const name = info.kind === 'symlink' ? `${operand} -> ${String(ctx.system.fs.readlink(path, ctx.cred))}` : operand
    const blocks = Math.ceil(info.size / 4096) * 8
    out +=
      `  File: ${name}\n` +
      `  Size: ${String(info.size).padEnd(10)}\tBlocks: ${String(blocks).padEnd(10)} IO Block: 4096   ${KIND_TEXT[info.kind]}\n` +
      `Device: 8,1\tInode: ${String(1000 + (info.size % 997)).padEnd(10)} Links: ${info.nlink}\n` +
      `Access: (${octal}/${modeString(info.kind, info.mode)})  Uid: (${String(info.uid).padStart(5)}/${userName(ctx, info.uid).padStart(8)})   Gid: (${String(info.gid).padStart(5)}/${groupName(ctx, info.gid).padStart(8)})\n` +
      `Access: ${time}\nModify: ${time}\nChange: ${time}\n Birth: ${time}\n`
  }
  ctx.stdout.write(out)
  return status
}
