/**
 * `npm run build:checker`: bundle the CLI into dist/check.mjs (one file, Node 18, no runtime
 * dependency) and wrap it in dist/secure-course-check_<version>_all.deb (installs
 * /usr/lib/secure-course-check/check.mjs and the command /usr/bin/check).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const distDir = join(projectRoot, 'dist')
export const bundlePath = join(distDir, 'check.mjs')
const packageName = 'secure-course-check'
const libDir = `usr/lib/${packageName}`

/**
 * The first statements of dist/check.mjs, in syntax every Node parses. The file has no static
 * import, so Node 10 and 11 (which read a .mjs as a script) run this guard and stop with one clear
 * line; Node 12 and later read it as a module and load the bundle with built-ins from createRequire.
 * The dynamic import hides in an indirect eval because old Node cannot even parse `import(`.
 */
export const minimumNodeMajor = 12
const guard = [
  '#!/usr/bin/env node',
  `if(+process.versions.node.split(".")[0]<${minimumNodeMajor}){process.stderr.write("check には Node.js ${minimumNodeMajor} 以上が必要です (check needs Node.js ${minimumNodeMajor} or later): this is v"+process.versions.node+"\\n");process.exit(2)}`,
  '(0,eval)(\'import("module")\').then(function(nodeModule){var require=nodeModule.createRequire(process.argv[1]);',
].join('\n')
const guardEnd = '}).then(null,function(error){process.stderr.write("check: 内部エラーです (internal error): "+(error&&error.message||error)+"\\n");process.exitCode=2});'

export async function buildBundle(outfile = bundlePath): Promise<string> {
  await build({
    entryPoints: [join(projectRoot, 'checker/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    // A script-shaped body (require, no import/export) inside the guard above.
    format: 'iife',
    // Ubuntu 22.04's nodejs is 12.22; syntax is lowered to what it parses (and Node 10 parses too,
    // so the guard gets to run there), runtime APIs it lacks come from node12.ts.
    target: 'node10',
    inject: [join(projectRoot, 'checker/node12.ts')],
    plugins: [bareBuiltins],
    // Smaller package; names stay readable for bug reports.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: guard },
    footer: { js: guardEnd },
    logLevel: 'warning',
  })
  chmodSync(outfile, 0o755)
  return outfile
}

/** `node:fs` → `fs`: Node 12 imports `node:` names but cannot require them. */
const bareBuiltins: Plugin = {
  name: 'bare-builtins',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path.slice('node:'.length), external: true }))
  },
}

export function debPath(version: string, outDir = distDir): string {
  return join(outDir, `${packageName}_${version}_all.deb`)
}

export function buildDeb(bundle: string, version: string, outDir = distDir): string {
  const staging = mkdtempSync(join(tmpdir(), 'check-deb-'))
  try {
    // mkdtemp makes the directory 0700; it becomes the package's `./` entry.
    chmodSync(staging, 0o755)
    mkdirSync(join(staging, 'DEBIAN'))
    mkdirSync(join(staging, 'usr/bin'), { recursive: true })
    mkdirSync(join(staging, libDir), { recursive: true })
    copyFileSync(bundle, join(staging, libDir, 'check.mjs'))
    chmodSync(join(staging, libDir, 'check.mjs'), 0o755)
    // Node 18 decides ESM vs CommonJS by the file name; it follows the symlink to the real
    // path, so /usr/bin/check → check.mjs runs as ESM. A copy named `check` would not.
    symlinkSync(`../lib/${packageName}/check.mjs`, join(staging, 'usr/bin/check'))
    const installedKb = Math.ceil(readFileSync(bundle).length / 1024)
    writeFileSync(
      join(staging, 'DEBIAN/control'),
      [
        `Package: ${packageName}`,
        `Version: ${version}`,
        'Architecture: all',
        'Section: admin',
        'Priority: optional',
        'Depends: nodejs (>= 18)',
        `Installed-Size: ${installedKb}`,
        'Maintainer: Secure Web Server Course <course@localhost>',
        'Description: checks the steps of the secure web server course',
        ' `sudo check` verifies updates, automatic updates, the SSH port move and the',
        ' ufw firewall on this server, read-only, and prints the commands that fix',
        ' what is missing (in Japanese or English).',
        '',
      ].join('\n'),
    )
    const out = debPath(version, outDir)
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', staging, out], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000 })
    return out
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const { version } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }
  mkdirSync(distDir, { recursive: true })
  const bundle = await buildBundle()
  const deb = buildDeb(bundle, version)
  console.log(`built ${bundle}\nbuilt ${deb}`)
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main()
