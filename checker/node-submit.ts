/**
 * The Node side of `check --submit`, `check login` and `check logout`: the one file of the checker
 * that talks to the network or writes files (test/checker/purity.test.ts allows exactly this one).
 * cli.ts passes it to run.ts through CliIo; the practice machine in the browser has none.
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
 * old file or the new one, never half of one. `check logout` deletes login.json (and a temporary
 * copy a crashed login left) as the user, and leaves queue/ alone.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
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

/**
 * The file work, as plain JavaScript in a string: run in this process for a normal user, and in a
 * child process started with the learner's uid and gid when check runs as root. Not process.seteuid:
 * Node 20 as Debian 13 ships it refuses every set*id call (CVE-2024-22017, io_uring), while a child
 * started with uid/gid works on every Node from 12 on and drops root's groups too. A string and not a
 * function's source, so no bundler or loader can slip a helper of its own into it.
 */
const stateWorker = `
const fs = require("fs");
const path = require("path");
const dir = request.dir;
const loginPath = path.join(dir, "login.json");
const queueDir = path.join(dir, "queue");
const asideDir = path.join(dir, "rejected");
function ownFolder(folder, tighten) {
  try { fs.mkdirSync(folder, { mode: 448 }); } catch (error) { if (error.code !== "EEXIST") throw error; }
  const stat = fs.lstatSync(folder);
  if (!stat.isDirectory()) throw new Error(folder + " is not a folder");
  if (tighten && (stat.mode & 63) !== 0) fs.chmodSync(folder, 448);
}
function ensure(extra) {
  ownFolder(path.join(request.home, ".config"), false);
  ownFolder(dir, true);
  for (const folder of extra) ownFolder(folder, true);
}
function writeAtomically(file, text) {
  const temporary = file + "." + process.pid + ".tmp";
  try { fs.unlinkSync(temporary); } catch (error) {}
  const fd = fs.openSync(temporary, "wx", 384);
  try { fs.writeSync(fd, text); fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  fs.renameSync(temporary, file);
  const folder = fs.openSync(path.dirname(file), "r");
  try { fs.fsyncSync(folder); } finally { fs.closeSync(folder); }
}
function readJson(file) {
  let text;
  try {
    if (!fs.lstatSync(file).isFile()) return undefined;
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return undefined;
    throw error;
  }
  try { const value = JSON.parse(text); return value && typeof value === "object" ? value : undefined; } catch (error) { return undefined; }
}
switch (request.op) {
  case "loadLogin": {
    const json = readJson(loginPath);
    return json && typeof json.url === "string" && typeof json.token === "string" ? { url: json.url, token: json.token } : null;
  }
  case "saveLogin":
    ensure([]);
    writeAtomically(loginPath, request.text);
    return loginPath;
  case "removeLogin": {
    // login.json, and what a check login that died before its rename left: the token is in both
    let leftovers;
    try { leftovers = fs.readdirSync(dir).filter((name) => /^login\\.json\\.\\d+\\.tmp$/.test(name)); }
    catch (error) { if (error.code === "ENOENT" || error.code === "ENOTDIR") return { path: loginPath, removed: false }; throw error; }
    let removed = false;
    for (const file of [loginPath].concat(leftovers.map((name) => path.join(dir, name)))) {
      try { fs.unlinkSync(file); removed = true; }
      catch (error) { if (error.code !== "ENOENT") throw error; }
    }
    if (removed) {
      const folder = fs.openSync(dir, "r");
      try { fs.fsyncSync(folder); } finally { fs.closeSync(folder); }
    }
    return { path: loginPath, removed: removed };
  }
  case "queued": {
    let names;
    try { names = fs.readdirSync(queueDir).filter((name) => /^\\d{15}-[\\w-]+\\.json$/.test(name)).sort(); }
    catch (error) { if (error.code === "ENOENT") return []; throw error; }
    const entries = [];
    for (const name of names) {
      const json = readJson(path.join(queueDir, name));
      if (json && typeof json.url === "string" && typeof json.token === "string" && typeof json.body === "string") entries.push({ name: name, url: json.url, token: json.token, body: json.body });
    }
    return entries;
  }
  case "enqueue":
    ensure([queueDir]);
    writeAtomically(path.join(queueDir, request.name), request.text);
    return path.join(queueDir, request.name);
  case "dequeue":
    fs.unlinkSync(path.join(queueDir, request.name));
    return null;
  case "setAside":
    ensure([asideDir]);
    fs.renameSync(path.join(queueDir, request.name), path.join(asideDir, request.name));
    return path.join(asideDir, request.name);
}
throw new Error("unknown operation " + request.op);
`

