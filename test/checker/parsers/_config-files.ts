/** In-memory ConfigFiles for the sshd_config parser: a map of absolute path → text. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { ConfigFiles } from '../../../checker/parsers/sshd-config.ts'

export function memoryFiles(files: Record<string, string>, denied: readonly string[] = []): ConfigFiles {
  return {
    read(path) {
      if (denied.includes(path)) return { error: 'denied', message: `${path}: permission denied` }
      const text = files[path]
      return text === undefined ? { error: 'missing', message: `${path}: not found` } : { text }
    },
    list(dir) {
      const prefix = dir.endsWith('/') ? dir : `${dir}/`
      const names = Object.keys(files)
        .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
        .map((path) => path.slice(prefix.length))
      return names.length > 0 ? names : undefined
    },
  }
}

/** Load a folder standing for `/` into memory. */
export function filesUnder(root: string): Record<string, string> {
  const files: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else files[`/${relative(root, full)}`] = readFileSync(full, 'utf8')
    }
  }
  walk(root)
  return files
}
