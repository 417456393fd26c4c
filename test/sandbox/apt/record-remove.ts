/**
 * Records what real apt 2.6.1 and dpkg 1.21 of Debian 12 print for remove, purge and autoremove
 * into recorded/remove.json: `sudo npx tsx test/sandbox/apt/record-remove.ts` (root, Linux; the
 * lab of test/lab/ boots the machines). Each scenario runs on a fresh lab machine booted here and
 * disposed of here (no other lab machine is touched). Commands run as the lab does for the golden
 * transcripts: `terminal` as the learner in a pty (script(1), 80×24, answers typed once the
 * question is on the screen), `pipe` without a terminal (stdout and stderr apart, as the
 * checker's probes run). Outputs are kept as the terminal shows them (redraws resolved, control
 * sequences removed), the host name and addresses replaced; the test normalises both sides alike.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { release } from 'node:os'
import { ensureBase } from '../../lab/base.ts'
import { hostName } from '../../lab/config.ts'
import { LabMachine } from '../../lab/machine.ts'
import { stripTerminal } from '../../lab/normalise.ts'

export interface Step {
  command: string
  via: 'terminal' | 'pipe'
  /** pipe: who runs it (terminal: always the learner, through sudo as written) */
  user?: 'root' | 'learner'
  /** terminal: the answer typed at the question */
  answer?: string
  /** run to set the machine up; its output is not kept */
  setup?: true
}

const T = (command: string, answer?: string): Step => ({ command, via: 'terminal', ...(answer !== undefined && { answer }) })
const P = (command: string, user: 'root' | 'learner' = 'root'): Step => ({ command, via: 'pipe', user })
const setup = (command: string): Step => ({ command, via: 'pipe', user: 'root', setup: true })

/** A .deb of the host's apt cache copied into the machine (the lab's repository has no nano). */
interface HostDeb {
  from: string
  to: string
}

const nanoDeb: HostDeb = { from: '/var/cache/apt/archives/nano_7.2-1+deb12u1_amd64.deb', to: '/srv/extra/nano_7.2-1+deb12u1_amd64.deb' }
/** A second local repository with nano in it; only its own lists are refreshed (the lab's stay months old). */
const extraRepo = setup(
  "cd /srv/extra && apt-ftparchive packages . > Packages && echo 'deb [trusted=yes] copy:/srv/extra ./' > /etc/apt/sources.list.d/extra.list && apt-get update -o Dir::Etc::SourceList=/etc/apt/sources.list.d/extra.list -o Dir::Etc::SourceParts=- -o APT::Get::List-Cleanup=0",
)

