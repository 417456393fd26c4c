/** `check`: the entry point. Everything else lives in run.ts. */
import { createFixtureHost } from './probes/fixture-host.ts'
import { createSubmitIo } from './node-submit.ts'
import { createRealHost } from './probes/real-host.ts'
import { runCli } from './run.ts'
import { version } from './version.ts'

/** The course site, built in by checker/build.ts (esbuild `define`); run from source, the same choice at run time. */
declare const __SECURE_COURSE_SITE_URL__: string | undefined
export const defaultSiteUrl = 'http://127.0.0.1:4173/'
const siteUrl = typeof __SECURE_COURSE_SITE_URL__ === 'string' ? __SECURE_COURSE_SITE_URL__ : process.env.SECURE_COURSE_SITE_URL || defaultSiteUrl

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `check | head` closes the pipe early; that is not a failure of the check.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

// No top-level await: Node 12 (Ubuntu 22.04) has none.
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  stdoutIsTty: process.stdout.isTTY === true,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  createHost: ({ fixtureRoot, timeoutMs }) => (fixtureRoot ? createFixtureHost(fixtureRoot, { timeoutMs }) : createRealHost({ timeoutMs })),
  submit: createSubmitIo({ env: process.env, userAgent: `secure-course-check/${version}` }),
  siteUrl,
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`check: 内部エラーです (internal error): ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
  },
)
