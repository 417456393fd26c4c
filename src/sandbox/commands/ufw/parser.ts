/**
 * ufw 0.36.2's command line parser (parser.py, frontend.py parse_command): which words are
 * accepted, and which errors come out for the rest. `SyntaxError_` stands for Python's ValueError,
 * which ufw answers with "ERROR: Invalid syntax" and the usage.
 */
import {
  hexEncode, ipv4OnlyProtocols, newRule, parsePortProto, portlessProtocols, servicesProto, setAddress, setInterface, setPort, setProtocol,
  UfwError, validAddress, type Rule, type Services,
} from './rule.ts'

export class InvalidSyntax extends Error {}

export interface Parsed {
  action: string
  dryrun: boolean
  force: boolean
  type?: string
  rule?: Rule
  iptype?: 'v4' | 'v6' | 'both'
  name?: string
}

/** applications.py valid_profile_name */
export function validProfileName(name: string): boolean {
  if (name === 'all') return false
  if (/^\s*[+-]?\d+\s*$/.test(name)) return false
  return /^[a-zA-Z0-9][a-zA-Z0-9 _\-.+]*$/.test(name)
}

const basic = ['enable', 'disable', 'help', '--help', '-h', 'version', '--version', 'reload', 'reset']
const ruleCommands = ['allow', 'limit', 'deny', 'reject', 'insert', 'delete', 'prepend']
const commands: Record<string, string[]> = {
  basic,
  app: ['list', 'info', 'default', 'update'],
  logging: ['on', 'off', 'low', 'medium', 'high', 'full'],
  default: ['allow', 'deny', 'reject'],
  status: ['status', 'verbose', 'numbered'],
  show: ['raw', 'before-rules', 'user-rules', 'after-rules', 'logging-rules', 'builtins', 'listening', 'added'],
  rule: ruleCommands,
  route: ruleCommands,
}

/** argv without the program name. */
export function parseCommand(input: readonly string[], services: Services): Parsed {
  const argv = [...input]
  if (argv.length >= 2) {
    const idx = argv[0]?.toLowerCase() === '--dry-run' ? 1 : 0
    const word = argv[idx]?.toLowerCase() ?? ''
    if (word !== 'default' && word !== 'route' && ruleCommands.includes(word)) argv.splice(idx, 0, 'rule')
  }
  if (argv.length < 1 || (argv.includes('--dry-run') && argv.length < 2)) throw new UfwError('not enough args')

  let dryrun = false
  let force = false
  if (argv[0]?.toLowerCase() === '--dry-run') {
    dryrun = true
    argv.shift()
  }
  if (argv[0]?.toLowerCase() === '--force' || argv[0]?.toLowerCase() === '-f') {
    force = true
    argv.shift()
  }
  if (argv.length === 0) throw new InvalidSyntax()
  const first = (argv[0] as string).toLowerCase()
  let type = ''
  let cmd = first
  if (argv.length > 1 && commands[first] && commands[first].includes((argv[1] as string).toLowerCase())) {
    type = first
    cmd = (argv[1] as string).toLowerCase()
  } else {
    // status with no argument registers as the type's own name
    for (const [kind, names] of Object.entries(commands)) {
      if (kind === 'route') continue
      if (names.includes(cmd) && !(kind === 'status' && cmd !== 'status')) {
        type = kind
        break
      }
    }
    if (type === '') type = 'rule'
  }
  if (!commands[type]?.includes(cmd)) throw new InvalidSyntax()
  let result: Omit<Parsed, 'dryrun' | 'force'>
  switch (type) {
    case 'basic':
      if (argv.length !== 1) throw new InvalidSyntax()
      result = { action: first }
      break
    case 'app':
      result = parseApp(argv)
      break
    case 'logging':
      result = parseLogging(argv)
      break
    case 'default':
      result = parseDefault(argv)
      break
    case 'status':
      if (argv.length === 1) result = { action: 'status' }
      else if ((argv[1] as string).toLowerCase() === 'verbose') result = { action: 'status-verbose' }
      else if ((argv[1] as string).toLowerCase() === 'numbered') result = { action: 'status-numbered' }
      else throw new InvalidSyntax()
      break
    case 'show':
      result = parseShow(argv)
      break
    case 'route':
      result = parseRoute(argv, services)
      break
    default:
      result = parseRule(argv, services)
  }
  return { ...result, dryrun, force }
}

