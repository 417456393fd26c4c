import { extname } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

/**
 * The site's Content-Security-Policy: everything comes from this server, no inline or evaluated
 * script, no plugins, no framing. Styles allow 'unsafe-inline' only because xterm's DOM renderer
 * writes its theme and cell sizes into <style> elements it creates at run time; scripts never.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** Everything the site needs comes from this server: nothing from other hosts. */
export const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
}

/** Paths of the grading API: the page fallback never answers them. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/')
}

/** Vite puts only files named by their content hash under assets/: such a file never changes. */
const hashedAsset = /(^|\/)assets\//

/**
 * The built site: files as they are, with the .br or .gz that the build wrote beside them when
 * the browser accepts it (Content-Encoding, Vary: Accept-Encoding). Hashed assets are cached for
 * good; everything else is revalidated (ETag, Last-Modified) on each load.
 *
 * The site uses history-mode URLs (/lessons/firewall), so a GET for a path without a file
 * extension that names no file answers index.html; a missing file (/assets/gone.js) is a real 404.
 */
export async function siteRoutes(app: FastifyInstance, options: { siteDir: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.siteDir,
    preCompressed: true,
    // Only the build's own files: no dotfiles, no directory listings.
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders(response, path) {
      response.setHeader('cache-control', hashedAsset.test(path.replaceAll('\\', '/')) ? 'public, max-age=31536000, immutable' : 'no-cache')
      response.setHeader('vary', 'Accept-Encoding')
    },
  })

  app.addHook('onSend', async (_request, reply) => {
    const type = siteContentType(reply.getHeader('content-type')?.toString())
    if (type) reply.header('content-type', type)
  })

  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !isApiPath(new URL(request.url, 'http://localhost').pathname)) return sendText(reply, 405, 'この方法では使えません / method not allowed')
    const pathname = new URL(request.url, 'http://localhost').pathname
    // /api/… is JSON or nothing: never the page (a typo in a script must not get HTML back).
    if (isApiPath(pathname)) {
      return reply.code(404).headers(securityHeaders).header('cache-control', 'no-store').send({ error: 'not_found', message: 'その API はありません / no such API route', ja: 'その API はありません', en: 'no such API route' })
    }
    if (extname(pathname) !== '') return sendText(reply, 404, '見つかりません / not found')
    return reply.sendFile('index.html')
  })
}

export function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).headers(securityHeaders).type('text/plain; charset=utf-8').send(`${text}\n`)
}

/**
 * The type a file goes out with: ours for what the site ships (JavaScript is text/javascript,
 * RFC 9239, where the mime table still says application/javascript).
 */
export function siteContentType(sentType: string | undefined): string | undefined {
  const bare = sentType?.split(';')[0]?.trim()
  if (bare === 'application/javascript') return 'text/javascript; charset=utf-8'
  return sentType
}
