/**
 * The Node side of `check --submit` and `check login`: the one file of the checker that talks to
 * the network or writes files (test/checker/purity.test.ts allows exactly this one). cli.ts passes
 * it to run.ts through CliIo; the practice machine in the browser has none.
 *
 * Network: one POST with node:http/https (Node 12 has no fetch), a deadline for the whole
 * exchange, no redirects followed, at most 1 MiB of answer read.
 *
 * Files: ~/.config/secure-course-check/ (0700) of the user who invoked check, with sudo the
 * SUDO_USER's home from the passwd database, never root's home or anything system-wide. login.json
 * (0600) and queue/*.json (0600, one report each, names sort by time). When check runs as root the
 * files are read and written with that user's own identity (effective uid/gid and groups switched
 * for the moment), so they belong to the user and a symlink the user planted cannot make root write
 * elsewhere. Every write goes to a new file, is flushed, then renamed into place: a crash leaves the
 * old file or the new one, never half of one.
 */
import { execFileSync } from 'node:child_process'
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync, chmodSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import type { PostOutcome, QueuedReport, SavedLogin, SubmitIo, SubmitState } from './submit/index.ts'
import type { Text } from './rules/types.ts'

export const postDeadlineMs = 20_000
const maxAnswerBytes = 1024 * 1024
export const stateFolder = '.config/secure-course-check'

interface Account {
  name: string
  uid: number
  gid: number
  home: string
}

export function post(url: string, token: string, body: string, options: { userAgent: string; deadlineMs?: number }): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: PostOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const target = new URL(url)
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest
    const payload = Buffer.from(body, 'utf8')
    const req = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(payload.length),
          accept: 'application/json',
          authorization: `Bearer ${token}`,
          'user-agent': options.userAgent,
        },
      },
      (response) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size <= maxAnswerBytes) chunks.push(chunk)
        })
        response.on('end', () => finish({ kind: 'answer', status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        response.on('error', (error) => finish({ kind: 'unreachable', reason: describe(error) }))
      },
    )
    const deadlineMs = options.deadlineMs ?? postDeadlineMs
    const timer = setTimeout(() => {
      finish({ kind: 'unreachable', reason: `${deadlineMs / 1000} 秒以内に応答がありません (no answer within ${deadlineMs / 1000} s)` })
      req.destroy()
    }, deadlineMs)
    req.on('error', (error) => finish({ kind: 'unreachable', reason: describe(error) }))
    req.end(payload)
  })
}

function describe(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ECONNREFUSED: '接続を拒否されました (connection refused)',
    ECONNRESET: '接続が切れました (connection reset)',
    ETIMEDOUT: '時間切れです (timed out)',
    EHOSTUNREACH: 'ホストに届きません (host unreachable)',
    ENETUNREACH: 'ネットワークに届きません (network unreachable)',
    ENOTFOUND: '名前を解決できません (name not found)',
    EAI_AGAIN: '名前を解決できません (name lookup failed)',
  }
  return (error.code && words[error.code]) || error.message
}

function passwdEntry(name: string): Account | undefined {
  let text: string
  try {
    // the passwd database as NSS sees it (LDAP and the like included), not only /etc/passwd
    text = execFileSync('getent', ['passwd', name], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    try {
      text = readFileSync('/etc/passwd', 'utf8')
    } catch {
      return undefined
    }
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':')
    if (fields[0] !== name || fields.length < 7) continue
    return { name, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5] as string }
  }
  return undefined
}

/** Whose home keeps the login and the queue, or why no one's. */
export function invokingAccount(env: Record<string, string | undefined>): Account | { unavailable: Text } {
  const uid = typeof process.getuid === 'function' ? process.getuid() : -1
  let account: Account | undefined
  if (uid !== 0) {
    const me = userInfo()
    account = { name: me.username, uid: me.uid, gid: me.gid, home: me.homedir }
  } else {
    const name = env.SUDO_USER
    if (!name || name === 'root') {
      return { unavailable: { ja: 'root として直接実行されています。ログイン情報や送れなかった結果は一般ユーザーのホームに置くので、一般ユーザーから sudo check … で実行してください。', en: 'check runs as root itself; the login and kept reports live in a normal user’s home, so run sudo check … from that user.' } }
    }
    account = passwdEntry(name)
    if (!account) return { unavailable: { ja: `ユーザー ${name} が passwd に見つかりません。`, en: `user ${name} is not in the passwd database.` } }
    if (env.SUDO_UID && Number(env.SUDO_UID) !== account.uid) return { unavailable: { ja: `SUDO_USER (${name}) と SUDO_UID が一致しません。`, en: `SUDO_USER (${name}) and SUDO_UID disagree.` } }
  }
  const home = account.home.replace(/\/+$/, '')
  if (account.uid === 0 || !home.startsWith('/') || home === '' || /^\/(root|etc)(\/|$)/.test(home)) {
    return { unavailable: { ja: `${account.name} のホーム (${account.home || '/'}) には保存しません。一般ユーザーから実行してください。`, en: `nothing is kept in ${account.name}'s home (${account.home || '/'}); run check from a normal user.` } }
  }
  return { ...account, home }
}

