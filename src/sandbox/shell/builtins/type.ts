import { isFsError } from '../../fs/types.ts'
import type { System } from '../../commands/types.ts'
import type { Builtin } from '../runtime.ts'

/** Where a command lives on PATH, as `type` and `which` report it. */
export function commandPath(name: string, system: System, path: string): string | undefined {
  if (name.includes('/')) return system.command(name, path) ? name : undefined
  if (!system.command(name, path)) return undefined
  for (const dir of path.split(':')) {
    if (dir === '') continue
    const candidate = `${dir}/${name}`
    // the machine knows where its programs live; the file system may not hold a file for each
    if (system.command(candidate, path)) return candidate
    if (!isFsError(system.fs.stat(candidate, { uid: 0, gid: 0, groups: [0] }))) return candidate
  }
  return `/usr/bin/${name}`
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc'])

export const type: Builtin = (ctx, shell) => {
  let status = 0
  for (const name of ctx.argv.slice(1)) {
    const aliased = shell.interactive ? shell.aliases.get(name) : undefined
    if (aliased !== undefined) {
      ctx.stdout.write(`${name} is aliased to \`${aliased}'\n`)
      continue
    }
    if (KEYWORDS.has(name)) {
      ctx.stdout.write(`${name} is a shell keyword\n`)
      continue
    }
    if (shell.hasFunction(name)) {
      ctx.stdout.write(`${name} is a function\n`)
      continue
    }
    if (shell.isBuiltin(name)) {
      ctx.stdout.write(`${name} is a shell builtin\n`)
      continue
    }
    const found = commandPath(name, ctx.system, ctx.env.PATH ?? '')
    if (found) ctx.stdout.write(`${name} is ${found}\n`)
    else {
      ctx.stderr.write(`bash: type: ${name}: not found\n`)
      status = 1
    }
  }
  return status
}
