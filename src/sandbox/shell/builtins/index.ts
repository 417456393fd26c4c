import type { Builtin } from '../runtime.ts'
import { cd, pwd } from './cd.ts'
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
  cd,
  echo,
  exit,
  export: exportBuiltin,
  false: () => 1,
  history,
  logout: exit,
  printf,
  pwd,
  source,
  test,
  true: () => 0,
  type,
  unset,
  ':': () => 0,
}

/** Builtins that also exist as programs (/usr/bin/echo …), so `sudo echo` can run them. */
export const standaloneBuiltins = new Set(['echo', 'printf', 'true', 'false', 'test', '[', 'pwd'])
