import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/** Everything the site needs comes from this server: nothing from other hosts. */
const securityHeaders = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/**
 * Serves the built site from `root`. Paths without an extension fall back to index.html,
 * so deep links of the single-page site work. Answers false when the request is not a GET/HEAD.
 */
export async function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false
  const url = new URL(request.url ?? '/', 'http://localhost')
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    sendText(response, 400, '不正な URL です / malformed URL')
    return true
  }
  const file = normalize(join(root, path))
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    sendText(response, 403, 'このパスは読めません / path outside the site')
    return true
  }

  const found = await existingFile(file === root ? join(root, 'index.html') : file)
  const target = found ?? (extname(path) === '' ? join(root, 'index.html') : undefined)
  if (!target || !(await existingFile(target))) {
    sendText(response, 404, '見つかりません / not found')
    return true
  }
  const type = contentTypes[extname(target)] ?? 'application/octet-stream'
  const immutable = target.includes(`${sep}assets${sep}`)
  response.writeHead(200, {
    ...securityHeaders,
    'content-type': type,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (request.method === 'HEAD') response.end()
  else createReadStream(target).pipe(response)
  return true
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { ...securityHeaders, 'content-type': 'text/plain; charset=utf-8' })
  response.end(`${text}\n`)
}

async function existingFile(path: string): Promise<string | undefined> {
  try {
    return (await stat(path)).isFile() ? path : undefined
  } catch {
    return undefined
  }
}
