/** URLs a learner types: the grading server (`--submit URL`, `check login URL`) and the site (`--site URL`). Pure. */

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string }

function parseHttpUrl(input: string, what: string): { ok: true; url: URL } | { ok: false; error: string } {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    return { ok: false, error: `${what}の URL として読めません: ${input} (not a URL; write it like https://course.example/)` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `${what}の URL は http:// か https:// で始めてください (only http and https): ${input}` }
  if (url.username !== '' || url.password !== '') return { ok: false, error: `${what}の URL に利用者名やパスワードを入れないでください (no credentials in the URL)` }
  url.hash = ''
  return { ok: true, url }
}

/** The grading server's reports endpoint: `https://course.example` → `https://course.example/api/reports`. */
export function reportsEndpoint(input: string): UrlCheck {
  const parsed = parseHttpUrl(input, '提出先')
  if (!parsed.ok) return parsed
  const url = parsed.url
  const path = url.pathname.replace(/\/+$/, '')
  url.pathname = path.endsWith('/api/reports') ? path : `${path}/api/reports`
  return { ok: true, url: url.href }
}

/** The site's root for the progress link: always ends with `/`, no query or fragment. */
export function siteBase(input: string): UrlCheck {
  const parsed = parseHttpUrl(input, 'サイト')
  if (!parsed.ok) return parsed
  const url = parsed.url
  url.search = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return { ok: true, url: url.href }
}

/** A token as the grading server hands it out; never echoed back in a message. */
export function tokenProblem(token: string): string | undefined {
  if (!/^[\x21-\x7e]{1,512}$/.test(token)) return 'トークンの形式が正しくありません(空白や日本語を含まない英数字です) (the token is printable ASCII without spaces)'
  return undefined
}
