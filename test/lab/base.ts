/**
 * Builds, once per release, the cached Debian root file system a learner starts from and the
 * local apt repository beside it. Each stage is built in a temporary folder and renamed into place when
 * complete, so an interrupted build is never mistaken for a cache.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { run, sleep } from './_exec.ts'
import {
  aptSource,
  cacheDir,
  cachePaths,
  defaultRelease,
  guestRepoDir,
  hostName,
  learner,
  recipes,
  releases,
  upgradePackage,
  type CachePaths,
  type Release,
  type ReleaseRecipe,
} from './config.ts'
import { debianMirror } from './mirror.ts'
import { buildWelcomeDeb, writeRepoIndex } from './repo.ts'

export interface LabBase {
  release: Release
  rootfs: string
  repo: string
}

export type Log = (line: string) => void

/** `rm -rf`: node's recursive rm gives up on some trees a root file system holds (ENOTEMPTY). */
async function remove(path: string): Promise<void> {
  await run(['rm', '-rf', '--one-file-system', path], { timeoutMs: 5 * 60_000 })
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/** Runs a script in a root file system with systemd-nspawn (no boot; host network only when asked). */
async function inRoot(
  rootfs: string,
  script: string,
  { network, binds = [], timeoutMs }: { network: boolean; binds?: string[]; timeoutMs: number },
): Promise<void> {
  await run(
    [
      'systemd-nspawn',
      '--quiet',
      '--register=no',
      '--keep-unit',
      `--directory=${rootfs}`,
      ...(network ? ['--resolv-conf=copy-host'] : ['--private-network', '--resolv-conf=off']),
      '--timezone=off',
      '--link-journal=no',
      ...binds.map((bind) => `--bind=${bind}`),
      '--setenv=DEBIAN_FRONTEND=noninteractive',
      '--setenv=LC_ALL=C',
      '/bin/sh',
      '-ec',
      script,
    ],
    { timeoutMs },
  )
}

const debootstrapScripts = '/usr/share/debootstrap/scripts'

/**
 * debootstrap's script for a suite; a debootstrap older than the release (Debian 12's knows
 * trixie, older ones may not) builds it with the script of sid, which every version has.
 */
export function debootstrapScript(suite: string, dir = debootstrapScripts): string[] {
  if (existsSync(join(dir, suite))) return []
  if (existsSync(join(dir, 'sid'))) return [join(dir, 'sid')]
  throw new Error(`debootstrap knows neither ${suite} nor sid (${dir}): install a newer debootstrap`)
}

async function ensureDebootstrap(recipe: ReleaseRecipe, paths: CachePaths, log: Log): Promise<void> {
  if (await exists(join(paths.debootstrap, 'etc/os-release'))) return
  const tmp = `${paths.debootstrap}.tmp`
  await remove(tmp)
  const mirror = debianMirror()
  log(`debootstrap ${recipe.release} from ${mirror} → ${paths.debootstrap} (once; a few minutes)`)
  const started = Date.now()
  await run(
    [
      'debootstrap',
      '--variant=minbase',
      `--include=${recipe.basePackages.join(',')}`,
      recipe.release,
      tmp,
      mirror,
      ...debootstrapScript(recipe.release),
    ],
    { timeoutMs: 15 * 60_000 },
  )
  await rename(tmp, paths.debootstrap)
  log(`debootstrap done in ${Math.round((Date.now() - started) / 1000)} s`)
}

const downloadScript = (recipe: ReleaseRecipe): string => `
apt-get update -q
apt-get install -q -y ${recipe.laterBasePackages.join(' ')}
apt-get clean
apt-get install -q -y --download-only ${recipe.repoPackages.join(' ')}
cp /var/cache/apt/archives/*.deb /incoming/
apt-get clean
rm -rf /var/lib/apt/lists/*
`

/** Months before the lab: the learner's lists are stale and an update is pending. */
const staleListsTime = '2026-01-01 00:00:00 UTC'

const customiseScript = `
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*
echo '${aptSource}' > /etc/apt/sources.list.d/course-lab.list
apt-get update -q
apt-get install -q -y ${upgradePackage.name}=${upgradePackage.installed}
apt-get clean
touch -d '${staleListsTime}' /var/lib/apt/lists/*_Packages /var/lib/apt/lists/*_Release /var/lib/apt/lists/partial /var/lib/apt/lists
useradd -m -u ${learner.uid} -s /bin/bash -G sudo ${learner.name}
echo '${learner.name}:${learner.password}' | chpasswd
echo '${learner.name} ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-course-lab
chmod 0440 /etc/sudoers.d/90-course-lab
echo '${hostName}' > /etc/hostname
printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\t${hostName}\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > /etc/hosts
rm -f /etc/resolv.conf
systemctl enable ssh.service nginx.service
`

async function buildBase(recipe: ReleaseRecipe, paths: CachePaths, log: Log): Promise<void> {
  const rootTmp = `${paths.base}.tmp`
  const repoTmp = `${paths.repo}.tmp`
  await remove(rootTmp)
  await remove(repoTmp)
  log(`building the learner's server → ${paths.base}`)
  const started = Date.now()
  await run(['cp', '-a', '--reflink=auto', paths.debootstrap, rootTmp], { timeoutMs: 5 * 60_000 })
  await mkdir(repoTmp, { recursive: true })
  log(`fetching ${recipe.repoPackages.join(', ')} and what they need into the local repository`)
  await inRoot(rootTmp, downloadScript(recipe), { network: true, binds: [`${repoTmp}:/incoming`], timeoutMs: 10 * 60_000 })
  await buildWelcomeDeb(upgradePackage.name, upgradePackage.installed, repoTmp)
  await writeRepoIndex(repoTmp, recipe.release)
  log('customising: local apt source, learner account, stale lists')
  await inRoot(rootTmp, customiseScript, { network: false, binds: [`${repoTmp}:${guestRepoDir}`], timeoutMs: 5 * 60_000 })
  await buildWelcomeDeb(upgradePackage.name, upgradePackage.pending, repoTmp)
  await writeRepoIndex(repoTmp, recipe.release)
  await rename(repoTmp, paths.repo)
  await rename(rootTmp, paths.base)
  log(`base ready in ${Math.round((Date.now() - started) / 1000)} s (${(await readdir(paths.repo)).length} files in the repository)`)
}

/**
 * Removes cache entries of other recipes, so the cache does not grow. Every release's current
 * entries stay (and their `.tmp` folders: another process may be building that release now).
 */
async function pruneCache(log: Log): Promise<void> {
  const current = releases.flatMap((release) => Object.values(cachePaths(release)))
  const keep = new Set(current.flatMap((path) => [path, `${path}.tmp`]).map((path) => path.slice(cacheDir.length + 1)))
  for (const name of await readdir(cacheDir)) {
    if (/^(debootstrap|base|repo)-/.test(name) && !keep.has(name)) {
      log(`removing stale cache entry ${name}`)
      await remove(join(cacheDir, name))
    }
  }
}

/**
 * One builder per release at a time (`npm run lab` and a test run may start together): a lock
 * folder with our pid. Two releases may build at once.
 */
async function withBuildLock<T>(release: Release, log: Log, build: () => Promise<T>): Promise<T> {
  const lockDir = join(cacheDir, `.build-lock-${release}`)
  const deadline = Date.now() + 20 * 60_000
  for (let said = false; ; ) {
    try {
      await mkdir(lockDir)
      await writeFile(join(lockDir, 'pid'), String(process.pid))
      break
    } catch {
      const holder = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => '0'))
      let alive = false
      try {
        if (holder > 0) process.kill(holder, 0)
        alive = holder > 0
      } catch {
        alive = false
      }
      if (!alive && holder > 0) await remove(lockDir)
      else if (Date.now() > deadline) throw new Error(`the lab cache is locked by ${lockDir} for 20 minutes`)
      else {
        if (!said) log(`waiting for another lab build (pid ${holder || '?'}) to finish`)
        said = true
        await sleep(1_000)
      }
    }
  }
  try {
    return await build()
  } finally {
    await remove(lockDir)
  }
}

async function isBuilt(paths: CachePaths): Promise<boolean> {
  return (await exists(join(paths.base, 'etc/os-release'))) && (await exists(join(paths.repo, 'Packages')))
}

/** A release's cached base and repository, built if missing. Needs the Debian mirror only the first time. */
export async function ensureBase(log: Log = () => {}, release: Release = defaultRelease): Promise<LabBase> {
  const recipe = recipes[release]
  const paths = cachePaths(release)
  await mkdir(cacheDir, { recursive: true })
  if (!(await isBuilt(paths))) {
    await withBuildLock(release, log, async () => {
      if (await isBuilt(paths)) return
      await pruneCache(log)
      await ensureDebootstrap(recipe, paths, log)
      await buildBase(recipe, paths, log)
      await writeFile(join(cacheDir, 'README'), 'Cache of the secure web server course lab (test/lab). Safe to delete.\n')
    })
  }
  // apt takes a copy: repository's index time as the lists' time, as it does a mirror's
  // Last-Modified: a cache built weeks ago must still look like a freshly published mirror.
  const now = new Date()
  for (const index of ['Packages', 'Release']) await utimes(join(paths.repo, index), now, now)
  return { release, rootfs: paths.base, repo: paths.repo }
}
