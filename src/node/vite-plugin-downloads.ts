import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Plugin } from 'vite'
import { buildBundle, buildDeb } from '../../checker/build.ts'

export interface DownloadsOptions {
  /** The package version written into the .deb (the site's package.json version). */
  version: string
  /** Folder of the site the files go to. @default 'downloads' */
  dir?: string
}

/** The file names under `dir`; lessons link to these, so they do not change with the version. */
export const downloadFiles = {
  bundle: 'check.mjs',
  deb: 'secure-course-check_all.deb',
} as const

/**
 * Puts the `check` tool beside the site at build time: `downloads/check.mjs` (one file, runs with
 * the distribution's Node 12 or later) and `downloads/secure-course-check_all.deb` (installs the
 * command `check`), made by the same functions as `npm run build:checker`, so a learner with a
 * real server gets the checker that matches the lessons they are reading.
 */
export function downloadsPlugin(options: DownloadsOptions): Plugin {
  const dir = options.dir ?? 'downloads'
  return {
    name: 'secure-course:downloads',
    apply: 'build',
    async generateBundle() {
      const work = mkdtempSync(join(tmpdir(), 'course-downloads-'))
      try {
        const bundle = await buildBundle(join(work, downloadFiles.bundle))
        this.emitFile({ type: 'asset', fileName: `${dir}/${downloadFiles.bundle}`, source: readFileSync(bundle) })
        const deb = buildDeb(bundle, options.version, work)
        this.emitFile({ type: 'asset', fileName: `${dir}/${downloadFiles.deb}`, source: readFileSync(deb) })
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    },
  }
}
