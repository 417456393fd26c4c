/**
 * The progress link `check` prints and the site's /progress page reads: the 19 statuses of a run,
 * nothing about the host, packed into the URL's fragment (`#r=1xxxxxxx`) so that it never reaches
 * a server, not even the one serving the site.
 *
 * Format (version 1): the version digit `1`, then the statuses of `progressLinkIds` in that order,
 * three per character: status digits unknown=0, fail=1, warn=2, pass=3, the first of the three in
 * the high bits (a*16 + b*4 + c), written with the base64url alphabet. 19 ids → 7 characters; the
 * two slots past the end must be 0. A new check id needs a new version with its own id list, so
 * links printed by older `check` builds keep their meaning.
 */
import type { CheckId } from '../../checker/catalog.ts'

export type LinkStatus = 'pass' | 'fail' | 'warn' | 'unknown'

const digits: readonly LinkStatus[] = ['unknown', 'fail', 'warn', 'pass']
const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** Version 1's check ids, in the order the link carries them (checker/catalog.ts at the time). */
export const progressLinkIds = [
  'updates.lists-fresh',
  'updates.applied',
  'updates.reboot',
  'autoupdate.installed',
  'autoupdate.running',
  'autoupdate.enabled',
  'autoupdate.periodic',
  'ssh.config-valid',
  'ssh.port-configured',
  'ssh.port-listening',
  'ssh.port-applied',
  'ssh.port22-closed',
  'firewall.installed',
  'firewall.active',
  'firewall.default-deny',
  'firewall.allow-ssh',
  'firewall.allow-http',
  'firewall.extra-ports',
  'guard.lockout',
] as const satisfies readonly CheckId[]

export const progressLinkVersion = '1'
/** The fragment's key: `#r=…`. */
export const progressLinkKey = 'r'
const encodedLength = 1 + Math.ceil(progressLinkIds.length / 3)

/** Statuses by check id → `1xxxxxxx`. A check missing from the map (not run) counts as unknown. */
export function encodeProgress(statuses: Readonly<Partial<Record<string, LinkStatus>>>): string {
  let out = progressLinkVersion
  for (let start = 0; start < progressLinkIds.length; start += 3) {
    let value = 0
    for (let offset = 0; offset < 3; offset++) {
      const id = progressLinkIds[start + offset]
      const status = id === undefined ? 'unknown' : (statuses[id] ?? 'unknown')
      value = value * 4 + digits.indexOf(status)
    }
    out += alphabet[value]
  }
  return out
}

export type DecodedProgress = { ok: true; statuses: Record<(typeof progressLinkIds)[number], LinkStatus> } | { ok: false; reason: { ja: string; en: string } }

function invalid(ja: string, en: string): DecodedProgress {
  return { ok: false, reason: { ja, en } }
}

/** `1xxxxxxx` → statuses by check id, or why the text is not a progress link. */
export function decodeProgress(text: string): DecodedProgress {
  if (text === '') return invalid('リンクに結果が入っていません', 'the link carries no result')
  if (text[0] !== progressLinkVersion) {
    return /^\d/.test(text) ? invalid(`この形式 (版 ${text[0]}) は読めません。サイトが新しくなっていないか確かめてください`, `unknown link version ${text[0]}`) : invalid('リンクの形式が正しくありません', 'not a progress link')
  }
  if (text.length !== encodedLength) return invalid(`リンクの長さが合いません (${text.length} 文字、正しくは ${encodedLength} 文字)。途中で切れていないか確かめてください`, `wrong length (${text.length}, expected ${encodedLength}); was the link cut off?`)
  const statuses: Partial<Record<string, LinkStatus>> = {}
  for (let index = 1; index < text.length; index++) {
    const character = text[index] as string
    const value = alphabet.indexOf(character)
    if (value === -1) return invalid(`リンクに使えない文字があります: ${JSON.stringify(character)}`, `unexpected character ${JSON.stringify(character)}`)
    for (let offset = 0; offset < 3; offset++) {
      const digit = (value >> (4 - 2 * offset)) & 3
      const id = progressLinkIds[(index - 1) * 3 + offset]
      if (id !== undefined) statuses[id] = digits[digit]
      else if (digit !== 0) return invalid('リンクの末尾が正しくありません。途中が書き換わっていないか確かめてください', 'bad padding at the end of the link')
    }
  }
  return { ok: true, statuses: statuses as Record<(typeof progressLinkIds)[number], LinkStatus> }
}

/** The fragment of a progress URL (`#r=1xxxxxxx`, `r=1xxxxxxx`) → its encoded part, or undefined when there is none. */
export function progressFromHash(hash: string): string | undefined {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  return params.get(progressLinkKey) ?? undefined
}

/** The site's /progress URL for these statuses; `siteBase` is the site's root (with or without its trailing slash). */
export function progressUrl(siteBase: string, statuses: Readonly<Partial<Record<string, LinkStatus>>>): string {
  const base = siteBase.endsWith('/') ? siteBase : `${siteBase}/`
  return `${base}progress#${progressLinkKey}=${encodeProgress(statuses)}`
}
