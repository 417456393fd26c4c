/**
 * `check logout` through runCli, with the learner's store in memory: what it prints, its exit codes,
 * and that login → logout → --submit finds no login while the kept reports stay. The real files,
 * as the learner, are tested in ../submit/submit.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { runCli, type CliIo } from '../../../checker/run.ts'
import type { QueuedReport, SavedLogin, SubmitIo, SubmitState } from '../../../checker/submit/index.ts'

const location = '/home/learner/.config/secure-course-check'
const loginFile = `${location}/login.json`
const url = 'https://course.example/api/reports'
const token = 'T0ken-of-the-learner'

interface Store {
  login?: SavedLogin
  queue: QueuedReport[]
}

/** The learner's store as SubmitState, in memory; `broken` replaces any of its operations. */
function memoryState(store: Store, broken: Partial<SubmitState> = {}): SubmitState {
  return {
    location,
    loadLogin: () => store.login,
    saveLogin: (login) => {
      store.login = { ...login }
      return loginFile
    },
    removeLogin: () => {
      const removed = store.login !== undefined
      store.login = undefined
      return { path: loginFile, removed }
    },
    queued: () => [...store.queue],
    enqueue: (entry) => {
      const name = `${String(store.queue.length).padStart(15, '0')}-1-0.json`
      store.queue.push({ ...entry, name })
      return `${location}/queue/${name}`
    },
    dequeue: (name) => void (store.queue = store.queue.filter((entry) => entry.name !== name)),
    setAside: (name) => `${location}/rejected/${name}`,
    ...broken,
  }
}

function cli(submit: SubmitIo | undefined) {
  const out = { stdout: '', stderr: '' }
  const io: CliIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    env: { LANG: 'ja_JP.UTF-8' },
    stdoutIsTty: false,
    sleep: async () => {},
    createHost: () => {
      throw new Error('login and logout check nothing')
    },
    submit,
  }
  return async (argv: string[]) => {
    out.stdout = ''
    out.stderr = ''
    const code = await runCli(argv, io)
    return { code, ...out }
  }
}

const offline: SubmitIo['post'] = async () => ({ kind: 'unreachable', reason: 'offline' })
const storeIo = (store: Store, broken: Partial<SubmitState> = {}): SubmitIo => ({ post: offline, state: () => memoryState(store, broken) })
const queued = (name: string): QueuedReport => ({ name, url, token, body: '{}' })