const childMain = `
const request = JSON.parse(require("fs").readFileSync(0, "utf8"));
let answer;
try { const value = (function (require, request) {${stateWorker}})(require, request); answer = { ok: true, value: value === undefined ? null : value }; }
catch (error) { answer = { ok: false, error: String((error && error.message) || error) }; }
process.stdout.write(JSON.stringify(answer));
`

const nodeRequire = createRequire(`${process.cwd()}/`)

type StateRequest = { op: 'loadLogin' | 'removeLogin' | 'queued' } | { op: 'saveLogin'; text: string } | { op: 'enqueue'; name: string; text: string } | { op: 'dequeue' | 'setAside'; name: string }

/** One piece of file work in the account's folder: as that account (a child process with its uid/gid) when root. */
function inAccount(account: Account, request: StateRequest): unknown {
  const full = { ...request, home: account.home, dir: join(account.home, stateFolder) }
  const root = typeof process.geteuid === 'function' && process.geteuid() === 0
  if (!root) return new Function('require', 'request', stateWorker)(nodeRequire, full)
  const start = (program: string) => spawnSync(program, ['-e', childMain], { uid: account.uid, gid: account.gid, cwd: '/', env: { PATH: '/usr/local/bin:/usr/bin:/bin' }, input: JSON.stringify(full), encoding: 'utf8', timeout: 20_000 })
  let child = start(process.execPath)
  // a node only root may run (installed under /root, say): the system's node as the learner
  if (child.error && ['EACCES', 'ENOENT'].includes((child.error as NodeJS.ErrnoException).code ?? '')) child = start('node')
  if (child.error) throw new Error(`cannot run node as ${account.name}: ${child.error.message}`)
  let answer: { ok: boolean; value?: unknown; error?: string }
  try {
    answer = JSON.parse(child.stdout)
  } catch {
    throw new Error(`the helper run as ${account.name} failed (${child.status ?? child.signal}): ${child.stderr.trim().slice(0, 300)}`)
  }
  if (!answer.ok) throw new Error(answer.error)
  return answer.value
}

let sequence = 0

function stateFor(account: Account): SubmitState {
  const location = join(account.home, stateFolder)
  return {
    location,
    loadLogin: () => (inAccount(account, { op: 'loadLogin' }) as SavedLogin | null) ?? undefined,
    saveLogin: (login) => inAccount(account, { op: 'saveLogin', text: `${JSON.stringify({ url: login.url, token: login.token }, null, 2)}\n` }) as string,
    removeLogin: () => inAccount(account, { op: 'removeLogin' }) as { path: string; removed: boolean },
    queued: () => inAccount(account, { op: 'queued' }) as QueuedReport[],
    enqueue: (entry) =>
      inAccount(account, {
        op: 'enqueue',
        name: `${String(Date.now()).padStart(15, '0')}-${process.pid}-${sequence++}.json`,
        text: `${JSON.stringify({ url: entry.url, token: entry.token, body: entry.body, keptAt: new Date().toISOString() })}\n`,
      }) as string,
    dequeue: (name) => void inAccount(account, { op: 'dequeue', name }),
    setAside: (name) => inAccount(account, { op: 'setAside', name }) as string,
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
