/**
 * Our own sshd_config reader, the fallback when neither `sshd -G` (OpenSSH 9.3+, Debian 12 has
 * 9.2) nor `sshd -T` (needs root) can tell the effective ports. It follows what sshd does for
 * ports: keywords are case-insensitive, `Include` is expanded in place (globs sorted, relative
 * paths under /etc/ssh), `Port` accumulates across all files, `ListenAddress host:port` sets its
 * own port, and `Port` inside `Match` is an error sshd refuses, so it is not counted.
 *
 * Pure: file access goes through the `ConfigFiles` callbacks so the browser can use it too.
 */
import { parsePortNumber, uniqueSorted } from './_ports.ts'
import { listenAddressHasPort, portFromListenAddress } from './sshd-listen-address.ts'
import { globMatch } from './_glob.ts'
import { clip, looksBinary } from './_clip.ts'

export type FileRead = { text: string } | { error: 'missing' | 'denied' | 'failed'; message: string }

export interface ConfigFiles {
  read(path: string): FileRead
  /** entry names of a directory, or undefined when it cannot be listed */
  list(dir: string): string[] | undefined
}

export interface SshdConfigResult {
  ports: number[]
  /** files sshd would read but we could not (permission): the result is then incomplete */
  unreadable: string[]
  /**
   * lines sshd refuses to start with (bad port, Port inside Match, includes nested too deeply) and
   * files that could not be read as text (binary, a directory, too large): the ports are then unknown
   */
  errors: string[]
  warnings: string[]
}

/** sshd's SSHD_CONFIG_MAX_DEPTH: deeper includes are fatal ("Too many recursive configuration includes"). */
const maxIncludeDepth = 16
/** Beyond sshd's own limits: no sane configuration reads this many files. */
const maxFilesRead = 256
const sshDir = '/etc/ssh'

class Abort extends Error {}

interface State {
  filesRead: number
  ports: number[]
  listenAddresses: string[]
  unreadable: string[]
  errors: string[]
  warnings: string[]
}

export function readSshdConfig(files: ConfigFiles, mainPath = '/etc/ssh/sshd_config'): SshdConfigResult {
  const state: State = { filesRead: 0, ports: [], listenAddresses: [], unreadable: [], errors: [], warnings: [] }
  try {
    const main = readText(files, mainPath, state)
    if (main !== undefined) parseFile(files, mainPath, main, state, 0, [mainPath])
    else if (state.unreadable.length === 0 && state.errors.length === 0) state.warnings.push(`${mainPath}: not found`)
  } catch (error) {
    if (!(error instanceof Abort)) throw error
  }
  return { ports: effectivePorts(state), unreadable: state.unreadable, errors: state.errors, warnings: state.warnings }
}

function effectivePorts(state: State): number[] {
  const configured = state.ports.length > 0 ? state.ports : [22]
  if (state.listenAddresses.length === 0) return uniqueSorted(configured)
  const ports: number[] = []
  for (const address of state.listenAddresses) {
    if (listenAddressHasPort(address)) {
      const port = portFromListenAddress(address)
      if (port !== undefined) ports.push(port)
    } else {
      ports.push(...configured)
    }
  }
  return uniqueSorted(ports)
}

/** The text of a file, or undefined when it is missing (nothing to add) or unusable (recorded). */
function readText(files: ConfigFiles, path: string, state: State): string | undefined {
  if (++state.filesRead > maxFilesRead) {
    state.errors.push(`${clip(path)}: more than ${maxFilesRead} configuration files`)
    throw new Abort()
  }
  const read = files.read(path)
  if ('error' in read) {
    if (read.error === 'denied') state.unreadable.push(clip(path))
    else if (read.error !== 'missing') state.errors.push(clip(read.message, 200))
    return undefined
  }
  if (looksBinary(read.text)) {
    state.errors.push(`${clip(path)}: not a text file`)
    return undefined
  }
  return read.text
}

