/**
 * sudo 1.9.13 as Debian 12 ships it: asks the user's own password (practice account: student),
 * remembers it for 15 minutes per terminal, runs the command as root with secure_path, and opens a
 * root shell for -i / -s.
 */
import { rootCred } from '../fs/index.ts'
import { rootPath, type Server } from '../machine/server.ts'
import type { Command, CommandContext } from './types.ts'

export const practicePassword = 'student'
const timestampMs = 15 * 60 * 1000
const usage = `usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user]
            [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u
            user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory] [-g
            group] [-h host] [-p prompt] [-R directory] [-T timeout] [-u
            user] file ...
`

interface SudoOptions {
  login: boolean
  shell: boolean
  resetTimestamp: boolean
  removeTimestamp: boolean
  validate: boolean
  nonInteractive: boolean
  stdinPassword: boolean
  command: string[]
}

function parse(args: readonly string[]): SudoOptions | { error: string } {
  const options: SudoOptions = { login: false, shell: false, resetTimestamp: false, removeTimestamp: false, validate: false, nonInteractive: false, stdinPassword: false, command: [] }
  let index = 0
  for (; index < args.length; index++) {
    const arg = args[index]!
    if (arg === '--') {
      index++
      break
    }
    if (!arg.startsWith('-') || arg === '-') break
    const long: Record<string, keyof SudoOptions> = { '--login': 'login', '--shell': 'shell', '--reset-timestamp': 'resetTimestamp', '--remove-timestamp': 'removeTimestamp', '--validate': 'validate', '--non-interactive': 'nonInteractive', '--stdin': 'stdinPassword' }
    if (arg.startsWith('--')) {
      const key = long[arg]
      if (!key) return { error: `sudo: unrecognized option '${arg}'\n` }
      ;(options[key] as boolean) = true
      continue
    }
    for (const letter of arg.slice(1)) {
      const short: Record<string, keyof SudoOptions> = { i: 'login', s: 'shell', k: 'resetTimestamp', K: 'removeTimestamp', v: 'validate', n: 'nonInteractive', S: 'stdinPassword' }
      const key = short[letter]
      if (key) (options[key] as boolean) = true
      else if (letter === 'E' || letter === 'H') continue
      else return { error: `sudo: invalid option -- '${letter}'\n` }
    }
  }
  options.command = args.slice(index)
  return options
}

export const sudo: Command = async (ctx) => {
  const server = ctx.system as Server
  const options = parse(ctx.argv.slice(1))
  if ('error' in options) {
    ctx.stderr.write(options.error + usage)
    return 1
  }
  const tty = server.terminal?.ttyName ?? 'notty'
  if (options.removeTimestamp || (options.resetTimestamp && options.command.length === 0 && !options.validate)) {
    delete server.state.sudoUntil[tty]
    return 0
  }
  const wantsShell = options.login || options.shell
  if (options.command.length === 0 && !wantsShell && !options.validate) {
    ctx.stderr.write(usage)
    return 1
  }
  if (!(await authenticate(ctx, server, tty, options))) return 1
  if (options.validate && options.command.length === 0) return 0

  const root = server.user(0)!
  const env: Record<string, string> = {
    ...(ctx.env.TERM ? { TERM: ctx.env.TERM } : {}),
    ...(ctx.env.LANG ? { LANG: ctx.env.LANG } : {}),
    PATH: rootPath,
    HOME: root.home,
    LOGNAME: 'root',
    USER: 'root',
    SHELL: '/bin/bash',
    MAIL: '/var/mail/root',
    SUDO_USER: ctx.user.name,
    SUDO_UID: String(ctx.user.uid),
    SUDO_GID: String(ctx.user.gid),
    SUDO_COMMAND: wantsShell && options.command.length === 0 ? '/bin/bash' : options.command.join(' '),
  }
  if (wantsShell && options.command.length === 0) {
    if (!server.terminal) return 1
    return server.terminal.openShell({ system: server, user: root, env: options.login ? env : { ...ctx.env, ...env, HOME: ctx.env.HOME ?? root.home }, via: { kind: 'su' } })
  }
  const [name] = options.command
  if (name === undefined || !server.command(name, rootPath)) {
    ctx.stderr.write(`sudo: ${name ?? ''}: ${(name && server.unsimulatedNote(name, rootPath)) || 'command not found'}\n`)
    return 1
  }
  return ctx.exec(options.command, { cred: rootCred, user: root, env })
}

async function authenticate(ctx: CommandContext, server: Server, tty: string, options: SudoOptions): Promise<boolean> {
  if (ctx.cred.uid === 0) return true
  const until = server.state.sudoUntil[tty]
  if (!options.resetTimestamp && until !== undefined && until > server.now()) {
    server.state.sudoUntil[tty] = server.now() + timestampMs
    return true
  }
  if (options.nonInteractive) {
    ctx.stderr.write('sudo: a password is required\n')
    return false
  }
  const prompt = `[sudo] password for ${ctx.user.name}: `
  const readPassword = options.stdinPassword
    ? (() => {
        const lines = ctx.stdin.read().split('\n')
        return async () => {
          ctx.stderr.write(prompt)
          return lines.shift() ?? null
        }
      })()
    : ctx.tty
      ? async () => (await ctx.tty!.readLine(prompt, { echo: false }))
      : undefined
  if (!readPassword) {
    ctx.stderr.write('sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\nsudo: a password is required\n')
    return false
  }
  for (let attempt = 1; attempt <= 3; attempt++) {
    const answer = await readPassword()
    if (answer === null) return false
    if (answer === practicePassword) {
      server.state.sudoUntil[tty] = server.now() + timestampMs
      return true
    }
    // PAM's delay after a wrong password
    await ctx.tty?.pause(1500)
    server.advance(2000)
    if (attempt < 3) ctx.stderr.write('Sorry, try again.\n')
  }
  ctx.stderr.write('sudo: 3 incorrect password attempts\n')
  return false
}