/** The scenarios, each on a fresh machine as the basic course left it. */
const scenarios: Array<{ name: string; debs?: HostDeb[]; steps: Step[] }> = [
  {
    name: 'nothing to remove',
    steps: [
      T('sudo apt remove ufw'),
      T('sudo apt purge ufw'),
      T('sudo apt remove secure-course-check'),
      T('sudo apt remove ufw secure-course-check'),
      T('sudo apt autoremove'),
      T('sudo apt remove'),
      T('apt remove ufw'),
      P('apt-get remove ufw'),
      P('apt-get remove secure-course-check'),
      P('apt-get autoremove'),
      P('apt remove ufw'),
      P('apt-get remove ufw', 'learner'),
      P('apt-get -s remove ufw', 'learner'),
    ],
  },
  {
    name: 'ufw by apt-get, inactive',
    steps: [
      setup('apt-get install -y ufw'),
      P('apt-get -s remove ufw', 'learner'),
      P('apt-get -s purge ufw', 'learner'),
      P('apt-get remove -y ufw'),
      P('dpkg -l ufw'),
      P('ls /etc/ufw'),
      P('ls /etc/ufw/applications.d /etc/default/ufw'),
      P('ls /lib/systemd/system/ufw.service /usr/sbin/ufw'),
      P('ls /etc/systemd/system/multi-user.target.wants/ufw.service'),
      P('systemctl status ufw'),
      T('sudo apt remove ufw'),
      T('sudo apt autoremove -y'),
      P('dpkg -l ufw iptables nftables'),
      P('ls /usr/sbin/iptables'),
      T('sudo apt purge ufw', 'y'),
      P('dpkg -l ufw'),
      P('ls /etc/ufw'),
      P('ls /etc/ufw/applications.d'),
      P('ls /etc/default/ufw'),
      P('ls /etc/systemd/system/multi-user.target.wants/ufw.service'),
      T('sudo apt purge ufw'),
    ],
  },
  {
    name: 'ufw enabled, removed at the question',
    steps: [
      T('sudo apt install -y ufw'),
      setup('ufw allow 54723/tcp && ufw --force enable'),
      T('sudo apt remove ufw', 'n'),
      T('sudo apt remove ufw', 'y'),
      T('sudo ufw status'),
      P('grep ENABLED /etc/ufw/ufw.conf'),
      P('cat /etc/ufw/user.rules'),
      P('dpkg -l ufw'),
      T('sudo apt install -y ufw'),
      T('sudo apt purge -y ufw'),
      P('ls /etc/ufw'),
      T('sudo apt autoremove', 'y'),
      P('dpkg -l iptables'),
    ],
  },
  {
    name: 'ufw purged at once, then apt-get autoremove --purge',
    steps: [
      setup('apt-get install -y ufw'),
      T('sudo apt purge ufw', 'y'),
      P('ls /etc/ufw'),
      P('dpkg -l ufw'),
      P('apt-get autoremove --purge -y'),
    ],
  },
  {
    name: 'remove --autoremove',
    steps: [setup('apt-get install -y ufw'), T('sudo apt remove --autoremove -y ufw'), P('dpkg -l ufw nftables')],
  },
  {
    name: 'autoremove with a package named',
    steps: [setup('apt-get install -y ufw'), T('sudo apt autoremove -y ufw'), P('dpkg -l ufw')],
  },
  {
    name: 'one package no longer required',
    steps: [
      setup('apt-get install -y ufw'),
      setup('apt-mark manual libip6tc2 libjansson4 libnetfilter-conntrack3 libnfnetlink0 libnftables1 libnftnl11 nftables'),
      T('sudo apt remove -y ufw'),
      P('apt-get autoremove -y'),
    ],
  },
  {
    name: 'a dependency of ufw',
    steps: [
      setup('apt-get install -y ufw'),
      T('sudo apt remove iptables', 'y'),
      P('dpkg -l ufw iptables'),
      T('sudo apt-get remove --purge -y nftables'),
      P('apt-get -s autoremove'),
    ],
  },
  {
    name: 'nano',
    debs: [nanoDeb],
    steps: [
      extraRepo,
      T('sudo apt remove nano', 'y'),
      P('dpkg -l nano'),
      P('ls /usr/bin/nano /bin/nano'),
      T('sudo apt install nano', 'y'),
      P('ls /usr/bin/nano'),
      T('sudo apt remove --purge -y nano'),
      P('dpkg -l nano'),
      T('sudo apt purge -y nano'),
      T('sudo apt install -y nano'),
    ],
  },
  {
    name: 'unattended-upgrades',
    steps: [
      setup('apt-get install -y unattended-upgrades'),
      T('sudo apt remove -y unattended-upgrades'),
      P('dpkg -l unattended-upgrades'),
      P('ls /etc/apt/apt.conf.d'),
      P('systemctl is-active unattended-upgrades.service'),
      P('ls /usr/bin/unattended-upgrade'),
      T('sudo apt autoremove -y'),
      P('dpkg -l xdg-user-dirs iso-codes python3-apt libglib2.0-0'),
      T('sudo apt-get purge -y unattended-upgrades'),
      P('ls /etc/apt/apt.conf.d'),
      P('ls /var/log/unattended-upgrades'),
      P('dpkg -l unattended-upgrades'),
    ],
  },
]