describe('check logout', () => {
  it('login, then logout, then --submit alone finds no saved login', async () => {
    const store: Store = { queue: [] }
    const check = cli(storeIo(store))
    expect((await check(['login', 'https://course.example/', token])).code).toBe(0)
    expect(store.login).toEqual({ url, token })
    const logout = await check(['logout'])
    expect(logout).toEqual({ code: 0, stdout: `ログイン情報を削除しました: ${loginFile}\nまた提出するときは check login URL TOKEN で保存し直してください。\n`, stderr: '' })
    expect(store.login).toBeUndefined()
    const submit = await check(['--submit'])
    expect(submit.code).toBe(2)
    expect(submit.stderr).toContain('提出先が決まっていません。check login URL TOKEN で保存するか')
  })

  it('logout twice is fine: the second says there was no login and exits 0', async () => {
    const store: Store = { login: { url, token }, queue: [] }
    const check = cli(storeIo(store))
    expect((await check(['logout'])).code).toBe(0)
    expect(await check(['logout'])).toEqual({ code: 0, stdout: `保存したログイン情報はありません: ${loginFile}\n`, stderr: '' })
    expect(await check(['logout', '--lang', 'en'])).toEqual({ code: 0, stdout: `No saved login: ${loginFile}\n`, stderr: '' })
  })

  it('keeps the unsent reports and says how many remain', async () => {
    const kept = [queued('000000000000001-1-0.json'), queued('000000000000002-1-0.json')]
    const store: Store = { login: { url, token }, queue: [...kept] }
    const check = cli(storeIo(store))
    const logout = await check(['logout'])
    expect(logout.code).toBe(0)
    expect(logout.stdout).toContain(`ログイン情報を削除しました: ${loginFile}\n`)
    expect(logout.stdout).toContain(`送っていない結果が 2 件 ${location}/queue/ に残っています(削除していません)。`)
    expect(store.queue).toEqual(kept)
    const again = await check(['logout', '--lang', 'en'])
    expect(again).toEqual({ code: 0, stdout: `No saved login: ${loginFile}\n2 unsent reports remain in ${location}/queue/ (not deleted). The next submit sends them first, each to the server and with the token it was kept with.\n`, stderr: '' })
    store.queue.pop()
    expect((await check(['logout', '--lang', 'en'])).stdout).toContain('1 unsent report remains in ')
  })

  it('speaks English with --lang en', async () => {
    const store: Store = { login: { url, token }, queue: [] }
    expect(await cli(storeIo(store))(['--lang', 'en', 'logout'])).toEqual({ code: 0, stdout: `Login removed: ${loginFile}\nTo submit again, save it again with check login URL TOKEN.\n`, stderr: '' })
  })

  it('exits 2 when the file system refuses, and the login stays', async () => {
    const store: Store = { login: { url, token }, queue: [] }
    const refusing = storeIo(store, {
      removeLogin: () => {
        throw new Error(`EACCES: permission denied, unlink '${loginFile}'`)
      },
    })
    const { code, stdout, stderr } = await cli(refusing)(['logout'])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toBe(`check: ログイン情報を削除できませんでした (could not remove the login): EACCES: permission denied, unlink '${loginFile}'\n`)
    expect(store.login).toEqual({ url, token })
  })

  it('still logs out when the queue cannot be read, and says it could not count', async () => {
    const store: Store = { login: { url, token }, queue: [] }
    const unreadable = storeIo(store, {
      queued: () => {
        throw new Error('EACCES: permission denied, scandir')
      },
    })
    const { code, stdout, stderr } = await cli(unreadable)(['logout'])
    expect(code).toBe(0)
    expect(stdout).toContain('ログイン情報を削除しました')
    expect(stderr).toBe('check: 送っていない結果を数えられませんでした (could not count the unsent reports): EACCES: permission denied, scandir\n')
    expect(store.login).toBeUndefined()
  })

  it('refuses where there is no store: root without sudo, and the practice machine', async () => {
    const unavailable: SubmitIo = { post: offline, state: () => ({ unavailable: { ja: 'root として直接実行されています。', en: 'check runs as root itself.' } }) }
    expect(await cli(unavailable)(['logout'])).toEqual({ code: 2, stdout: '', stderr: 'check: root として直接実行されています。\n' })
    expect(await cli(unavailable)(['logout', '--lang', 'en'])).toEqual({ code: 2, stdout: '', stderr: 'check: check runs as root itself.\n' })
    expect(await cli(undefined)(['logout'])).toEqual({ code: 2, stdout: '', stderr: 'check: ここでは logout を使えません (no logout here: this check cannot submit)\n' })
    // login keeps its own words
    expect((await cli(undefined)(['login', 'https://course.example/', token])).stderr).toBe('check: ここでは login を使えません (no login here: this check cannot submit)\n')
  })

  it('exits 2 on a usage error, before touching the store', async () => {
    const store: Store = { login: { url, token }, queue: [] }
    const { code, stdout, stderr } = await cli(storeIo(store))(['logout', 'extra-word'])
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' })
    expect(stderr).toBe('check: 使い方: check logout (usage: check logout)\n詳しくは check --help を見てください。\n')
    expect(store.login).toEqual({ url, token })
  })

  it('is listed next to check login in both helps', async () => {
    const check = cli(undefined)
    expect((await check(['--help'])).stdout).toMatch(/\n +check login URL TOKEN\n +check logout\n[\s\S]*\ncheck logout +保存したログイン情報/)
    expect((await check(['--help', '--lang', 'en'])).stdout).toMatch(/\n +check login URL TOKEN\n +check logout\n[\s\S]*\ncheck logout +deletes that login\.json/)
  })
})
