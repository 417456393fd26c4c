/** A real grading API process on 127.0.0.1 with a temp store, and a learner account to submit with. */
import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { openStoreIn } from '../../../src/node/grading/store/index.ts'
import { projectRoot } from '../_paths.ts'

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** A class with one learner; returns the learner's token. The store is closed again before any server opens it. */
export async function setUpStore(dataDir: string): Promise<{ token: string; instructor?: string }> {
  const store = openStoreIn(dataDir)
  const cls = await store.addClass('1A')
  const [learner] = await store.addStudents(cls.id, [{ studentId: 's01', name: '山田' }])
  await store.close()
  return { token: learner!.token }
}

export interface RunningApi {
  url: string
  stop(): Promise<void>
}

export async function startApi(dataDir: string, port: number): Promise<RunningApi> {
  // node with tsx as a loader, so the pid stopped is the server's own
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/checker/submit/_serve.ts'), dataDir, String(port)], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      if (/listening \d+/.test(String(chunk))) resolve()
    })
    child.on('exit', () => reject(new Error('the grading API exited before listening')))
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

/** GET with a token, as JSON. */
export function getJson(url: string, token: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }))
    })
    req.on('error', reject)
    req.end()
  })
}
