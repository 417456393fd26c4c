/**
 * ssh on the learner's PC (OpenSSH 9.2 client, as recorded from the lab's host): connect through
 * the simulated network, ask about an unknown host key, ask for the password three times, then
 * hand the terminal to a login shell on the server. The PC's ~/.ssh/known_hosts is hashed, as
 * Debian's ssh_config (HashKnownHosts yes) makes it.
 */
import type { Command, CommandContext } from '../types.ts'
import type { Server } from '../../machine/server.ts'
import { connect } from '../../machine/network.ts'
import { serverPublicAddress } from '../../machine/pc.ts'
import { isFsError } from '../../fs/types.ts'

/** The server's ED25519 host key, as ssh-keygen -lf shows it. */
export const hostKeyFingerprint = 'SHA256:qXj81SkbeNAdfaN/TD+dtuebjY1Q2kvN+XqPK8q/C7A'
const hostKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH3m0f6cMGZlQy0yvfJtV4Sb9Q5iZ2wS1uVnqKk7rD3a'
/** The kernel gives up on an unanswered SYN after about 133 s (seen from the lab's host). */
export const synTimeoutMs = 133_322

const passwords: Record<string, string> = { student: 'student' }

interface RemoteShellHost {
  server: Server
  openRemoteShell(port: number): Promise<number>
}

function usage(ctx: CommandContext): number {
  ctx.stderr.write(
    'usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n',
  )
  return 255
}

function knownName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

/** A stand-in for HMAC-SHA1 hashing that keeps one line per name, recognisable again. */
function hashedName(name: string): string {
  const encoded = btoa(`${name}#`.padEnd(20, '='))
  return `|1|${btoa('practice-salt-000000').slice(0, 28)}|${encoded}`
}

export const ssh: Command = async (ctx) => {
  let port = 22
  let user = ctx.user.name
  let destination: string | undefined
  let connectTimeout: number | undefined
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (destination !== undefined) break // the rest is a remote command
    if (arg === '-p') {
      const value = args[++i]
      if (value === undefined) return usage(ctx)
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
        ctx.stderr.write('Bad port \'' + value + '\'\n')
        return 255
      }
      port = Number(value)
    } else if (/^-p\d+$/.test(arg)) port = Number(arg.slice(2))
    else if (arg === '-l') user = args[++i] ?? user
    else if (arg === '-o') {
      const option = args[++i] ?? ''
      const match = /^(\w+)[ =](.*)$/.exec(option)
      if (match?.[1]?.toLowerCase() === 'port') port = Number(match[2])
      if (match?.[1]?.toLowerCase() === 'connecttimeout') connectTimeout = Number(match[2])
    } else if (arg.startsWith('-')) {
      if (/^-[46AaCfGgKkMNnqsTtVvXxYy]+$/.test(arg)) continue
      if (['-i', '-F', '-E', '-J', '-L', '-R', '-D', '-b', '-c', '-m', '-e', '-S', '-W', '-w', '-B', '-I', '-O', '-Q'].includes(arg)) {
        i++
        continue
      }
      ctx.stderr.write(`ssh: illegal option -- ${arg.slice(1, 2)}\n`)
      return usage(ctx)
    } else destination = arg
  }
  if (destination === undefined) return usage(ctx)
  let host = destination
  const at = destination.lastIndexOf('@')
  if (at >= 0) {
    user = destination.slice(0, at)
    host = destination.slice(at + 1)
  }
  const pc = ctx.system as unknown as RemoteShellHost
  if (host !== serverPublicAddress) {
    if (/^[\d.]+$/.test(host)) return timedOut(ctx, host, port, connectTimeout)
    ctx.stderr.write(`ssh: Could not resolve hostname ${host}: Name or service not known\n`)
    return 255
  }
  const outcome = connect(pc.server, port)
  if (outcome === 'refused') {
    ctx.stderr.write(`ssh: connect to host ${host} port ${port}: Connection refused\n`)
    return 255
  }
  if (outcome === 'timeout') return timedOut(ctx, host, port, connectTimeout)
  // Something listens, but only sshd speaks SSH.
  const owner = pc.server.state.processes.find((process) => process.sockets.some((socket) => socket.port === port))
  if (owner && owner.comm !== 'sshd' && owner.comm !== 'systemd') {
    ctx.stderr.write(`kex_exchange_identification: Connection closed by remote host\nConnection closed by ${host} port ${port}\n`)
    return 255
  }
  const trusted = await trustHost(ctx, host, port)
  if (trusted !== 0) return trusted
  const tty = ctx.tty
  if (!tty) {
    ctx.stderr.write(`${user}@${host}: Permission denied (publickey,password).\n`)
    return 255
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await tty.readLine(`${user}@${host}'s password: `, { echo: false })
    if (answer === null) return 130
    if (passwords[user] !== undefined && answer === passwords[user]) return pc.openRemoteShell(port)
    ctx.system.advance(2000)
    if (attempt < 2) ctx.stderr.write('Permission denied, please try again.\n')
  }
  ctx.stderr.write(`${user}@${host}: Permission denied (publickey,password).\n`)
  return 255
}

