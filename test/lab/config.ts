/**
 * Everything the lab agrees on: where its cache lives, what the learner's server is made of,
 * and the private addresses it gives its veth links. Change the recipe and the cache key
 * changes with it, so a stale cache is never reused.
 */
import { createHash } from 'node:crypto'

/** Outside the repository, so a fresh clone reuses it. */
export const cacheDir = process.env.SECURE_COURSE_LAB_CACHE ?? '/var/cache/secure-course-lab'

export const debian = {
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
} as const

/** The web server of the basic course, before this course starts. */
export const basePackages = [
  'systemd',
  'systemd-sysv',
  'dbus',
  'openssh-server',
  'nginx',
  'sudo',
  'nodejs',
  'iproute2',
  'procps',
  'less',
] as const

/**
 * Installed from the mirror while the base is built, after debootstrap (so the debootstrap cache
 * stays valid): what every real Debian 12 server has and minbase lacks. Debian's cloud images
 * ship python3 (without it every ufw install would spend a minute byte-compiling Python);
 * netbase gives the lesson's /etc/services; apt-utils, nano, kmod and whiptail
 * (debconf's dialogs) are of priority important.
 */
export const laterBasePackages = ['python3', 'netbase', 'apt-utils', 'nano', 'kmod', 'whiptail'] as const

/** Fetched once into the local apt repository: what the lessons install. */
export const repoPackages = ['ufw', 'unattended-upgrades'] as const

export const learner = { name: 'learner', password: 'learner', uid: 1000 } as const

export const hostName = 'web01'

/** Installed at `installed` in the base; `pending` waits in the local repository. */
export const upgradePackage = { name: 'course-welcome', installed: '1.0', pending: '1.1' } as const

/** Where the local repository appears inside the machine (bind-mounted read-only). */
export const guestRepoDir = '/srv/course-repo'

/**
 * `copy:` rather than `file:`: apt then copies the indexes into /var/lib/apt/lists with the
 * repository's mtime, as it does with a mirror's Last-Modified, instead of symlinking them.
 */
export const aptSource = `deb [trusted=yes] copy:${guestRepoDir} ./`

/** Each machine gets the /30 number `slot` of this /24; nothing else is ever addressed. */
export const subnetPrefix = '10.213.74'
export const maxSlots = 16

export function slotAddresses(slot: number): { host: string; guest: string; prefix: number } {
  const base = slot * 4
  return { host: `${subnetPrefix}.${base + 1}`, guest: `${subnetPrefix}.${base + 2}`, prefix: 30 }
}

/** Machine names stay short: the host link is `ve-NAME` and link names have 15 characters. */
export function machineName(slot: number): string {
  return `sclab${slot}`
}

export const machinesDir = `${cacheDir}/machines`

function key(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12)
}

/** Bump `recipe` when the build steps change in a way the lists above do not show. */
const recipe = 5

export const debootstrapKey = key({ debian, basePackages })
export const baseKey = key({ debootstrapKey, laterBasePackages, repoPackages, learner, hostName, upgradePackage, aptSource, recipe })

export const paths = {
  debootstrap: `${cacheDir}/debootstrap-${debootstrapKey}`,
  base: `${cacheDir}/base-${baseKey}`,
  repo: `${cacheDir}/repo-${baseKey}`,
}
