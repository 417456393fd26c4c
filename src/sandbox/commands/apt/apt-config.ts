/** `apt-config` (apt 2.6.1): `dump [PREFIX]` and `shell VAR KEY…`, computed from apt.conf.d. */
import type { Command } from '../types.ts'
import { configValue, dumpConfig, loadConfig } from './_conf.ts'
import { message, serverOf } from './_common.ts'

const usage = `apt 2.6.1 (amd64)
Usage: apt-config [options] command

apt-config is an interface to the configuration settings used by
all APT tools, mainly intended for debugging and shell scripting.

Most used commands:
  shell - get configuration values via shell evaluation
  dump - show the active configuration setting

See apt-config(8) for more information about the available commands.
Configuration options and syntax is detailed in apt.conf(5).
Information about how to configure sources can be found in sources.list(5).
Package and version choices can be expressed via apt_preferences(5).
Security details are available in apt-secure(8).
`

export const aptConfig: Command = (ctx) => {
  const server = serverOf(ctx)
  const args = ctx.argv.slice(1).filter((arg) => !/^-/.test(arg))
  const [operation, ...rest] = args
  if (operation === undefined) {
    ctx.stdout.write(usage)
    return 1
  }
  if (operation !== 'dump' && operation !== 'shell') {
    message(ctx, 'E', `Invalid operation ${operation}`, false)
    return 100
  }
  if (!server) return 1
  const loaded = loadConfig(server, ['apt-config', ...ctx.argv.slice(1)].join(' '))
  if (!loaded.ok) {
    for (const error of loaded.errors) message(ctx, 'E', error, false)
    return 100
  }
  if (operation === 'dump') {
    ctx.stdout.write(dumpConfig(loaded.root, rest[0]))
    return 0
  }
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const name = rest[i] as string
    const key = (rest[i + 1] as string).replace(/\/[fdbi]$/, '')
    const value = configValue(loaded.root, key)
    if (value === undefined) continue
    ctx.stdout.write(`${name}='${value.replace(/'/g, "'\\''")}'\n`)
  }
  return 0
}