function parseApp(argv: string[]): Omit<Parsed, 'dryrun' | 'force'> {
  if (argv[0] !== 'app') throw new InvalidSyntax()
  argv.shift()
  let action = (argv[0] ?? '').toLowerCase()
  let name = ''
  if (action === 'info' || action === 'update') {
    if (argv.length >= 3 && argv[1] === '--add-new') {
      argv.splice(1, 1)
      action += '-with-new'
    }
    if (argv.length < 2) throw new InvalidSyntax()
    name = (argv[1] as string).replace(/^[[\]']+|[[\]']+$/g, '')
  }
  if (action === 'list' && argv.length !== 1) throw new InvalidSyntax()
  if (action === 'default') {
    const word = (argv[1] ?? '').toLowerCase()
    if (!['allow', 'deny', 'reject', 'skip'].includes(word)) throw new InvalidSyntax()
    action = `default-${word}`
  }
  return { action, type: 'app', name }
}

function parseLogging(argv: string[]): Omit<Parsed, 'dryrun' | 'force'> {
  const word = (argv[1] ?? '').toLowerCase()
  if (word === 'off') return { action: 'logging-off' }
  if (['on', 'low', 'medium', 'high', 'full'].includes(word)) return { action: word === 'on' ? 'logging-on' : `logging-on_${word}` }
  throw new InvalidSyntax()
}

function parseDefault(argv: string[]): Omit<Parsed, 'dryrun' | 'force'> {
  if (argv.length < 2) throw new InvalidSyntax()
  let direction = 'incoming'
  if (argv.length > 2) {
    const word = (argv[2] as string).toLowerCase()
    if (!['incoming', 'input', 'routed', 'forward', 'output', 'outgoing'].includes(word)) throw new InvalidSyntax()
    direction = word.startsWith('in') ? 'incoming' : word.startsWith('out') ? 'outgoing' : 'routed'
  }
  const policy = (argv[1] as string).toLowerCase()
  if (!['deny', 'allow', 'reject'].includes(policy)) throw new InvalidSyntax()
  return { action: `default-${policy}-${direction}` }
}

function parseShow(argv: string[]): Omit<Parsed, 'dryrun' | 'force'> {
  if (argv.length === 1) throw new InvalidSyntax()
  const names: Record<string, string> = {
    raw: 'show-raw', 'before-rules': 'show-before', 'user-rules': 'show-user', 'after-rules': 'show-after',
    'logging-rules': 'show-logging', builtins: 'show-builtins', listening: 'show-listening', added: 'show-added',
  }
  const action = names[(argv[1] as string).toLowerCase()]
  if (!action) throw new InvalidSyntax()
  return { action }
}

function parseRoute(argv: string[], services: Services): Omit<Parsed, 'dryrun' | 'force'> {
  const idx = argv.indexOf('delete')
  if (idx >= 0 && /^\s*[+-]?\d+\s*$/.test(argv[idx + 1] ?? '')) throw new UfwError("'route delete NUM' unsupported. Use 'delete NUM' instead.")
  const joined = argv.join(' ')
  let ruleArgv = argv
  let strip: 'in' | 'out' | undefined
  let iface: string | undefined
  if (joined.includes(' in on ') && joined.includes(' out on ')) {
    strip = argv.indexOf('in') > argv.indexOf('out') ? 'in' : 'out'
    const at = argv.indexOf(strip)
    iface = argv[at + 2]
    ruleArgv = [...argv.slice(0, at), ...argv.slice(at + 3)]
  } else if (!/ (in|out) on /.test(joined) && !/ app (in|out) /.test(joined) && (joined.includes(' in ') || joined.includes(' out '))) {
    throw new UfwError('Invalid interface clause for route rule')
  }
  ruleArgv[0] = 'rule'
  const result = parseRule(ruleArgv, services)
  if (result.rule) {
    result.rule.forward = true
    if (strip && iface) setInterface(result.rule, strip, iface)
  }
  return result
}

const portPattern = /^\d([0-9,:]*\d+)*$/

