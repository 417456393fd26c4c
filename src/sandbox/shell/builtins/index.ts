import type { Builtin } from '../runtime.ts'
import { alias, unalias } from './alias.ts'
import { cd, pwd } from './cd.ts'
import { breakBuiltin, continueBuiltin, evalBuiltin, local, read, returnBuiltin, set, shift } from './control.ts'
import { echo } from './echo.ts'
import { exit } from './exit.ts'
import { history } from './history.ts'
import { printf } from './printf.ts'
import { source } from './source.ts'
import { test } from './test.ts'
import { type } from './type.ts'
import { exportBuiltin, unset } from './variables.ts'

export { commandPath } from './type.ts'

export const builtins: Record<string, Builtin> = {
  '.': source,
  '[': test,
  alias,
  break: breakBuiltin,
  cd,
  continue: continueBuiltin,
  eval: evalBuiltin,
  echo,
  exit,
  export: exportBuiltin,
  false: () => 1,
  history,
  local,
  logout: exit,
  printf,
  pwd,
  read,
  return: returnBuiltin,
  set,
  shift,
  source,
  test,
  true: () => 0,
  type,
  unalias,
  unset,
  ':': () => 0,
}

/** Builtins that also exist as programs (/usr/bin/echo …), so `sudo echo` can run them. */
export const standaloneBuiltins = new Set(['echo', 'printf', 'true', 'false', 'test', '[', 'pwd'])
