/**
 * A fingerprint of everything a machine has changed: its overlay's upper directory. The machine's
 * root is an overlay of the read-only cached base, so every file created, changed, renamed or
 * deleted anywhere in its root file system since boot appears there (a deleted file as a
 * whiteout). Comparing two fingerprints therefore covers the whole root file system (/etc, /var,
 * /var/log, /var/cache, /root, /home, /usr, /srv …), not a chosen list of folders. Left out:
 * the kernel's and systemd's own mounts inside the machine (/proc, /sys, /dev, /run, /tmp),
 * which are not part of the overlay anyway.
 *
 * Each entry: type, mode, owner, size, inode, mtime and ctime (nanoseconds), link target and
 * the content's sha256. atime is left out (reading is allowed). The inode and ctime catch a file
 * deleted and recreated with the same content and mtime, and a chmod back to the same mode.
 */
import { createHash } from 'node:crypto'
import { lstat, readdir, readFile, readlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { LabMachine } from './machine.ts'

/** Guest paths the proof leaves out: mounts of the kernel and of systemd, not files of the system. */
export const excludedRoots = ['/proc', '/sys', '/dev', '/run', '/tmp'] as const

export interface StateDigest {
  digest: string
  /** guest path → facts */
  entries: Map<string, string>
  /** Paths that differ from `other` (added, removed or changed), as "path: then → now". */
  changes(other: StateDigest): string[]
}

function excluded(guestPath: string): boolean {
  return excludedRoots.some((root) => guestPath === root || guestPath.startsWith(`${root}/`))
}

async function describe(hostPath: string): Promise<string> {
  const st = await lstat(hostPath, { bigint: true })
  const type = st.isDirectory() ? 'd' : st.isFile() ? 'f' : st.isSymbolicLink() ? 'l' : st.isCharacterDevice() ? (st.rdev === 0n ? 'whiteout' : 'c') : st.isFIFO() ? 'p' : st.isSocket() ? 's' : 'b'
  const facts = [type, (st.mode & 0o7777n).toString(8), `${st.uid}:${st.gid}`, String(st.size), `ino:${st.ino}`, `m:${st.mtimeNs}`, `c:${st.ctimeNs}`]
  if (type === 'l') facts.push(`-> ${await readlink(hostPath)}`)
  if (type === 'f') facts.push(`sha256:${createHash('sha256').update(await readFile(hostPath)).digest('hex')}`)
  return facts.join(' ')
}

async function walk(hostDir: string, guestDir: string, out: Map<string, string>): Promise<void> {
  const names = await readdir(hostDir)
  for (const name of names.sort()) {
    const guest = guestDir === '/' ? `/${name}` : `${guestDir}/${name}`
    if (excluded(guest)) continue
    const host = join(hostDir, name)
    let facts: string
    try {
      facts = await describe(host)
    } catch (error) {
      // Vanished between readdir and lstat: the machine is changing it right now.
      facts = `(unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)})`
    }
    out.set(guest, facts)
    if (facts.startsWith('d ')) await walk(host, guest, out)
  }
}

/** The fingerprint of every change the machine has made to its root file system since it booted. */
export async function stateDigest(machine: LabMachine): Promise<StateDigest> {
  const entries = new Map<string, string>()
  entries.set('/', await describe(machine.upper))
  await walk(machine.upper, '/', entries)
  const digest = createHash('sha256')
    .update([...entries].map(([path, facts]) => `${path}\t${facts}`).join('\n'))
    .digest('hex')
  return {
    digest,
    entries,
    changes(other) {
      const paths = new Set([...entries.keys(), ...other.entries.keys()])
      return [...paths]
        .filter((path) => entries.get(path) !== other.entries.get(path))
        .sort()
        .map((path) => `${path}: ${other.entries.get(path) ?? '(unchanged since boot)'} → ${entries.get(path) ?? '(unchanged since boot)'}`)
    },
  }
}

/**
 * Waits until the machine itself stops writing (a machine just booted still logs to its
 * journal for a moment): two fingerprints half a second apart agree. Gives up after `timeoutMs`
 * and returns the last fingerprint either way.
 */
export async function settled(machine: LabMachine, timeoutMs = 15_000): Promise<StateDigest> {
  const deadline = Date.now() + timeoutMs
  let last = await stateDigest(machine)
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const now = await stateDigest(machine)
    if (now.digest === last.digest || Date.now() > deadline) return now
    last = now
  }
}

/** The machine's journal between two moments (what wrote to /var/log/journal, when it changed). */
async function journalBetween(machine: LabMachine, from: number, to: number): Promise<string> {
  const since = `@${(from / 1000).toFixed(3)}`
  const until = `@${(to / 1000 + 0.5).toFixed(3)}`
  const shown = await machine.exec(`journalctl --no-pager -o short-iso-precise --since=${since} --until=${until}`, { allowFail: true })
  return shown.stdout.trim()
}

/**
 * What one root run and then one learner run of `check` changed, each as StateDigest.changes
 * lists, on a machine that has stopped writing by itself. A change to the journal comes with the
 * journal's lines of that moment, so the message says who logged.
 */
export async function checkChanges(
  machine: LabMachine,
  runCheck: (machine: LabMachine, user: 'root' | 'learner') => Promise<unknown>,
): Promise<{ root: string[]; learner: string[] }> {
  const before = await settled(machine)
  const t0 = Date.now()
  await runCheck(machine, 'root')
  const afterRoot = await stateDigest(machine)
  const t1 = Date.now()
  await runCheck(machine, 'learner')
  const afterLearner = await stateDigest(machine)
  const t2 = Date.now()
  const explain = async (changes: string[], from: number, to: number): Promise<string[]> =>
    changes.some((line) => line.startsWith('/var/log/journal/')) ? [...changes, `journal of that moment:\n${await journalBetween(machine, from, to)}`] : changes
  return { root: await explain(afterRoot.changes(before), t0, t1), learner: await explain(afterLearner.changes(afterRoot), t1, t2) }
}