/** parser.py UFWCommandRule.parse */
function parseRule(argv: string[], services: Services): Omit<Parsed, 'dryrun' | 'force'> {
  let action = ''
  let type: 'v4' | 'v6' | 'both' | '' = ''
  let fromType = 'any'
  let toType = 'any'
  let fromService = ''
  let toService = ''
  let insertPos = ''
  let logtype = ''
  let remove = false
  if (argv[0]?.toLowerCase() === 'rule') argv.shift()
  if (argv.length > 0) {
    const first = (argv[0] as string).toLowerCase()
    if (first === 'delete' && argv.length > 1) {
      remove = true
      argv.shift()
      if (/^\s*[+-]?\d+\s*$/.test(argv[0] as string)) return { action: `delete-${parseInt(argv[0] as string, 10)}` }
      action = argv[0] as string
    } else if (first === 'insert') {
      if (argv.length < 4) throw new InvalidSyntax()
      insertPos = argv[1] as string
      if (insertPos === '0' || insertPos === '-1') throw new UfwError(`Cannot insert rule at position '${insertPos}'`)
      argv.splice(0, 2)
    } else if (first === 'prepend') {
      insertPos = '-1'
      argv.shift()
    }
    action = argv[0] as string
  }
  if (!['allow', 'deny', 'reject', 'limit'].includes(action)) throw new InvalidSyntax()
  let nargs = argv.length
  if (nargs < 2) throw new InvalidSyntax()
  let direction: 'in' | 'out' = 'in'
  const lower = (i: number): string => (argv[i] ?? '').toLowerCase()
  if (nargs > 1 && (lower(1) === 'in' || lower(1) === 'out')) direction = lower(1) as 'in' | 'out'
  if (nargs > 2 && argv[2] !== 'on' && (lower(1) === 'in' || lower(1) === 'out')) {
    argv.splice(1, 1)
    nargs = argv.length
  }
  let hasInterface = false
  if (nargs > 1 && (argv.includes('in') || argv.includes('out'))) {
    if (lower(1) !== 'in' && lower(1) !== 'out') throw new UfwError('Invalid interface clause')
    if (nargs < 3 || lower(2) !== 'on') throw new UfwError('Invalid interface clause')
    argv.splice(2, 1)
    nargs = argv.length
    hasInterface = true
  }
  let logIdx = 0
  if (hasInterface && nargs > 3 && (lower(3) === 'log' || lower(3) === 'log-all')) logIdx = 3
  else if (nargs > 2 && (lower(1) === 'log' || lower(1) === 'log-all')) logIdx = 1
  if (logIdx > 0) {
    logtype = lower(logIdx)
    argv.splice(logIdx, 1)
    nargs = argv.length
  }
  if (argv.includes('log')) throw new UfwError("Option 'log' not allowed here")
  if (argv.includes('log-all')) throw new UfwError("Option 'log-all' not allowed here")
  let comment = ''
  if (argv.includes('comment')) {
    const at = argv.indexOf('comment')
    if (at === argv.length - 1) throw new UfwError("Option 'comment' missing required argument")
    comment = argv[at + 1] as string
    if (comment.includes("'")) throw new InvalidSyntax()
    argv.splice(at, 2)
    nargs = argv.length
  }
  if (nargs < 2 || nargs > 13) throw new InvalidSyntax()
  const rule = newRule(logtype ? `${action}_${logtype}` : action, 'any', { direction, comment: hexEncode(comment) })
  if (remove) rule.remove = true
  else if (insertPos !== '') {
    if (insertPos !== '-1' && !/^[0-9]+/.test(insertPos)) throw new UfwError(`Insert position '${insertPos}' is not a valid position`)
    rule.position = parseInt(insertPos, 10)
  }

  if (nargs === 2) {
    const word = argv[1] as string
    if (validProfileName(word)) {
      let isService = true
      try {
        servicesProto(word, services)
      } catch {
        isService = false
      }
      if (!isService) {
        type = 'both'
        rule.dapp = word
        setPort(rule, word, 'dst', services)
      }
    }
    if (rule.dapp === '') {
      const [port, proto] = parsePortProto(word)
      if (!portPattern.test(port)) {
        if (port.includes(',') || port.includes(':')) throw new UfwError('Port ranges must be numeric')
        toService = port
      }
      try {
        setProtocol(rule, proto)
        setPort(rule, port, 'dst', services)
        type = 'both'
      } catch {
        throw new UfwError('Bad port')
      }
    }
  } else if ((nargs + 1) % 2 !== 0) {
    throw new UfwError('Wrong number of arguments')
  } else if (!argv.includes('from') && !argv.includes('to') && !argv.includes('in') && !argv.includes('out')) {
    throw new UfwError("Need 'to' or 'from' clause")
  } else {
    const keys = ['proto', 'from', 'to', 'port', 'app', 'in', 'out']
    const countOf = (word: string): number => argv.filter((arg) => arg === word).length
    if (countOf('to') > 1 || countOf('from') > 1 || countOf('proto') > 1 || countOf('port') > 2 || countOf('in') > 1 || countOf('out') > 1 ||
      countOf('app') > 2 || (countOf('app') > 0 && countOf('proto') > 0)) throw new UfwError('Improper rule syntax')
    let loc: '' | 'src' | 'dst' = ''
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i] as string
      if (i % 2 !== 0 && !keys.includes(arg)) throw new UfwError(`Invalid token '${arg}'`)
      const next = argv[i + 1]
      if (arg === 'proto') {
        if (next === undefined) throw new UfwError("Invalid 'proto' clause")
        setProtocol(rule, next)
      } else if (arg === 'in' || arg === 'out') {
        if (next === undefined) throw new UfwError(`Invalid '${arg}' clause`)
        setInterface(rule, arg, next)
      } else if (arg === 'from' || arg === 'to') {
        if (next === undefined) throw new UfwError(`Invalid '${arg}' clause`)
        let addr = next.toLowerCase()
        let kind = 'any'
        if (addr === 'any') addr = '0.0.0.0/0'
        else kind = validAddress(addr, '6') ? 'v6' : 'v4'
        setAddress(rule, addr, arg === 'from' ? 'src' : 'dst')
        if (arg === 'from') fromType = kind
        else toType = kind
        loc = arg === 'from' ? 'src' : 'dst'
      } else if (arg === 'port' || arg === 'app') {
        if (next === undefined) throw new UfwError(`Invalid '${arg}' clause`)
        if (loc === '') throw new UfwError(`Need 'from' or 'to' with '${arg}'`)
        if (arg === 'app') {
          if (loc === 'src') rule.sapp = next
          else rule.dapp = next
        } else if (!portPattern.test(next)) {
          if (next.includes(',') || next.includes(':')) throw new UfwError('Port ranges must be numeric')
          if (loc === 'src') fromService = next
          else toService = next
        }
        setPort(rule, next, loc, services)
      }
    }
    if (fromType === 'any' && toType === 'any') type = 'both'
    else if (fromType !== 'any' && toType !== 'any' && fromType !== toType) throw new UfwError("Mixed IP versions for 'from' and 'to'")
    else if (fromType !== 'any') type = fromType as 'v4' | 'v6'
    else type = toType as 'v4' | 'v6'
  }

  if (toService !== '' || fromService !== '') {
    let proto = ''
    if (toService !== '') proto = servicesProto(toService, services)
    if (fromService !== '') {
      const other = servicesProto(fromService, services)
      if (proto === 'any' || proto === '') proto = other
      else if (other !== 'any' && other !== proto) throw new UfwError('Protocol mismatch (from/to)')
    }
    if (rule.protocol === 'any') setProtocol(rule, proto)
    else if (proto !== 'any' && rule.protocol !== proto) throw new UfwError(`Protocol mismatch with specified protocol ${rule.protocol}`)
  }
  if (ipv4OnlyProtocols.includes(rule.protocol) && type === 'both') type = 'v4'
  // UFWRule.verify
  if (rule.protocol !== 'any' && (rule.sapp || rule.dapp)) throw new UfwError(`Improper rule syntax ('${rule.protocol}' specified with app rule)`)
  if (ipv4OnlyProtocols.includes(rule.protocol) && type === 'v6') throw new UfwError(`Invalid IPv6 address with protocol '${rule.protocol}'`)
  if (portlessProtocols.includes(rule.protocol) && (rule.dport !== 'any' || rule.sport !== 'any')) throw new UfwError(`Invalid port with protocol '${rule.protocol}'`)
  return { action, type: 'rule', rule, iptype: type === '' ? 'both' : type }
}
