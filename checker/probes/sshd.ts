/**
 * sshd: is the configuration valid, which ports does it configure, and which ports does ssh.socket
 * hold. As root one `sshd -T` answers the first two: it checks the configuration exactly as
 * `sshd -t` does (the same errors, exit 255 — seen on Debian 12, including a missing /run/sshd)
 * and then prints it. Without root: `sshd -G` (OpenSSH 9.3+), then our own parser. The socket's
 * ports come from the units probe's own `systemctl show` (its Listen lines), run once for both.
 */
import type { Facts } from '../facts.ts'
import { readSshdConfig } from '../parsers/sshd-config.ts'
import { parseSshdEffective } from '../parsers/sshd-effective.ts'
import { socketListenPorts } from '../parsers/systemctl-show.ts'
import type { Host, RunResult } from './host.ts'
import { commandProblem, notCheckedReason, rootRequired, unknown } from './_unknown.ts'
import type { FactPart } from '../rules/needs.ts'
import { timeouts } from './timeouts.ts'
import { showObservedUnits } from './units.ts'

const quick = { timeoutMs: timeouts.quick }

/** `want`: the parts to observe (checker/rules/needs.ts); the others are 'not checked'. Default: all. */
export async function probeSshd(host: Host, want?: ReadonlySet<FactPart>): Promise<Facts['sshd']> {
  const wanted = (part: FactPart) => want === undefined || want.has(part)
  const skipped = unknown(notCheckedReason)
  // One start of sshd for both questions: sshd loads its host keys each time, a real cost.
  const dump = host.root && (wanted('sshd.configTest') || wanted('sshd.configured')) ? host.run('sshd', ['-T'], quick) : undefined
  const [configTest, configured, socketPorts] = await Promise.all([
    wanted('sshd.configTest') ? probeConfigTest(host, dump) : skipped,
    wanted('sshd.configured') ? probeConfiguredPorts(host, dump) : skipped,
    wanted('sshd.socketPorts') ? probeSocketPorts(host) : skipped,
  ])
  return { configTest, configured, socketPorts, socketFollowsConfig: wanted('sshd.socketFollowsConfig') ? socketGeneratorInstalled(host) : skipped }
}

const generatorPaths = ['/usr/lib/systemd/system-generators/sshd-socket-generator', '/lib/systemd/system-generators/sshd-socket-generator']

function socketGeneratorInstalled(host: Host): boolean {
  return generatorPaths.some((path) => host.exists(path))
}

async function probeConfigTest(host: Host, dump: Promise<RunResult> | undefined): Promise<Facts['sshd']['configTest']> {
  // Without root sshd cannot read its host keys and fails for that reason alone.
  if (!host.root || !dump) return rootRequired('sshd -t')
  const result = await dump
  if (!result.ok) return commandProblem('sshd -T', result)
  if (result.code === 0) return { valid: true }
  const error = (result.stderr || result.stdout).trim()
  return { valid: false, error: error || `sshd -T exited with ${result.code}` }
}

async function probeConfiguredPorts(host: Host, dump: Promise<RunResult> | undefined): Promise<Facts['sshd']['configured']> {
  const tested = await dump
  if (tested?.ok && tested.code === 0) {
    const parsed = parseSshdEffective(tested.stdout)
    if (parsed) return { ports: parsed.ports, source: 'sshd -T' }
  }
  const dumped = await host.run('sshd', ['-G'], quick)
  if (dumped.ok && dumped.code === 0) {
    const parsed = parseSshdEffective(dumped.stdout)
    if (parsed) return { ports: parsed.ports, source: 'sshd -G' }
  }
  if (!host.exists('/etc/ssh/sshd_config')) return unknown('/etc/ssh/sshd_config not found (is openssh-server installed?)')
  const parsed = readSshdConfig({ read: (path) => host.readFile(path), list: (dir) => host.listDir(dir) })
  if (parsed.unreadable.length > 0) return rootRequired(`cannot read ${parsed.unreadable.join(', ')}`)
  if (parsed.errors.length > 0) {
    return unknown(`sshd would refuse this configuration: ${parsed.errors[0]}`, {
      ja: `sshd の設定ファイルを読めないか、sshd が受け付けない内容です(sudo sshd -t で確かめてください)`,
      en: `the sshd configuration cannot be read or sshd would refuse it (check with sudo sshd -t)`,
    })
  }
  return { ports: parsed.ports, source: 'parser', warnings: parsed.warnings }
}

async function probeSocketPorts(host: Host): Promise<Facts['sshd']['socketPorts']> {
  const shown = await showObservedUnits(host)
  if ('unknown' in shown) return shown
  const socket = shown['ssh.socket']
  if (!socket.LoadState) return unknown('systemctl show ssh.socket: unexpected output')
  return socket.LoadState[0] === 'loaded' ? socketListenPorts(socket) : []
}
