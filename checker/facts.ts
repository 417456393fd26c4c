/**
 * Facts: what was observed on a server, nothing judged. The probes (real host), the practice
 * machine (browser) and recorded fixtures all produce this shape; the rules only read it.
 * Every observation may instead be `{ unknown }` with the reason it could not be made, so a
 * missing tool or a missing privilege can never turn into a pass.
 */
import { z } from 'zod'

export const unknownFact = z
  .object({
    unknown: z.string().min(1),
    /** true when running as root would have made the observation possible */
    needsRoot: z.boolean().optional(),
    /**
     * The reason in words for the learner, in both languages (`unknown` is the raw English reason,
     * kept as evidence): a timeout names `--timeout`, a missing command says so in Japanese.
     */
    text: z.object({ ja: z.string(), en: z.string() }).strict().optional(),
  })
  .strict()
export type UnknownFact = z.infer<typeof unknownFact>

function orUnknown<T extends z.ZodType>(schema: T) {
  return z.union([unknownFact, schema])
}

export function isUnknown(value: unknown): value is UnknownFact {
  return typeof value === 'object' && value !== null && 'unknown' in value
}

const port = z.number().int().min(1).max(65535)

export const listeningSocket = z
  .object({
    proto: z.enum(['tcp', 'tcp6']),
    address: z.string(),
    port,
    /** names of the programs holding the socket (/proc/PID/comm); only root can see them */
    programs: z.array(z.string()).optional(),
  })
  .strict()
export type ListeningSocket = z.infer<typeof listeningSocket>

export const unitState = z
  .object({
    /** LoadState: loaded, not-found, masked, … */
    load: z.string(),
    /** ActiveState: active, inactive, failed, activating, … */
    active: z.string(),
    /** UnitFileState: enabled, disabled, static, masked, '' when there is no unit file */
    enabled: z.string(),
  })
  .strict()
export type UnitState = z.infer<typeof unitState>

export const packageState = z.enum(['installed', 'config-files', 'not-installed', 'half-installed'])
export type PackageState = z.infer<typeof packageState>

export const ufwRule = z
  .object({
    action: z.enum(['allow', 'limit', 'deny', 'reject']),
    direction: z.enum(['in', 'out', 'routed']),
    proto: z.enum(['tcp', 'udp', 'any']),
    /** destination ports; empty means every port */
    ports: z.array(z.object({ from: port, to: port }).strict()),
    source: z.string(),
    destination: z.string(),
    v6: z.boolean(),
    /** application profile name when the rule came from `ufw allow OpenSSH` and the like */
    app: z.string().optional(),
  })
  .strict()
export type UfwRule = z.infer<typeof ufwRule>

export const policy = z.enum(['deny', 'reject', 'allow'])

export const facts = z
  .object({
    root: z.boolean(),
    host: z.object({ hostname: z.string(), os: z.string() }).strict(),
    /** when the facts were observed (ISO 8601), the reference for ages */
    observedAt: z.string(),
    listening: orUnknown(z.array(listeningSocket)),
    sshd: z
      .object({
        /** `sshd -t`; error is its message when the configuration is rejected */
        configTest: orUnknown(z.object({ valid: z.boolean(), error: z.string().optional() }).strict()),
        configured: orUnknown(
          z
            .object({
              ports: z.array(port),
              source: z.enum(['sshd -G', 'sshd -T', 'parser']),
              /** parser only: problems seen while reading the files */
              warnings: z.array(z.string()).optional(),
            })
            .strict(),
        ),
        /** ports of ssh.socket's ListenStream (socket activation, Ubuntu 22.10+) */
        socketPorts: orUnknown(z.array(port)),
        /**
         * Ubuntu 24.04's sshd-socket-generator rewrites ssh.socket from sshd_config at daemon-reload;
         * without it (Debian 12, Ubuntu 22.10–23.10) the socket's port is fixed. Optional: older
         * producers of Facts do not know it, which the rules treat as unknown.
         */
        socketFollowsConfig: orUnknown(z.boolean()).optional(),
      })
      .strict(),
    ufw: z
      .object({
        /** ENABLED=yes in /etc/ufw/ufw.conf: the firewall comes up at boot */
        enabledInConfig: orUnknown(z.boolean()),
        /** the running firewall (`ufw status` or the ufw-user-input chain) */
        active: orUnknown(z.boolean()),
        defaultIncoming: orUnknown(policy),
        /** IPV6=yes in /etc/default/ufw */
        ipv6: orUnknown(z.boolean()),
        rules: orUnknown(z.array(ufwRule)),
      })
      .strict(),
    packages: z.record(z.string(), orUnknown(packageState)),
    units: z.record(z.string(), orUnknown(unitState)),
    apt: z
      .object({
        /** merged APT::Periodic::* values from `apt-config dump`, keys lower-cased without the prefix */
        periodic: orUnknown(z.record(z.string(), z.string())),
        /** newest time the package lists are known to have been refreshed; null if there are none */
        listsUpdatedAt: orUnknown(z.string().nullable()),
        pending: orUnknown(
          z
            .object({
              upgradable: z.array(z.string()),
              keptBack: z.array(z.string()),
              phased: z.array(z.string()),
            })
            .strict(),
        ),
      })
      .strict(),
    rebootRequired: orUnknown(
      z.object({ required: z.boolean(), packages: z.array(z.string()) }).strict(),
    ),
  })
  .strict()

export type Facts = z.infer<typeof facts>
export type Known<T> = Exclude<T, UnknownFact>

/** Units and packages the probes always look at, so the rules can rely on the keys. */
export const observedUnits = [
  'unattended-upgrades.service',
  'apt-daily.timer',
  'apt-daily-upgrade.timer',
  'ssh.service',
  'ssh.socket',
  'ufw.service',
] as const
export const observedPackages = ['unattended-upgrades', 'ufw', 'openssh-server'] as const