/** Run `work` as the account: as root, with its uid, gid and groups for the moment; otherwise as is. */
function asAccount<T>(account: Account, work: () => T): T {
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0
  if (!root || account.uid === 0) return work()
  const groups = process.getgroups!()
  const gid = process.getegid!()
  process.setgroups!([account.gid])
  process.setegid!(account.gid)
  process.seteuid!(account.uid)
  try {
    return work()
  } finally {
    process.seteuid!(0)
    process.setegid!(gid)
    process.setgroups!(groups)
  }
}

/** A folder that is the account's own: made 0700 when missing, never a symlink; `tighten` makes an existing one 0700 too. */
function ownFolder(path: string, tighten = true): void {
  try {
    mkdirSync(path, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  const stat = lstatSync(path)
  if (!stat.isDirectory()) throw new Error(`${path} is not a folder`)
  if (tighten && (stat.mode & 0o077) !== 0) chmodSync(path, 0o700)
}

/** Write a new file next to `path`, flush it, rename it into place (0600 from the start). */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`
  try {
    unlinkSync(temporary)
  } catch {
    // none left over from an interrupted run: the usual case
  }
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temporary, path)
  const folder = openSync(join(path, '..'), 'r')
  try {
    fsyncSync(folder)
  } finally {
    closeSync(folder)
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  let text: string
  try {
    if (!lstatSync(path).isFile()) return undefined
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

let sequence = 0

function stateFor(account: Account): SubmitState {
  const location = join(account.home, stateFolder)
  const loginPath = join(location, 'login.json')
  const queueDir = join(location, 'queue')
  const asideDir = join(location, 'rejected')
  const ensure = (...folders: string[]) => {
    // ~/.config itself is the user's: made when missing, its mode left as they chose
    ownFolder(join(account.home, '.config'), false)
    for (const folder of [location, ...folders]) ownFolder(folder)
  }
  return {
    location,
    loadLogin() {
      return asAccount(account, () => {
        const json = readJson(loginPath)
        return json && typeof json.url === 'string' && typeof json.token === 'string' ? { url: json.url, token: json.token } : undefined
      })
    },
    saveLogin(login: SavedLogin) {
      return asAccount(account, () => {
        ensure()
        writeAtomically(loginPath, `${JSON.stringify({ url: login.url, token: login.token }, null, 2)}\n`)
        return loginPath
      })
    },
    queued() {
      return asAccount(account, () => {
        let names: string[]
        try {
          names = readdirSync(queueDir).filter((name) => /^\d{15}-[\w-]+\.json$/.test(name)).sort()
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
          throw error
        }
        const entries: QueuedReport[] = []
        for (const name of names) {
          const json = readJson(join(queueDir, name))
          if (json && typeof json.url === 'string' && typeof json.token === 'string' && typeof json.body === 'string') entries.push({ name, url: json.url, token: json.token, body: json.body })
        }
        return entries
      })
    },
    enqueue(entry) {
      return asAccount(account, () => {
        ensure(queueDir)
        const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${sequence++}.json`
        const path = join(queueDir, name)
        writeAtomically(path, `${JSON.stringify({ url: entry.url, token: entry.token, body: entry.body, keptAt: new Date().toISOString() })}\n`)
        return path
      })
    },
    dequeue(name) {
      asAccount(account, () => {
        unlinkSync(join(queueDir, name))
      })
    },
    setAside(name) {
      return asAccount(account, () => {
        ensure(asideDir)
        const path = join(asideDir, name)
        renameSync(join(queueDir, name), path)
        return path
      })
    },
  }
}

export function createSubmitIo(options: { env: Record<string, string | undefined>; userAgent: string; deadlineMs?: number }): SubmitIo {
  return {
    post: (url, token, body) => post(url, token, body, { userAgent: options.userAgent, deadlineMs: options.deadlineMs }),
    state() {
      const account = invokingAccount(options.env)
      return 'unavailable' in account ? account : stateFor(account)
    },
  }
}
