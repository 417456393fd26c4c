/**
 * Everything the lab agrees on: where its cache lives, what the learner's server is made of on
 * each Debian release, and the private addresses it gives its veth links. Each release has its
 * own recipe and cache key: change a recipe and its key changes with it, so a stale cache is
 * never reused.
 */
import { createHash } from 'node:crypto'

/** Outside the repository, so a fresh clone reuses it. */
export const cacheDir = process.env.SECURE_COURSE_LAB_CACHE ?? '/var/cache/secure-course-lab'

/** The releases the lab boots: Debian 12 (oldstable, the first) and Debian 13 (stable). */
export const releases = ['bookworm', 'trixie'] as const
export type Release = (typeof releases)[number]
export const defaultRelease: Release = 'bookworm'

export function isRelease(value: string): value is Release {
  return (releases as readonly string[]).includes(value)
}

/**
 * The web server of the basic course, before this course starts. The same names on both
 * releases (Debian 13's nginx, sudo and nodejs keep their package names).
 */
const serverPackages = [
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
 * stays valid): what every real Debian server has and minbase lacks. Debian's cloud images
 * ship python3 (without it every ufw install would spend a minute byte-compiling Python);
 * netbase gives the lesson's /etc/services; apt-utils, nano, kmod and whiptail
 * (debconf's dialogs) are of priority important.
 */
const laterServerPackages = ['python3', 'netbase', 'apt-utils', 'nano', 'kmod', 'whiptail'] as const

/** Fetched once into the local apt repository (with their dependencies): what the lessons install. */
const lessonPackages = ['ufw', 'unattended-upgrades'] as const

export interface ReleaseRecipe {
  release: Release
  /** Debian's major version. */
  version: 12 | 13
  /** For test names and transcripts: "Debian 12 (bookworm)". */
  label: string
  /** The major version of the release's own nodejs, which runs the bundled check. */
  nodeMajor: number
  basePackages: readonly string[]
  laterBasePackages: readonly string[]
  repoPackages: readonly string[]
}

export const recipes: Record<Release, ReleaseRecipe> = {
  bookworm: {
    release: 'bookworm',
    version: 12,
    label: 'Debian 12 (bookworm)',
    nodeMajor: 18,
    basePackages: serverPackages,
    laterBasePackages: laterServerPackages,
    repoPackages: lessonPackages,
  },
  trixie: {
    release: 'trixie',
    version: 13,
    label: 'Debian 13 (trixie)',
    nodeMajor: 20,
    basePackages: serverPackages,
    laterBasePackages: laterServerPackages,
    repoPackages: lessonPackages,
  },
}

/** The releases a test run covers: every one, or those named in SECURE_COURSE_LAB_RELEASES (comma-separated). */
export function testedReleases(): Release[] {
  const named = (process.env.SECURE_COURSE_LAB_RELEASES ?? '').split(',').map((name) => name.trim()).filter(Boolean)
  const unknown = named.filter((name) => !isRelease(name))
  if (unknown.length) throw new Error(`SECURE_COURSE_LAB_RELEASES names unknown releases: ${unknown.join(', ')} (known: ${releases.join(', ')})`)
  return named.length ? (named as Release[]) : [...releases]
}

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

export interface CachePaths {
  debootstrap: string
  base: string
  repo: string
}

/** Where a release's cache lives. The mirror is not part of the key: any mirror serves the same release. */
export function cachePaths(release: Release): CachePaths {
  const { basePackages, laterBasePackages, repoPackages } = recipes[release]
  const debootstrapKey = key({ suite: release, basePackages })
  const baseKey = key({ debootstrapKey, laterBasePackages, repoPackages, learner, hostName, upgradePackage, aptSource, recipe })
  return {
    debootstrap: `${cacheDir}/debootstrap-${debootstrapKey}`,
    base: `${cacheDir}/base-${baseKey}`,
    repo: `${cacheDir}/repo-${baseKey}`,
  }
}
