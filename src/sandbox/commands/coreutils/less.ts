import type { Command } from '../types.ts'
import { cat } from './cat.ts'

/** No pager in the practice machine: less and more print the file (as they do when not on a terminal). */
export const less: Command = (ctx) => cat({ ...ctx, argv: [ctx.argv[0] === 'more' ? 'more' : 'less', ...ctx.argv.slice(1).filter((arg) => !arg.startsWith('-'))] })
