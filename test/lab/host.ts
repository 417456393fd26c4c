/**
 * The host's own network settings, to prove the lab leaves them alone: every readable value
 * under /proc/sys/net (the kernel's per-namespace network settings, where a firewall run by
 * mistake on the host would show) and the host's own netfilter table names. The lab's veth
 * links come and go and are left out, as are counters and random values.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const volatile = /\/(ve-[^/]+|.*random.*|stable_secret|nf_conntrack_count|tcp_mem|udp_mem|base_reachable_time.*|nf_conntrack_buckets)$|\/(ve-[^/]+)\//

function walk(dir: string, out: Map<string, string>): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const path = join(dir, name)
    if (volatile.test(path)) continue
    let stat
    try {
      stat = statSync(path)
    } catch {
      continue
    }
    if (stat.isDirectory()) walk(path, out)
    else if (stat.mode & 0o444) {
      try {
        out.set(path, readFileSync(path, 'utf8').trim())
      } catch {
        // write-only or not readable here
      }
    }
  }
}

export function hostNetworkSnapshot(): Map<string, string> {
  const values = new Map<string, string>()
  walk('/proc/sys/net', values)
  for (const tables of ['/proc/net/ip_tables_names', '/proc/net/ip6_tables_names']) {
    try {
      values.set(tables, readFileSync(tables, 'utf8').split('\n').sort().join(' ').trim())
    } catch {
      // no legacy iptables module on this host
    }
  }
  return values
}

/** Entries that differ between two snapshots. */
export function snapshotChanges(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()])
  return [...keys].filter((key) => before.get(key) !== after.get(key)).map((key) => `${key}: ${before.get(key)} → ${after.get(key)}`)
}
