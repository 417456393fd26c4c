import { strerror } from '../../fs/errors.ts'
import { resolvePath } from '../../fs/path.ts'
import { isFsError } from '../../fs/types.ts'
import type { Builtin } from '../runtime.ts'

/** `. file` / `source file`: the file's lines run in this shell, so its variables stay. */
export const source: Builtin = async (ctx, shell) => {
  const name = ctx.argv[0] as string
  const file = ctx.argv[1]
  if (file === undefined) {
    ctx.stderr.write(`bash: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`)
    return 2
  }
  const text = ctx.system.fs.readFile(resolvePath(shell.cwd, file), ctx.cred)
  if (isFsError(text)) {
    ctx.stderr.write(`bash: ${file}: ${strerror(text.error)}\n`)
    return 1
  }
  return shell.runSource(text, file, { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr, tty: ctx.tty })
}
