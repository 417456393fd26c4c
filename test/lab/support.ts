/**
 * What the lab tests share: why they would skip, the checker bundle, and running `check`
 * inside a machine.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { run } from './_exec.ts'
import type { LabMachine } from './machine.ts'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const checkerBundle = `${repoRoot}dist/check.mjs`
const checkerBuildScript = `${repoRoot}checker/build.ts`
const checkerEntry = `${repoRoot}checker/cli.ts`

const requiredTools = ['systemd-nspawn', 'debootstrap', 'nsenter', 'ip', 'mount', 'dpkg-deb'] as const

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(':')
    .concat(['/usr/sbin', '/sbin'])
    .some((dir) => dir && existsSync(`${dir}/${tool}`))
}

/** Why the lab cannot run here, or undefined when it can. */
export function labSkipReason(): string | undefined {
  if (process.platform !== 'linux') return `the real Debian lab needs Linux (this is ${process.platform})`
  if (process.getuid?.() !== 0) return 'the real Debian lab needs root (systemd-nspawn, mounts, veth): run `sudo npm run test:lab`'
  const missing = requiredTools.filter((tool) => !onPath(tool))
  if (missing.length > 0) {
    return `the real Debian lab needs ${missing.join(', ')}: apt-get install -y debootstrap systemd-container iproute2`
  }
  return undefined
}

/**
 * Until checker/build.ts exists, the lab bundles checker/cli.ts itself (into the temp folder,
 * never into dist/) the way the issue describes the bundle: one ESM file for Node 18.
 */
async function interimBundle(): Promise<string> {
  return bundleForMachine(checkerEntry, join(tmpdir(), 'secure-course-lab', 'check.mjs'))
}

/** One ESM file for a lab machine's own nodejs (Node 18 on Debian 12), CommonJS `require` kept working. */
export async function bundleForMachine(entry: string, outfile: string): Promise<string> {
  const { build } = await import('esbuild')
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'esm',
    outfile,
    logLevel: 'silent',
    banner: { js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);" },
  })
  return outfile
}

/**
 * Builds dist/check.mjs with the checker's own build script; says why not otherwise.
 * SECURE_COURSE_LAB_CHECKER names another bundle to prove instead (an older commit's, to show
 * what a lab test catches).
 */
export async function ensureCheckerBundle(): Promise<{ bundle?: string; reason?: string }> {
  const chosen = process.env.SECURE_COURSE_LAB_CHECKER
  if (chosen) {
    if (!existsSync(chosen)) return { reason: `SECURE_COURSE_LAB_CHECKER=${chosen} does not exist` }
    console.warn(`[lab] proving the bundle SECURE_COURSE_LAB_CHECKER=${chosen}, not dist/check.mjs`)
    return { bundle: chosen }
  }
  if (!existsSync(checkerBuildScript) && existsSync(checkerEntry)) {
    try {
      const bundle = await interimBundle()
      console.warn(`[lab] checker/build.ts is missing: using an interim bundle of checker/cli.ts (${bundle})`)
      return { bundle }
    } catch (error) {
      return { reason: `checker/cli.ts does not bundle yet: ${String(error).slice(0, 800)}` }
    }
  }
  if (!existsSync(checkerBuildScript) && !existsSync(checkerBundle)) {
    return { reason: 'neither checker/build.ts nor checker/cli.ts exists yet, so there is no check to prove the steps with' }
  }
  if (existsSync(checkerBuildScript)) {
    const built = await run(['npm', 'run', '--silent', 'build:checker'], { cwd: repoRoot, timeoutMs: 180_000, allowFail: true })
    if (built.code !== 0) {
      if (existsSync(checkerBundle)) return { bundle: checkerBundle }
      return { reason: `npm run build:checker failed (${built.code}): ${(built.stderr || built.stdout).slice(-800)}` }
    }
  }
  return existsSync(checkerBundle) ? { bundle: checkerBundle } : { reason: 'npm run build:checker wrote no dist/check.mjs' }
}

export const guestChecker = '/usr/local/lib/secure-course/check.mjs'

/** Puts the bundle in the machine as /usr/local/bin/check, run by the machine's own nodejs. */
export async function installChecker(machine: LabMachine, bundle: string): Promise<void> {
  await machine.copyIn(await readFile(bundle), guestChecker, 0o644)
  await machine.copyIn(`#!/bin/sh\nexec /usr/bin/node ${guestChecker} "$@"\n`, '/usr/local/bin/check', 0o755)
}

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'unknown'

export interface CheckResult {
  id: string
  status: CheckStatus
  title?: string
  detail?: string
  hint?: string
  fix?: string[]
}

export interface CheckRun {
  exitCode: number
  results: CheckResult[]
  raw: string
  stderr: string
}

/** Runs `check --json [ids]` inside the machine (as root unless told) and parses its report. */
export async function runCheck(
  machine: LabMachine,
  ids: readonly string[] = [],
  { user = 'root', extra = [] }: { user?: 'root' | 'learner'; extra?: string[] } = {},
): Promise<CheckRun> {
  const args = ['--json', ...extra, ...ids].map((arg) => `'${arg}'`).join(' ')
  const result = await machine.exec(`check ${args}`, { user, allowFail: true, timeoutMs: 60_000 })
  let parsed: { results?: CheckResult[] }
  try {
    parsed = JSON.parse(result.stdout) as { results?: CheckResult[] }
  } catch {
    throw new Error(`check --json printed no JSON (exit ${result.code}):\n${result.stdout.slice(0, 2000)}\n${result.stderr.slice(0, 2000)}`)
  }
  if (!Array.isArray(parsed.results)) throw new Error(`check --json has no results: ${result.stdout.slice(0, 2000)}`)
  return { exitCode: result.code, results: parsed.results, raw: result.stdout, stderr: result.stderr }
}

/** One line per result, for assertion messages that say what the checker saw. */
export function describeResults(results: readonly CheckResult[]): string {
  return results
    .map((r) => `${r.status.padEnd(7)} ${r.id}${r.detail ? ` — ${r.detail}` : ''}${r.status !== 'pass' && r.hint ? `\n        hint: ${r.hint}` : ''}`)
    .join('\n')
}
