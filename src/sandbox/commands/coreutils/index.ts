/** The GNU coreutils (and friends) of the practice machine, by the name they are run as. */
import type { Command } from '../types.ts'
import { echo } from '../../shell/builtins/echo.ts'
import { printf } from '../../shell/builtins/printf.ts'
import { test } from '../../shell/builtins/test.ts'
import { awk } from './awk.ts'
import { cat } from './cat.ts'
import { chmod } from './chmod.ts'
import { chown } from './chown.ts'
import { cp } from './cp.ts'
import { cut } from './cut.ts'
import { date } from './date.ts'
import { clear, env, which } from './env.ts'
import { grep } from './grep.ts'
import { head, tail } from './head.ts'
import { hostname, id, uname, whoami } from './identity.ts'
import { less } from './less.ts'
import { ln } from './ln.ts'
import { ls } from './ls.ts'
import { mkdir } from './mkdir.ts'
import { mv } from './mv.ts'
import { rm, rmdir } from './rm.ts'
import { sed } from './sed.ts'
import { sleep } from './sleep.ts'
import { sort, uniq } from './sort.ts'
import { stat } from './stat.ts'
import { tee } from './tee.ts'
import { touch } from './touch.ts'
import { tr } from './tr.ts'
import { wc } from './wc.ts'
import { xargs } from './xargs.ts'

/** echo, printf and test are bash builtins that ignore the shell; as programs they serve `sudo echo …`. */
const program = (builtin: typeof echo): Command => (ctx) => builtin(ctx, undefined as never)

export const coreutils: Record<string, Command> = {
  '[': program(test),
  echo: program(echo),
  false: () => 1,
  printf: program(printf),
  pwd: (ctx) => {
    ctx.stdout.write(`${ctx.cwd}\n`)
    return 0
  },
  test: program(test),
  true: () => 0,
  awk,
  cat,
  mawk: awk,
  chmod,
  chown,
  clear,
  cp,
  cut,
  date,
  egrep: (ctx) => grep({ ...ctx, argv: ['grep', '-E', ...ctx.argv.slice(1)] }),
  env,
  grep,
  head,
  hostname,
  id,
  less,
  ln,
  ls,
  mkdir,
  more: less,
  mv,
  rm,
  rmdir,
  sed,
  sleep,
  sort,
  stat,
  tail,
  tee,
  touch,
  tr,
  uname,
  uniq,
  wc,
  which,
  whoami,
  xargs,
}

export { formatDate } from './date.ts'
