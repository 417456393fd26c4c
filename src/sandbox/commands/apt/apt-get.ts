/** `apt-get` (Debian 12, apt 2.6.1): the scriptable front end the checker's probe uses with -s. */
import type { Command } from '../types.ts'
import { runApt } from './_frontend.ts'

export const aptGet: Command = (ctx) => runApt(ctx, 'apt-get')