export interface RecordedStep extends Step {
  exitCode?: number
  /** terminal: what the screen showed (prompt answers echoed) */
  output?: string
  /** pipe */
  stdout?: string
  stderr?: string
}

function clean(text: string, addresses: string[]): string {
  let out = stripTerminal(text)
  for (const address of addresses) out = out.split(address).join('<address>')
  out = out.replace(new RegExp(`\\b${hostName}\\b`, 'g'), '<hostname>')
  out = out.split(release()).join('<kernel>')
  // dpkg's progress bar in a terminal leaves "Progress: [ 40%]" lines behind.
  return out
    .split('\n')
    .filter((line) => !/^Progress: \[\s*\d+%\]/.test(line))
    .join('\n')
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`

async function runStep(machine: LabMachine, step: Step): Promise<RecordedStep> {
  const addresses = [machine.guestAddress, machine.hostAddress]
  if (step.via === 'pipe') {
    const result = await machine.exec(step.command, { user: step.user ?? 'root', allowFail: true, timeoutMs: 300_000, input: '' })
    if (step.setup) return { ...step, exitCode: result.code }
    return { ...step, exitCode: result.code, stdout: clean(result.stdout, addresses), stderr: clean(result.stderr, addresses) }
  }
  const inner = quote(`stty cols 80 rows 24 -echoctl 2>/dev/null; ${step.command}`)
  // The answer is typed only once the question is on the screen, so its echo lands after it.
  const feeder = step.answer === undefined ? '' : `(sleep 4; printf '%s\\n' ${quote(step.answer)}) | `
  const result = await machine.exec(`${feeder}TERM=xterm-256color SYSTEMD_PAGER= script -qefc ${inner} /dev/null`, { user: 'learner', allowFail: true, timeoutMs: 300_000 })
  if (step.setup) return { ...step, exitCode: result.code }
  return { ...step, exitCode: result.code, output: clean(result.stdout + result.stderr, addresses) }
}

interface Recording {
  recordedOn: string
  scenarios: Array<{ name: string; steps: RecordedStep[] }>
}

async function main(): Promise<void> {
  const out = process.env.RECORD_TO ?? new URL('recorded/remove.json', import.meta.url).pathname
  const only = process.argv.slice(2)
  // Scenarios named on the command line replace theirs in the file; the others stay as recorded.
  const previous: Recording = only.length > 0 ? (JSON.parse(await readFile(out, 'utf8')) as Recording) : { recordedOn: '', scenarios: [] }
  const base = await ensureBase((line) => console.log(`lab: ${line}`))
  const recorded: Recording['scenarios'] = []
  let current: LabMachine | undefined
  // An interrupted run kills the machine it booted (the lab's own clean-up removes its folder).
  process.once('SIGINT', () => {
    current?.killNow()
    process.exit(130)
  })
  for (const scenario of scenarios) {
    if (only.length > 0 && !only.includes(scenario.name)) {
      const kept = previous.scenarios.find((found) => found.name === scenario.name)
      if (kept) recorded.push(kept)
      continue
    }
    const machine = await LabMachine.boot(base)
    current = machine
    console.log(`${scenario.name} on ${machine.name}`)
    try {
      for (const deb of scenario.debs ?? []) await machine.copyIn(await readFile(deb.from), deb.to)
      const steps: RecordedStep[] = []
      for (const step of scenario.steps) {
        const done = await runStep(machine, step)
        if (done.setup && done.exitCode !== 0) throw new Error(`setup step failed: ${step.command} (${done.exitCode})`)
        steps.push(done)
      }
      recorded.push({ name: scenario.name, steps })
    } finally {
      await machine.dispose()
      current = undefined
    }
  }
  await writeFile(out, `${JSON.stringify({ recordedOn: 'Debian 12 (bookworm), secure-course lab, apt 2.6.1, dpkg 1.21.23', scenarios: recorded }, null, 2)}\n`)
  console.log(`wrote ${out}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
