/** `apt` (Debian 12, apt 2.6.1): the interactive front end. */
import type { Command } from '../types.ts'
import { runApt } from './_frontend.ts'

export const apt: Command = (ctx) => runApt(ctx, 'apt')
