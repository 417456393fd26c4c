/**
 * The local apt repository: a flat `file:` repository (Packages + Release), trusted by the
 * machine's sources list, so nothing in the lab needs the internet once it is built.
 */
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './_exec.ts'

/** Builds the tiny package whose newer version stands for a pending update. */
export async function buildWelcomeDeb(name: string, version: string, outDir: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'course-deb-'))
  try {
    await mkdir(join(root, 'DEBIAN'))
    await mkdir(join(root, 'usr/share', name), { recursive: true })
    await writeFile(
      join(root, 'DEBIAN/control'),
      [
        `Package: ${name}`,
        `Version: ${version}`,
        'Architecture: all',
        'Maintainer: Secure course lab <lab@example.invalid>',
        'Section: misc',
        'Priority: optional',
        `Description: welcome page of the course's web server (version ${version})`,
        ' Stands for an installed package with a pending update in the lab.',
        '',
      ].join('\n'),
    )
    await writeFile(join(root, 'usr/share', name, 'VERSION'), `${version}\n`)
    const out = join(outDir, `${name}_${version}_all.deb`)
    // Same bytes on every build, so the repository's index (and the transcripts) do not drift.
    await run(['dpkg-deb', '--root-owner-group', '-Zgzip', '--build', root, out], {
      timeoutMs: 60_000,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600' },
    })
    return out
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

function digest(algorithm: 'md5' | 'sha256', data: Buffer | string): string {
  return createHash(algorithm).update(data).digest('hex')
}

/** One Packages stanza from a package's control fields and the file's own facts. */
export function packagesStanza(control: string, file: string, data: Buffer): string {
  return [
    control.trimEnd(),
    `Filename: ./${file}`,
    `Size: ${data.length}`,
    `MD5sum: ${digest('md5', data)}`,
    `SHA256: ${digest('sha256', data)}`,
  ].join('\n')
}

export function releaseFile(packages: string, date: Date, suite: string): string {
  const size = Buffer.byteLength(packages)
  return [
    'Origin: secure-course-lab',
    'Label: secure-course-lab',
    `Suite: ${suite}`,
    `Codename: ${suite}`,
    `Date: ${date.toUTCString().replace('GMT', 'UTC')}`,
    'Architectures: amd64 all',
    'Description: local repository of the secure web server course lab',
    'MD5Sum:',
    ` ${digest('md5', packages)} ${size} Packages`,
    'SHA256:',
    ` ${digest('sha256', packages)} ${size} Packages`,
    '',
  ].join('\n')
}

/** (Re)writes Packages and Release for every .deb in the folder. */
export async function writeRepoIndex(repoDir: string, suite: string, date = new Date()): Promise<void> {
  const debs = (await readdir(repoDir)).filter((name) => name.endsWith('.deb')).sort()
  const stanzas: string[] = []
  for (const file of debs) {
    const data = await readFile(join(repoDir, file))
    const { stdout } = await run(['dpkg-deb', '--field', join(repoDir, file)], { timeoutMs: 30_000 })
    stanzas.push(packagesStanza(stdout, file, data))
  }
  const packages = stanzas.map((stanza) => `${stanza}\n`).join('\n')
  await writeFile(join(repoDir, 'Packages'), packages)
  await writeFile(join(repoDir, 'Release'), releaseFile(packages, date, suite))
}
