/** Pure helpers for the site's URLs (history mode). */

/**
 * Where an old hash URL (#/lessons/firewall) leads now: its path and any hash after it.
 * Undefined for an ordinary fragment (#enable-ufw, #main) or none.
 */
export function hashRouteTarget(hash: string): { path: string; hash: string } | undefined {
  if (!hash.startsWith('#/')) return undefined
  const rest = hash.slice(1)
  const fragmentAt = rest.indexOf('#')
  const pathAndQuery = fragmentAt === -1 ? rest : rest.slice(0, fragmentAt)
  const path = pathAndQuery.split('?')[0] || '/'
  return { path, hash: fragmentAt === -1 ? '' : rest.slice(fragmentAt) }
}

/** The element id a URL fragment names ("#enable-ufw" → "enable-ufw"), decoded; undefined for none. */
export function scrollTargetId(hash: string): string | undefined {
  if (hash.length < 2 || !hash.startsWith('#')) return undefined
  try {
    return decodeURIComponent(hash.slice(1))
  } catch {
    return hash.slice(1)
  }
}
