/**
 * iptables / ip6tables 1.8.9 (nf_tables), only as far as the course needs: `iptables -n -L
 * ufw-user-input` (the checker's fallback for "is ufw running") and the other ufw user chains.
 * The chain is listed from the `-A <chain>` lines of user.rules / user6.rules while ufw's chains
 * are loaded, laid out as the lab's iptables prints it.
 */
import { isFsError, rootCred } from '../../fs/types.ts'
import type { Server } from '../../machine/server.ts'
import type { CommandContext } from '../types.ts'

const protoNumbers: Record<string, string> = { all: '0', tcp: '6', udp: '17', ipv6: '41', esp: '50', ah: '51', igmp: '2', gre: '47', vrrp: '112' }

/** One `-A chain …` line as `iptables -n -L` shows it. */
function listRow(args: string[], v6: boolean): string {
  let target = ''
  let proto = 'all'
  let source = v6 ? '::/0' : '0.0.0.0/0'
  let destination = source
  let dport = ''
  let sport = ''
  const extras: string[] = []
  let portMatchAt = -1
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const next = args[i + 1] ?? ''
    switch (arg) {
      case '-p': proto = next; i++; break
      case '-s': source = next; i++; break
      case '-d': destination = next; i++; break
      case '-i': case '-o': i++; break
      case '-j': target = next; i++; break
      case '--dport': dport = next; i++; if (portMatchAt < 0) portMatchAt = extras.length; break
      case '--sport': sport = next; i++; if (portMatchAt < 0) portMatchAt = extras.length; break
      case '--dports': extras.push(`multiport dports ${next}`); i++; break
      case '--sports': extras.push(`multiport sports ${next}`); i++; break
      case '--ctstate': extras.push(`ctstate ${next}`); i++; break
      case '--set': extras.push(`recent: SET name: DEFAULT side: source mask: ${v6 ? 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' : '255.255.255.255'}`); break
      case '--update': {
        const seconds = args[args.indexOf('--seconds') + 1] ?? '30'
        const hits = args[args.indexOf('--hitcount') + 1] ?? '6'
        extras.push(`recent: UPDATE seconds: ${seconds} hit_count: ${hits} name: DEFAULT side: source mask: ${v6 ? 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff' : '255.255.255.255'}`)
        break
      }
      case '--reject-with': extras.push(`reject-with ${next}`); i++; break
      case '--comment': {
        // The quotes written in user.rules stay part of the comment.
        let comment = next
        while (!comment.endsWith("'") && i + 2 < args.length && comment.startsWith("'")) comment += ` ${args[++i + 1] ?? ''}`
        extras.push(`/* ${comment} */`)
        i++
        break
      }
      default: break
    }
  }
  if (portMatchAt >= 0) {
    const ports = [sport ? `spt:${sport}` : '', dport ? `dpt:${dport}` : ''].filter(Boolean).join(' ')
    extras.splice(portMatchAt, 0, `${proto} ${ports}`)
  }
  const row = `${target.padEnd(9)}  ${(protoNumbers[proto] ?? proto).padEnd(5)}${'--'.padEnd(4)}${source.padEnd(20)} ${destination.padEnd(20)}`
  return extras.length > 0 ? `${row} ${extras.join(' ')}` : row
}

function makeIptables(v6: boolean) {
  const name = v6 ? 'ip6tables' : 'iptables'
  return async (ctx: CommandContext): Promise<number> => {
    const args = ctx.argv.slice(1)
    if (args.length === 0) {
      ctx.stderr.write(`${name} v1.8.9 (nf_tables): no command specified\nTry \`${name} -h' or '${name} --help' for more information.\n`)
      return 2
    }
    if (ctx.cred.uid !== 0) {
      ctx.stderr.write(`${name} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`)
      return 4
    }
    const listAt = args.findIndex((arg) => arg === '-L' || arg === '--list')
    const chain = listAt >= 0 ? args[listAt + 1] : undefined
    const prefix = v6 ? 'ufw6-user-' : 'ufw-user-'
    const server = ctx.system.kind === 'server' ? (ctx.system as Server) : undefined
    const loaded = server?.state.firewall.loaded ?? false
    if (listAt < 0 || chain === undefined || chain.startsWith('-') || !chain.startsWith(prefix) || !loaded || !server) {
      ctx.stderr.write(`${name}: No chain/target/match by that name.\n`)
      return 1
    }
    const text = server.fs.readFile(v6 ? '/etc/ufw/user6.rules' : '/etc/ufw/user.rules', rootCred)
    const lines = isFsError(text) ? [] : text.split('\n').filter((line) => line.startsWith(`-A ${chain} `))
    const references = chain === `${prefix}input` || chain === `${prefix}output` || chain === `${prefix}forward` ? 1 : lines.length > 0 ? 1 : 0
    let out = `Chain ${chain} (${references} references)\n`
    out += `${'target'.padEnd(9)}  ${'prot'.padEnd(5)}${'opt'.padEnd(4)}${'source'.padEnd(20)} ${'destination'.padEnd(20)}\n`
    for (const line of lines) out += `${listRow(line.split(/\s+/).slice(2), v6)}\n`
    ctx.stdout.write(out)
    return 0
  }
}

export const iptables = makeIptables(false)
export const ip6tables = makeIptables(true)
