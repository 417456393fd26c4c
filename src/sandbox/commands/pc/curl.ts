/**
 * curl 7.88 on the learner's PC: GET or HEAD against nginx on the server across the simulated
 * network. Refused and timed-out connections are worded as curl words them (recorded from the
 * lab's host against a port ufw drops: the kernel gives up after about 133 s).
 */
import type { Command, CommandContext } from '../types.ts'
import type { Server } from '../../machine/server.ts'
import { connect } from '../../machine/network.ts'
import { serverPublicAddress } from '../../machine/pc.ts'
import { isFsError, rootCred } from '../../fs/types.ts'
import { synTimeoutMs } from './ssh.ts'

const notFound = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.22.1</center>
</body>
</html>
`

const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** RFC 1123 date as nginx sends it */
function httpDate(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${days[d.getUTCDay()]}, ${two(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length
}

interface Request {
  head: boolean
  silent: boolean
  showError: boolean
  include: boolean
  connectTimeout?: number
  url?: string
}

export const curl: Command = async (ctx) => {
  const request: Request = { head: false, silent: false, showError: false, include: false }
  const args = ctx.argv.slice(1)
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--head') request.head = true
    else if (arg === '--silent') request.silent = true
    else if (arg === '--show-error') request.showError = true
    else if (arg === '--include') request.include = true
    else if (arg === '--connect-timeout') request.connectTimeout = Number(args[++i])
    else if (arg.startsWith('--connect-timeout=')) request.connectTimeout = Number(arg.slice(18))
    else if (arg === '-m' || arg === '--max-time') request.connectTimeout = Number(args[++i])
    else if (/^-[IsSiLkfv]+$/.test(arg)) {
      if (arg.includes('I')) request.head = true
      if (arg.includes('s')) request.silent = true
      if (arg.includes('S')) request.showError = true
      if (arg.includes('i')) request.include = true
    } else if (arg.startsWith('-') && arg !== '-') {
      ctx.stderr.write(`curl: option ${arg}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`)
      return 2
    } else request.url = arg
  }
  if (!request.url) {
    ctx.stderr.write("curl: try 'curl --help' or 'curl --manual' for more information\n")
    return 2
  }
  const fail = (code: number, message: string) => {
    if (!request.silent || request.showError) ctx.stderr.write(`curl: (${code}) ${message}\n`)
    return code
  }
  const match = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(request.url)
  if (!match) return fail(3, 'URL using bad/illegal format or missing URL')
  const scheme = match[1] ?? 'http'
  const host = match[2] as string
  const port = match[3] ? Number(match[3]) : scheme === 'https' ? 443 : 80
  const path = match[4] ?? '/'
  if (host !== serverPublicAddress) return fail(6, `Could not resolve host: ${host}`)
  const server = (ctx.system as unknown as { server: Server }).server
  const outcome = connect(server, port)
  if (outcome === 'refused') return fail(7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`)
  if (outcome === 'timeout') {
    await ctx.tty?.pause(3000)
    if (request.connectTimeout !== undefined && request.connectTimeout * 1000 < synTimeoutMs) {
      const waited = Math.round(request.connectTimeout * 1000) + 4
      ctx.system.advance(waited)
      return fail(28, `Failed to connect to ${host} port ${port} after ${waited} ms: Timeout was reached`)
    }
    ctx.system.advance(synTimeoutMs)
    return fail(28, `Failed to connect to ${host} port ${port} after ${synTimeoutMs} ms: Couldn't connect to server`)
  }
  const owner = server.state.processes.find((process) => process.sockets.some((socket) => socket.port === port))
  if (owner?.comm !== 'nginx') return fail(1, 'Received HTTP/0.9 when not allowed')
  if (scheme === 'https') return fail(35, 'error:0A00010B:SSL routines::wrong version number')
  return respond(ctx, server, path, request)
}

function respond(ctx: CommandContext, server: Server, path: string, request: Request): number {
  const root = '/var/www/html'
  let file: string | undefined
  const clean = path.split('?')[0] ?? '/'
  if (clean.endsWith('/')) {
    for (const index of ['index.html', 'index.htm', 'index.nginx-debian.html']) {
      if (server.fs.exists(`${root}${clean}${index}`)) {
        file = `${root}${clean}${index}`
        break
      }
    }
  } else if (server.fs.exists(`${root}${clean}`)) file = `${root}${clean}`
  const now = server.now()
  const content = file ? server.fs.readFile(file, rootCred) : undefined
  const stat = file ? server.fs.stat(file, rootCred) : undefined
  let headers: string[]
  let body: string
  if (content !== undefined && !isFsError(content) && stat && !isFsError(stat) && stat.kind === 'file') {
    body = content
    const length = byteLength(body)
    const seconds = Math.floor(stat.mtime / 1000)
    headers = [
      'HTTP/1.1 200 OK',
      'Server: nginx/1.22.1',
      `Date: ${httpDate(now)}`,
      'Content-Type: text/html',
      `Content-Length: ${length}`,
      `Last-Modified: ${httpDate(stat.mtime)}`,
      'Connection: keep-alive',
      `ETag: "${seconds.toString(16)}-${length.toString(16)}"`,
      'Accept-Ranges: bytes',
    ]
  } else {
    body = notFound
    headers = ['HTTP/1.1 404 Not Found', 'Server: nginx/1.22.1', `Date: ${httpDate(now)}`, 'Content-Type: text/html', `Content-Length: ${byteLength(body)}`, 'Connection: keep-alive']
  }
  const head = `${headers.join('\r\n')}\r\n\r\n`
  if (request.head) ctx.stdout.write(head)
  else ctx.stdout.write(`${request.include ? head : ''}${body}`)
  return 0
}
