/**
 * sshd (OpenSSH 9.2p1, Debian 12) as the learner runs it by hand: `sshd -t` checks the
 * configuration, `sshd -T` dumps the effective one. The order of refusals is sshd's own: a bad
 * configuration first (exit 255), then the host keys only root can read (exit 1), then the
 * privilege separation directory /run/sshd, which exists only while ssh.service has run since boot.
 * OpenSSH 9.2 has no -G (added in 9.3): it says so, and the checker falls back to -T.
 */
import type { Command } from './types.ts'
import type { Server } from '../machine/server.ts'
import { loadSshdConfig, sshdDump } from '../machine/sshd-config.ts'
import { listeningSockets } from '../machine/sockets.ts'

const version = 'OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.20 7 Apr 2026'
const usage = `${version}
usage: sshd [-46DdeiqTtV] [-C connection_spec] [-c host_cert_file]
            [-E log_file] [-f config_file] [-g login_grace_time]
            [-h host_key_file] [-o option] [-p port] [-u len]
`

export const sshd: Command = async (ctx) => {
  let test = 0
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (!arg.startsWith('-') || arg === '-') {
      ctx.stderr.write(`Extra argument ${arg}.\n`)
      return 1
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j] as string
      if (letter === 't') test = Math.max(test, 1)
      else if (letter === 'T') test = 2
      else if (letter === 'V') {
        ctx.stderr.write(`${version}\n`)
        return 0
      } else if ('46DdeiqC'.includes(letter)) {
        if (letter === 'C') {
          i++
          break
        }
      } else if ('cEfghopu'.includes(letter)) {
        i++ // the option's value
        break
      } else {
        ctx.stderr.write(`unknown option -- ${letter}\n${usage}`)
        return 1
      }
    }
  }
  if (ctx.system.kind !== 'server') return 1
  const server = ctx.system as unknown as Server
  const config = loadSshdConfig(server, ctx.cred)
  if (!config.ok) {
    ctx.stderr.write(`${config.error}\n`)
    return 255
  }
  if (ctx.cred.uid !== 0) {
    ctx.stderr.write('sshd: no hostkeys available -- exiting.\n')
    return 1
  }
  if (!server.fs.exists('/run/sshd')) {
    ctx.stderr.write('Missing privilege separation directory: /run/sshd\n')
    return 255
  }
  if (test === 2) {
    ctx.stdout.write(sshdDump(config))
    return 0
  }
  if (test === 1) return 0
  if (!ctx.argv[0]?.startsWith('/')) {
    ctx.stderr.write('sshd re-exec requires execution with an absolute path\n')
    return 1
  }
  // A second daemon beside ssh.service finds its ports taken.
  const taken = listeningSockets(server)
  const failures = config.listen.filter((spec) => taken.some((socket) => socket.port === spec.port && socket.address === spec.address))
  for (const spec of failures) ctx.stderr.write(`Bind to port ${spec.port} on ${spec.address} failed: Address already in use.\n`)
  if (failures.length === config.listen.length) {
    ctx.stderr.write('Cannot bind any address.\n')
    return 255
  }
  return 0
}
