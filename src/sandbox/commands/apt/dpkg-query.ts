/** `dpkg-query` (dpkg 1.21 of Debian 12): -W/--show with -f, -l/--list, -s/--status. */
import type { Command } from '../types.ts'
import { serverOf } from './_common.ts'
import { runQuery } from './_dpkg-list.ts'

export const dpkgQuery: Command = (ctx) => {
  const server = serverOf(ctx)
  if (!server) return 1
  const status = runQuery(ctx, server, 'dpkg-query', ctx.argv.slice(1))
  if (status !== undefined) return status
  ctx.stderr.write('dpkg-query: error: need an action option\n\nUse --help for help about querying packages.\n')
  return 2
}
