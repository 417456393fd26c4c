import { basename, resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { FileSystem, Stat } from '../../fs/types.ts'
import type { Command, CommandContext } from '../types.ts'
import { fsMessage, has, parseArgs, usageError } from './_util.ts'

/** Where `cp a b` / `mv a dir` put things: into the directory when the last operand is one. */
export function destinations(ctx: CommandContext, name: string, operands: string[]): { from: string; to: string }[] | number {
  if (operands.length === 0) return usageError(ctx, name, 'missing file operand')
  const last = operands[operands.length - 1] as string
  if (operands.length === 1) return usageError(ctx, name, `missing destination file operand after '${last}'`)
  const targetStat = ctx.system.fs.stat(resolvePath(ctx.cwd, last), ctx.cred)
  const intoDir = !isFsError(targetStat) && targetStat.kind === 'dir'
  if (operands.length > 2 && !intoDir) {
    ctx.stderr.write(`${name}: target '${last}': ${isFsError(targetStat) ? fsMessage(targetStat.error) : 'Not a directory'}\n`)
    return 1
  }
  return operands.slice(0, -1).map((from) => ({ from, to: intoDir ? `${last.replace(/\/+$/, '')}/${basename(from)}` : last }))
}

function copyTree(fs: FileSystem, ctx: CommandContext, from: string, to: string, stat: Stat, preserve: boolean, shownTo: string): string | undefined {
  if (stat.kind === 'dir') {
    const made = fs.mkdir(to, ctx.cred, { mode: stat.mode })
    if (isFsError(made) && made.error !== 'EEXIST') return `cannot create directory '${shownTo}': ${fsMessage(made.error)}`
    const names = fs.readdir(from, ctx.cred)
    if (isFsError(names)) return `cannot open directory '${from}': ${fsMessage(names.error)}`
    for (const name of names) {
      const childStat = fs.lstat(`${from}/${name}`, ctx.cred)
      if (isFsError(childStat)) continue
      const problem = copyTree(fs, ctx, `${from}/${name}`, `${to}/${name}`, childStat, preserve, `${shownTo}/${name}`)
      if (problem) return problem
    }
  } else if (stat.kind === 'symlink' && preserve) {
    const target = fs.readlink(from, ctx.cred)
    if (!isFsError(target)) fs.symlink(target, to, ctx.cred)
    return undefined
  } else {
    const content = fs.readFile(from, ctx.cred)
    if (isFsError(content)) return `cannot open '${from}' for reading: ${fsMessage(content.error)}`
    const existed = !isFsError(fs.stat(to, ctx.cred))
    const written = fs.writeFile(to, content, ctx.cred, { mode: stat.mode })
    if (isFsError(written)) return `cannot create regular file '${shownTo}': ${fsMessage(written.error)}`
    if (!existed && !preserve) fs.chmod(to, stat.mode, ctx.cred)
  }
  if (preserve) {
    fs.chmod(to, stat.mode, ctx.cred)
    if (ctx.cred.uid === 0) fs.chown(to, stat.uid, stat.gid, ctx.cred)
    fs.utime(to, stat.mtime, ctx.cred)
  }
  return undefined
}

export const cp: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'cp', { short: 'aprRfvdn', long: { archive: 'a', recursive: 'r', force: 'f', 'preserve=': 'p', preserve: 'p' } })
  if (typeof parsed === 'number') return parsed
  const plan = destinations(ctx, 'cp', parsed.operands)
  if (typeof plan === 'number') return plan
  const recursive = has(parsed, 'r') || has(parsed, 'R') || has(parsed, 'a')
  const preserve = has(parsed, 'p') || has(parsed, 'a')
  const fs = ctx.system.fs
  let status = 0
  for (const { from, to } of plan) {
    const fromPath = resolvePath(ctx.cwd, from)
    const stat = fs.stat(fromPath, ctx.cred)
    if (isFsError(stat)) {
      ctx.stderr.write(`cp: cannot stat '${from}': ${fsMessage(stat.error)}\n`)
      status = 1
      continue
    }
    if (stat.kind === 'dir' && !recursive) {
      ctx.stderr.write(`cp: -r not specified; omitting directory '${from}'\n`)
      status = 1
      continue
    }
    const toPath = resolvePath(ctx.cwd, to)
    if (toPath === fromPath) {
      ctx.stderr.write(`cp: '${from}' and '${to}' are the same file\n`)
      status = 1
      continue
    }
    const problem = copyTree(fs, ctx, fromPath, toPath, stat, preserve, to)
    if (problem) {
      ctx.stderr.write(`cp: ${problem}\n`)
      status = 1
    }
  }
  return status
}
