import { spawn } from 'node:child_process'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { openStoreIn } from '../../../src/node/grading/store/index.ts'
import { fixtureDir, sampleReport, tempDir } from './_helpers.ts'

const root = new URL('../../../', import.meta.url).pathname
const learners = 400

function post(port: number, agent: Agent, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, agent, method: 'POST', path: '/api/reports', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
        response.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('durability', () => {
  it('loses no acknowledged report when the server is killed with SIGKILL mid-burst', async () => {
    const { dir, remove } = await tempDir('grading-kill-')
    const dataDir = join(dir, 'data')
    const setup = openStoreIn(dataDir)
    const cls = await setup.addClass('A')
    const tokens = (await setup.addStudents(cls.id, Array.from({ length: learners }, (_, i) => ({ studentId: `s${i}` })))).map((s) => s.token)
    await setup.close()

    // node itself with tsx as a loader, so the pid killed is the server's own (the tsx command
    // would run the server in a child of its own that a SIGKILL to tsx leaves running)
    const server = spawn(process.execPath, ['--import', 'tsx', join(fixtureDir, 'serve-api.ts'), dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
    onTestFinished(() => {
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL')
    })
    const exited = new Promise<NodeJS.Signals | null>((resolve) => server.on('exit', (_code, signal) => resolve(signal)))
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.on('data', (chunk) => {
        const match = /listening (\d+)/.exec(String(chunk))
        if (match) resolve(Number(match[1]))
      })
      server.on('exit', () => reject(new Error('server exited before listening')))
    })

    const body = JSON.stringify(sampleReport())
    const agent = new Agent({ keepAlive: true, maxSockets: 64 })
    const acknowledged: { id: number; token: string }[] = []
    let killed = false
    const attempts = tokens.map((token) =>
      post(port, agent, token, body).then(
        (response) => {
          if (response.status === 201) {
            acknowledged.push({ id: JSON.parse(response.body).id, token })
            // Kill once a quarter is acknowledged: the rest are in flight or not yet sent.
            if (!killed && acknowledged.length >= learners / 4) {
              killed = true
              server.kill('SIGKILL')
            }
          }
        },
        () => undefined,
      ),
    )
    await Promise.all(attempts)
    agent.destroy()
    expect(await exited).toBe('SIGKILL')
    expect(acknowledged.length).toBeGreaterThanOrEqual(learners / 4)
    expect(acknowledged.length).toBeLessThan(learners)

    const store = openStoreIn(dataDir)
    const missing = []
    for (const { id } of acknowledged) {
      if (!(await store.getReport(id))) missing.push(id)
    }
    expect(missing).toEqual([])
    await store.close()
    await remove()
  }, 60_000)
})