async function timedOut(ctx: CommandContext, host: string, port: number, connectTimeout: number | undefined): Promise<number> {
  await ctx.tty?.pause(3000)
  ctx.system.advance(connectTimeout ? connectTimeout * 1000 : synTimeoutMs)
  ctx.stderr.write(`ssh: connect to host ${host} port ${port}: Connection timed out\n`)
  return 255
}

/** The line `ssh` appends to known_hosts once the learner accepted the server's key. */
export function knownHostsLine(host: string, port: number): string {
  return `${hashedName(knownName(host, port))} ${hostKey}\n`
}

async function trustHost(ctx: CommandContext, host: string, port: number): Promise<number> {
  const fs = ctx.system.fs
  const path = `${ctx.user.home}/.ssh/known_hosts`
  const text = fs.readFile(path, ctx.cred)
  const lines = isFsError(text) ? [] : text.split('\n').filter(Boolean)
  const name = knownName(host, port)
  if (lines.some((line) => line.startsWith(`${hashedName(name)} `) || line.startsWith(`${name} `))) return 0
  const tty = ctx.tty
  const display = port === 22 ? `${host} (${host})` : `${name} (${name})`
  const others = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.endsWith(hostKey))
  let prompt = `The authenticity of host '${display}' can't be established.\nED25519 key fingerprint is ${hostKeyFingerprint}.\n`
  prompt += others.length === 0 ? 'This key is not known by any other names.\n' : `This host key is known by the following other names/addresses:\n${others.map(({ index }) => `    ~/.ssh/known_hosts:${index + 1}: [hashed name]\n`).join('')}`
  if (!tty) {
    ctx.stderr.write('Host key verification failed.\n')
    return 255
  }
  tty.write(prompt)
  let answer = await tty.readLine('Are you sure you want to continue connecting (yes/no/[fingerprint])? ')
  while (answer !== null && !['yes', 'no', hostKeyFingerprint].includes(answer.trim().toLowerCase() === 'yes' ? 'yes' : answer.trim())) {
    answer = await tty.readLine("Please type 'yes', 'no' or the fingerprint: ")
  }
  if (answer === null) return 130
  if (answer.trim() === 'no') {
    ctx.stderr.write('Host key verification failed.\n')
    return 255
  }
  fs.mkdir(`${ctx.user.home}/.ssh`, ctx.cred, { parents: true, mode: 0o700 })
  fs.writeFile(path, `${hashedName(name)} ${hostKey}\n`, ctx.cred, { append: true, mode: 0o600 })
  ctx.stderr.write(`Warning: Permanently added '${name}' (ED25519) to the list of known hosts.\n`)
  return 0
}
