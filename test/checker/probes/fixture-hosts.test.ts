import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { facts as factsSchema, isUnknown } from '../../../checker/facts.ts'
import { createFixtureHost } from '../../../checker/probes/fixture-host.ts'
import { collectFacts } from '../../../checker/probes/index.ts'
import { hostFixture, hostsDir } from '../_paths.ts'

const observe = async (name: string) => (await collectFacts(createFixtureHost(hostFixture(name), { timeoutMs: 5000 }))).facts

describe('probes over recorded hosts', () => {
  const hosts = readdirSync(hostsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)

  it('has recorded hosts to run', () => expect(hosts.length).toBeGreaterThanOrEqual(7))

  it.each(hosts)('%s produces Facts that match the schema', async (name) => {
    const facts = await observe(name)
    expect(factsSchema.safeParse(facts).success).toBe(true)
  })

  it('observes a finished Debian 12 server', async () => {
    const facts = await observe('done')
    expect({ listening: facts.listening, sshd: facts.sshd, ufw: facts.ufw, packages: facts.packages, apt: facts.apt }).toMatchInlineSnapshot(`
      {
        "apt": {
          "listsUpdatedAt": "2026-11-18T06:30:00.000Z",
          "pending": {
            "keptBack": [],
            "phased": [],
            "upgradable": [],
          },
          "periodic": {
            "unattended-upgrade": "1",
            "update-package-lists": "1",
          },
        },
        "listening": [
          {
            "address": "0.0.0.0",
            "port": 54723,
            "programs": [
              "sshd",
            ],
            "proto": "tcp",
          },
          {
            "address": "0.0.0.0",
            "port": 80,
            "programs": [
              "nginx",
            ],
            "proto": "tcp",
          },
          {
            "address": "127.0.0.1",
            "port": 25,
            "programs": [
              "exim4",
            ],
            "proto": "tcp",
          },
          {
            "address": "::",
            "port": 54723,
            "programs": [
              "sshd",
            ],
            "proto": "tcp6",
          },
          {
            "address": "::",
            "port": 80,
            "programs": [
              "nginx",
            ],
            "proto": "tcp6",
          },
        ],
        "packages": {
          "openssh-server": "installed",
          "ufw": "installed",
          "unattended-upgrades": "installed",
        },
        "sshd": {
          "configTest": {
            "valid": true,
          },
          "configured": {
            "ports": [
              54723,
            ],
            "source": "sshd -T",
          },
          "socketFollowsConfig": false,
          "socketPorts": [
            22,
          ],
        },
        "ufw": {
          "active": true,
          "defaultIncoming": "deny",
          "enabledInConfig": true,
          "ipv6": true,
          "rules": [
            {
              "action": "allow",
              "destination": "0.0.0.0/0",
              "direction": "in",
              "ports": [
                {
                  "from": 54723,
                  "to": 54723,
                },
              ],
              "proto": "tcp",
              "source": "0.0.0.0/0",
              "v6": false,
            },
            {
              "action": "allow",
              "destination": "0.0.0.0/0",
              "direction": "in",
              "ports": [
                {
                  "from": 80,
                  "to": 80,
                },
              ],
              "proto": "tcp",
              "source": "0.0.0.0/0",
              "v6": false,
            },
            {
              "action": "allow",
              "destination": "::/0",
              "direction": "in",
              "ports": [
                {
                  "from": 54723,
                  "to": 54723,
                },
              ],
              "proto": "tcp",
              "source": "::/0",
              "v6": true,
            },
            {
              "action": "allow",
              "destination": "::/0",
              "direction": "in",
              "ports": [
                {
                  "from": 80,
                  "to": 80,
                },
              ],
              "proto": "tcp",
              "source": "::/0",
              "v6": true,
            },
          ],
        },
      }
    `)
  })

  it('without root: parser fallback for sshd, root-only facts unknown with needsRoot', async () => {
    const facts = await observe('nonroot')
    expect(facts.root).toBe(false)
    expect(facts.sshd.configured).toEqual({ ports: [54723], source: 'parser', warnings: [] })
    for (const fact of [facts.sshd.configTest, facts.ufw.active, facts.ufw.rules]) {
      expect(isUnknown(fact) && fact.needsRoot).toBe(true)
    }
    expect(facts.ufw.defaultIncoming).toBe('deny')
  })

  it('turns hangs, garbage and missing systemd into reasons, never into values', async () => {
    const facts = await observe('broken')
    const reasons = [facts.listening, facts.apt.pending, facts.apt.periodic, facts.apt.listsUpdatedAt, facts.units['ssh.service'], facts.ufw.active, facts.packages.ufw, facts.sshd.configured].map((fact) =>
      isUnknown(fact) ? fact.unknown : 'KNOWN',
    )
    expect(reasons).toMatchInlineSnapshot(`
      [
        "/proc/net/tcp: unexpected format",
        "apt-get: no answer within 5 s",
        "apt-config dump: unexpected output",
        "/var/lib/apt/lists/mirror.example_debian-security_dists_bookworm-security_InRelease: modification time unreadable",
        "systemctl show exited with 1: System has not been booted with systemd as init system (PID 1). Can't operate.",
        "ufw status exited with 1: ERROR: problem running iptables",
        "dpkg-query: no usable line for ufw",
        "sshd would refuse this configuration: /etc/ssh/sshd_config.d/course.conf line 1: Badly formatted port number: 54723x",
      ]
    `)
    expect(facts.sshd.configTest).toEqual({ valid: false, error: '/etc/ssh/sshd_config.d/course.conf line 1: Badly formatted port number.' })
  })

  it('takes the newest of list times and periodic stamps', async () => {
    const facts = await observe('ubuntu-socket')
    expect(facts.apt.listsUpdatedAt).toBe('2026-11-20T06:12:00.000Z')
    expect(facts.sshd.socketPorts).toEqual([22])
    expect(facts.sshd.configured).toEqual({ ports: [54723], source: 'sshd -G' })
  })
})