function parseFile(files: ConfigFiles, path: string, text: string, state: State, depth: number, chain: readonly string[]): void {
  let inMatch = false
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const words = splitWords(lines[index] ?? '')
    const keyword = words[0]?.toLowerCase()
    if (keyword === undefined) continue
    const args = words.slice(1)
    const where = `${clip(path)} line ${index + 1}`
    switch (keyword) {
      case 'match':
        inMatch = !(args.length === 1 && args[0]?.toLowerCase() === 'all')
        break
      case 'port':
        if (inMatch) {
          state.errors.push(`${where}: Port is not allowed in a Match block`)
          break
        }
        for (const arg of args.slice(0, 1)) {
          const port = parsePortNumber(arg)
          if (port === undefined) state.errors.push(`${where}: Badly formatted port number: ${clip(arg)}`)
          else state.ports.push(port)
        }
        if (args.length === 0) state.errors.push(`${where}: Port without a value`)
        break
      case 'listenaddress':
        if (inMatch) {
          state.errors.push(`${where}: ListenAddress is not allowed in a Match block`)
          break
        }
        if (args[0] === undefined) state.errors.push(`${where}: ListenAddress without a value`)
        else if (listenAddressHasPort(args[0]) && portFromListenAddress(args[0]) === undefined) state.errors.push(`${where}: bad port number in ListenAddress ${clip(args[0])}`)
        else state.listenAddresses.push(args[0])
        break
      case 'include':
        // sshd gives up on the whole configuration here; so do we, at once, not after 3^16 files.
        if (depth >= maxIncludeDepth) {
          state.errors.push(`${where}: Too many recursive configuration includes`)
          throw new Abort()
        }
        for (const pattern of args) includePattern(files, pattern, state, depth + 1, where, chain)
        break
    }
  }
}

function includePattern(files: ConfigFiles, pattern: string, state: State, depth: number, where: string, chain: readonly string[]): void {
  const absolute = pattern.startsWith('/') ? pattern : `${sshDir}/${pattern}`
  const slash = absolute.lastIndexOf('/')
  const dir = absolute.slice(0, slash) || '/'
  const base = absolute.slice(slash + 1)
  if (/[*?[]/.test(dir)) {
    state.warnings.push(`${where}: Include with a wildcard in a directory name is not followed: ${clip(pattern)}`)
    return
  }
  let paths: string[]
  if (/[*?[]/.test(base)) {
    const names = files.list(dir)
    if (names === undefined) return // sshd's glob() finds nothing in a missing directory
    paths = names
      .filter((name) => globMatch(base, name) && !name.startsWith('.'))
      .sort()
      .map((name) => `${dir === '/' ? '' : dir}/${name}`)
  } else {
    paths = [absolute]
  }
  for (const path of paths) {
    // A file that includes itself, directly or not, would end at sshd's depth limit: say so now.
    if (chain.includes(path)) {
      state.errors.push(`${where}: ${clip(path)} includes itself: Too many recursive configuration includes`)
      throw new Abort()
    }
    const text = readText(files, path, state)
    if (text !== undefined) parseFile(files, path, text, state, depth, [...chain, path])
  }
}

/** sshd's word splitting: whitespace or one `=` separates; double quotes group; `#` starts a comment. */
export function splitWords(line: string): string[] {
  const words: string[] = []
  let current = ''
  let quoted = false
  let hasWord = false
  let i = 0
  while (i < line.length) {
    const char = line[i] as string
    if (quoted) {
      const close = line.indexOf('"', i)
      if (close < 0) {
        current += line.slice(i)
        break
      }
      current += line.slice(i, close)
      quoted = false
      i = close + 1
      continue
    }
    if (char === '"') {
      quoted = true
      hasWord = true
    } else if (char === '#' && !hasWord) {
      break
    } else if (char === ' ' || char === '\t' || (char === '=' && (words.length === 0 || (words.length === 1 && !hasWord)))) {
      if (hasWord) words.push(current)
      current = ''
      hasWord = false
    } else {
      // A run of ordinary characters at once: a 10 MB token costs one slice, not ten million appends.
      let end = i + 1
      while (end < line.length && !' \t"='.includes(line[end] as string)) end++
      current += line.slice(i, end)
      hasWord = true
      i = end
      continue
    }
    i++
  }
  if (hasWord) words.push(current)
  return words
}
