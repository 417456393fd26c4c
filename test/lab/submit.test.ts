/**
 * Issue 10, items 1, 3, 4 and 8 on a real Debian: the learner's booted server, after every lesson
 * step (their solve scripts), hands its report in with `sudo check --submit` to the grading API on
 * the host, bound to the host's end of the machine's veth; the server then probes the machine back
 * through that link (SSH banner on 54723, nothing on 22, HTTP on 80). `grade pull` logs in to the
 * machine's real sshd with a key and stores a report; without the key it prints the auth failure.
 * Traffic only between the host and the lab's own machine; the host's ssh known_hosts is a temp file.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runGrade } from '../../src/node/grading/cli/index.ts'
import { createGradingApp, type GradingApp } from '../../src/node/grading/standalone.ts'
import type { StudentRecord } from '../../src/node/grading/store/index.ts'
import { loadLessons } from '../../src/node/lessons.ts'
import { course } from '../../src/shared/course.ts'
import { run } from './_exec.ts'
import { recipes, testedReleases, type Release } from './config.ts'
import type { LabMachine } from './machine.ts'
import { bootLab } from './session.ts'
import { ensureCheckerBundle, labSkipReason } from './support.ts'

const labReason = labSkipReason()
const hostSsh = existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen')
const skipReason = labReason ?? (hostSsh ? undefined : 'the host has no ssh client for grade pull (apt-get install -y openssh-client)')
if (skipReason) console.warn(`[lab] submit and pull skipped: ${skipReason}`)

const lessons = skipReason ? [] : await loadLessons()
const steps = lessons.flatMap((lesson) => lesson.steps)
const checker = skipReason ? {} : await ensureCheckerBundle()
const reason = skipReason ?? checker.reason
const releaseCases = testedReleases().map((release) => [recipes[release].label, release] as const)

;(reason ? describe.skip : describe).each(releaseCases)(`submit and pull on a real %s${reason ? ` (skipped: ${reason})` : ''}`, { timeout: 300_000 }, (_label: string, release: Release) => {
  let machine: LabMachine
  let grading: GradingApp
  let scratch: string
  let apiUrl: string
  let student: StudentRecord
  let token: string

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'lab-submit-'))
    machine = await bootLab(checker.bundle, {}, release)
    for (const step of steps) {
      if (!step.solve) continue
      const solved = await machine.exec('sh -e', { input: step.solve, timeoutMs: 300_000, allowFail: true })
      expect(solved.code, `solve of ${step.id}:\n${solved.stderr.slice(-2000)}`).toBe(0)
    }
    grading = await createGradingApp({ dataDir: join(scratch, 'data'), rateLimit: false })
    await grading.app.listen({ host: machine.hostAddress, port: 0 })
    const address = grading.app.server.address()
    apiUrl = `http://${machine.hostAddress}:${typeof address === 'object' && address ? address.port : 0}`
    const store = grading.service.store
    const cls = await store.addClass('lab')
    const [added] = await store.addStudents(cls.id, [{ studentId: 's01', name: '実機', host: machine.guestAddress }])
    student = added!.student
    token = added!.token
  }, 900_000)

  afterAll(async () => {
    await grading?.close()
    await machine?.dispose()
    if (scratch) await rm(scratch, { recursive: true, force: true })
  })

  it('sudo check --submit from the machine: stored, and probed back through the veth', async () => {
    const submitted = await machine.exec(`sudo check --no-color --submit ${apiUrl} --token ${token}`, { user: 'learner', allowFail: true, timeoutMs: 120_000 })
    expect({ code: submitted.code, stderr: submitted.stderr }).toEqual({ code: 0, stderr: '' })
    expect(submitted.stdout).toMatch(/\n提出しました: 受付番号 \d+/)
    expect(submitted.stdout).toContain(`  提出元のアドレス: ${machine.guestAddress}\n`)
    expect(submitted.stdout).toContain(`  サーバーが外から確かめるアドレス: ${machine.guestAddress}\n`)
    await grading.service.idle()
    const [latest] = await grading.service.store.history(student.id, 1)
    expect(latest).toMatchObject({ source: 'submit', address: machine.guestAddress, summary: { pass: 19, total: 19 } })
    const outside = latest!.outside!
    expect(outside.address).toBe(machine.guestAddress)
    expect(outside.ssh).toMatchObject({ port: course.sshPort, state: 'answered', detail: expect.stringMatching(/^SSH-2\.0-OpenSSH/) })
    // ufw drops 22: no connection at all (a timeout, not even a refusal)
    expect(outside.closed).toMatchObject({ port: course.defaultSshPort, state: 'timeout' })
    expect(outside.http).toMatchObject({ port: course.httpPort, state: 'answered', detail: expect.stringMatching(/^HTTP\/1\.[01] /) })
  })

  it('sudo check login keeps the token in the learner’s home (0600, theirs), then sudo check --submit alone submits; sudo check logout deletes it', async () => {
    const login = await machine.exec(`sudo check login ${apiUrl} ${token}`, { user: 'learner', allowFail: true })
    expect({ code: login.code, stderr: login.stderr }).toEqual({ code: 0, stderr: '' })
    const file = '/home/learner/.config/secure-course-check/login.json'
    expect(login.stdout).toContain(`ログイン情報を保存しました: ${file}`)
    expect((await machine.exec(`stat -c '%a %U %G' ${file} /home/learner/.config/secure-course-check`)).stdout).toBe('600 learner learner\n700 learner learner\n')
    expect((await machine.exec('ls -A /root/.config 2>/dev/null || true')).stdout).not.toContain('secure-course-check')
    const before = (await grading.service.store.history(student.id, 100)).length
    const submitted = await machine.exec('sudo check --no-color --submit', { user: 'learner', allowFail: true, timeoutMs: 120_000 })
    expect(submitted.code).toBe(0)
    expect((await grading.service.store.history(student.id, 100)).length).toBe(before + 1)
    // and sudo check logout deletes it, as the learner, on this release's own node
    const logout = await machine.exec('sudo check logout', { user: 'learner', allowFail: true })
    expect(logout).toMatchObject({ code: 0, stdout: `ログイン情報を削除しました: ${file}\nまた提出するときは check login URL TOKEN で保存し直してください。\n`, stderr: '' })
    expect((await machine.exec(`ls -A /home/learner/.config/secure-course-check`)).stdout).not.toContain('login.json')
    const alone = await machine.exec('sudo check --no-color --submit', { user: 'learner', allowFail: true, timeoutMs: 120_000 })
    expect(alone.code).toBe(2)
    expect(alone.stderr).toContain('提出先が決まっていません')
    expect((await grading.service.store.history(student.id, 100)).length).toBe(before + 1)
  })

  it('grade pull logs in to the real sshd with a key and stores a report; without the key it says why', async () => {
    await run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', join(scratch, 'id')], { timeoutMs: 30_000 })
    await machine.copyIn(readFileSync(join(scratch, 'id.pub')), '/home/learner/.ssh/authorized_keys', 0o600)
    await machine.exec('chown -R learner: /home/learner/.ssh && chmod 700 /home/learner/.ssh')
    const grade = async () => {
      let stdout = ''
      let stderr = ''
      const code = await runGrade(['--data', join(scratch, 'data'), 'pull', 'lab', '--user', 'learner', '--identity', join(scratch, 'id'), '--timeout', '120'], {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        // known hosts in the test's own file: the host's ~/.ssh is never written
        sshCommand: ['ssh', '-o', `UserKnownHostsFile=${join(scratch, 'known_hosts')}`, '-o', 'GlobalKnownHostsFile=/dev/null'],
        prober: null,
      })
      return { code, stdout, stderr }
    }
    const before = (await grading.service.store.history(student.id, 100)).length
    const pulled = await grade()
    expect(pulled.code, pulled.stderr).toBe(0)
    expect(pulled.stderr).toContain(`✔ s01 実機 ${machine.guestAddress}: 合格 19/19`)
    const [latest] = await grading.service.store.history(student.id, 1)
    expect((await grading.service.store.history(student.id, 100)).length).toBe(before + 1)
    expect(latest).toMatchObject({ source: 'pull', summary: { pass: 19, total: 19 } })

    await machine.exec('rm -f /home/learner/.ssh/authorized_keys')
    const refused = await grade()
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain(`✖ s01 実機 ${machine.guestAddress}: SSH の認証に失敗しました (講師の公開鍵が登録されていない)`)
    expect((await grading.service.store.history(student.id, 100)).length).toBe(before + 1)
  })
})
