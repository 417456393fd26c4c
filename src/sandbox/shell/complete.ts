/** Tab completion: command names for the first word, paths (directories with `/`) for the rest. */
import { resolvePath } from '../fs/path.ts'
import { isFsError } from '../fs/types.ts'
import type { Cred, FileSystem } from '../fs/types.ts'
import { compareC } from './glob.ts'

export interface CompletionSource {
  commandNames(): string[]
  fs: FileSystem
  cred: Cred
  cwd: string
  home: string
}

const WORD_BREAKS = ' \t|;&<>()'

export function completeLine(line: string, cursor: number, source: CompletionSource): { start: number; candidates: string[] } {
  let start = cursor
  while (start > 0 && !WORD_BREAKS.includes(line[start - 1] as string)) start--
  const word = line.slice(start, cursor)
  const before = line.slice(0, start).trimEnd()
  const firstWord = before === '' || /(\|\|?|&&|;|\()$/.test(before) || /^(sudo|time|nohup)$/.test(before) || /(\|\|?|&&|;)\s*sudo$/.test(before)
  if (firstWord && !word.includes('/')) {
    const names = new Set(source.commandNames().filter((name) => name.startsWith(word)))
    return { start, candidates: [...names].sort(compareC) }
  }
  return { start, candidates: completePath(word, source) }
}

function completePath(word: string, source: CompletionSource): string[] {
  const slash = word.lastIndexOf('/')
  const dirPart = slash === -1 ? '' : word.slice(0, slash + 1)
  const prefix = word.slice(slash + 1)
  const expandedDir = dirPart.startsWith('~') ? source.home + dirPart.slice(1) : dirPart
  const dir = resolvePath(source.cwd, expandedDir === '' ? '.' : expandedDir)
  const names = source.fs.readdir(dir, source.cred)
  if (isFsError(names)) return []
  const candidates: string[] = []
  for (const name of names) {
    if (!name.startsWith(prefix) || (name.startsWith('.') && !prefix.startsWith('.'))) continue
    const stat = source.fs.stat(resolvePath(dir, name), source.cred)
    const isDir = !isFsError(stat) && stat.kind === 'dir'
    candidates.push(`${dirPart}${name}${isDir ? '/' : ''}`)
  }
  return candidates.sort(compareC)
}
