/** Who and where: id, whoami, hostname, uname. */
import { isFsError } from '../../fs/types.ts'
import { serverPublicAddress } from '../../machine/pc.ts'
import type { Command } from '../types.ts'
import { groupName, groups, has, parseArgs } from './_util.ts'

export const id: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'id', { short: 'ugnG', long: { user: 'u', group: 'g', name: 'n', groups: 'G' } })
  if (typeof parsed === 'number') return parsed
  const who = parsed.operands[0]
  const user = who === undefined ? ctx.system.user(ctx.cred.uid) : ctx.system.user(/^\d+$/.test(who) ? Number(who) : who)
  if (who !== undefined && !user) {
    ctx.stderr.write(`id: ‘${who}’: no such user\n`)
    return 1
  }
  const uid = user?.uid ?? ctx.cred.uid
  const gid = who === undefined ? ctx.cred.gid : (user?.gid ?? 0)
  const memberOf = who === undefined ? ctx.cred.groups : [gid, ...groups(ctx).filter((g) => user && g.members.includes(user.name) && g.gid !== gid).map((g) => g.gid)]
  const allGroups = [gid, ...memberOf.filter((g) => g !== gid)]
  const named = has(parsed, 'n')
  if (has(parsed, 'u')) ctx.stdout.write(`${named ? (user?.name ?? uid) : uid}\n`)
  else if (has(parsed, 'g')) ctx.stdout.write(`${named ? groupName(ctx, gid) : gid}\n`)
  else if (has(parsed, 'G')) ctx.stdout.write(`${allGroups.map((g) => (named ? groupName(ctx, g) : g)).join(' ')}\n`)
  else {
    const name = user ? `(${user.name})` : ''
    ctx.stdout.write(`uid=${uid}${name} gid=${gid}(${groupName(ctx, gid)}) groups=${allGroups.map((g) => `${g}(${groupName(ctx, g)})`).join(',')}\n`)
  }
  return 0
}

export const whoami: Command = (ctx) => {
  ctx.stdout.write(`${ctx.system.user(ctx.cred.uid)?.name ?? ctx.user.name}\n`)
  return 0
}

export const hostname: Command = (ctx) => {
  const option = ctx.argv[1]
  if (option !== undefined && !option.startsWith('-')) {
    if (ctx.cred.uid !== 0) {
      ctx.stderr.write('hostname: you must be root to change the host name\n')
      return 1
    }
  }
  // -I is how many guides find a server's address: every address but loopback, each followed by
  // a space; -i resolves the host's own name, which /etc/hosts of Debian maps to 127.0.1.1.
  if (ctx.system.kind === 'server' && (option === '-I' || option === '--all-ip-addresses')) ctx.stdout.write(`${serverPublicAddress} \n`)
  else if (ctx.system.kind === 'server' && (option === '-i' || option === '--ip-address')) ctx.stdout.write('127.0.1.1\n')
  else ctx.stdout.write(`${ctx.system.hostname}\n`)
  return 0
}

export const uname: Command = (ctx) => {
  const parsed = parseArgs(ctx, 'uname', {
    short: 'asnrvmpio',
    long: { all: 'a', 'kernel-name': 's', nodename: 'n', 'kernel-release': 'r', 'kernel-version': 'v', machine: 'm', 'operating-system': 'o' },
  })
  if (typeof parsed === 'number') return parsed
  const root = { uid: 0, gid: 0, groups: [0] }
  const read = (path: string, fallback: string) => {
    const text = ctx.system.fs.readFile(path, root)
    return isFsError(text) ? fallback : text.trim()
  }
  const fields = {
    s: 'Linux',
    n: ctx.system.hostname,
    r: read('/proc/sys/kernel/osrelease', '6.1.0-28-amd64'),
    v: read('/proc/sys/kernel/version', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)'),
    m: 'x86_64',
    o: 'GNU/Linux',
  }
  const all = has(parsed, 'a')
  const wanted = (['s', 'n', 'r', 'v', 'm', 'o'] as const).filter((key) => all || has(parsed, key))
  const shown = wanted.length === 0 ? ['s' as const] : wanted
  ctx.stdout.write(`${shown.map((key) => fields[key]).join(' ')}\n`)
  return 0
}
