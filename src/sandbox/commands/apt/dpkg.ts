/** `dpkg` (1.21 of Debian 12): the query actions learners type (-l, -s), delegated to dpkg-query as dpkg does. */
import type { Command } from '../types.ts'
import { serverOf } from './_common.ts'
import { runQuery } from './_dpkg-list.ts'

export const dpkg: Command = (ctx) => {
  const server = serverOf(ctx)
  if (!server) return 1
  const status = runQuery(ctx, server, 'dpkg-query', ctx.argv.slice(1))
  if (status !== undefined) return status
  ctx.stderr.write(
    "dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb --help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe it through 'less' or 'more' !\n",
  )
  return 2
}
