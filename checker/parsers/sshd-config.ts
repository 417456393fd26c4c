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
import { globToRegExp } from './_glob.ts'

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
  /** lines sshd refuses to start with (bad port, Port inside Match): the ports are then not trustworthy */
  errors: string[]
  warnings: string[]
}

const maxIncludeDepth = 16
const sshDir = '/etc/ssh'

interface State {
  ports: number[]
  listenAddresses: string[]
  unreadable: string[]
  errors: string[]
  warnings: string[]
}

export function readSshdConfig(files: ConfigFiles, mainPath = '/etc/ssh/sshd_config'): SshdConfigResult {
  const state: State = { ports: [], listenAddresses: [], unreadable: [], errors: [], warnings: [] }
  const main = files.read(mainPath)
  if ('error' in main) {
    if (main.error === 'denied') state.unreadable.push(mainPath)
    else state.warnings.push(`${mainPath}: ${main.message}`)
  } else {
    parseFile(files, mainPath, main.text, state, 0)
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

function parseFile(files: ConfigFiles, path: string, text: string, state: State, depth: number): void {
  let inMatch = false
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const words = splitWords(lines[index] ?? '')
    const keyword = words[0]?.toLowerCase()
    if (keyword === undefined) continue
    const args = words.slice(1)
    const where = `${path} line ${index + 1}`
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
          if (port === undefined) state.errors.push(`${where}: Badly formatted port number: ${arg}`)
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
        else if (listenAddressHasPort(args[0]) && portFromListenAddress(args[0]) === undefined) state.errors.push(`${where}: bad port number in ListenAddress ${args[0]}`)
        else state.listenAddresses.push(args[0])
        break
      case 'include':
        if (depth >= maxIncludeDepth) {
          state.warnings.push(`${where}: Include nested too deeply`)
          break
        }
        for (const pattern of args) includePattern(files, pattern, state, depth + 1, where)
        break
    }
  }
}

function includePattern(files: ConfigFiles, pattern: string, state: State, depth: number, where: string): void {
  const absolute = pattern.startsWith('/') ? pattern : `${sshDir}/${pattern}`
  const slash = absolute.lastIndexOf('/')
  const dir = absolute.slice(0, slash) || '/'
  const base = absolute.slice(slash + 1)
  if (/[*?[]/.test(dir)) {
    state.warnings.push(`${where}: Include with a wildcard in a directory name is not followed: ${pattern}`)
    return
  }
  let paths: string[]
  if (/[*?[]/.test(base)) {
    const names = files.list(dir)
    if (names === undefined) return // sshd's glob() finds nothing in a missing directory
    const matcher = globToRegExp(base)
    paths = names
      .filter((name) => matcher.test(name) && !name.startsWith('.'))
      .sort()
      .map((name) => `${dir === '/' ? '' : dir}/${name}`)
  } else {
    paths = [absolute]
  }
  for (const path of paths) {
    const read = files.read(path)
    if ('error' in read) {
      if (read.error === 'denied') state.unreadable.push(path)
      else if (read.error !== 'missing') state.warnings.push(`${path}: ${read.message}`)
      continue
    }
    parseFile(files, path, read.text, state, depth)
  }
}

/** sshd's word splitting: whitespace or one `=` separates; double quotes group; `#` starts a comment. */
export function splitWords(line: string): string[] {
  const words: string[] = []
  let current = ''
  let quoted = false
  let hasWord = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i] as string
    if (quoted) {
      if (char === '"') quoted = false
      else current += char
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
      current += char
      hasWord = true
    }
  }
  if (hasWord) words.push(current)
  return words
}
