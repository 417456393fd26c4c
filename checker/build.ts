/**
 * `npm run build:checker`: bundle the CLI into dist/check.mjs (one file, Node 18, no runtime 
 * dependency) and wrap it in dist/secure-course-check_<version>_all.deb (installs
 * /usr/lib/secure-course-check/check.mjs and the command /usr/bin/check).
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { siteBase } from './submit/endpoint.ts'

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
  // Only built-ins are required, so any absolute base will do; the working directory exists even
  // when the script comes over stdin (`node -`, whose argv[1] is no path).
  '(0,eval)(\'import("module")\').then(function(nodeModule){var require=nodeModule.createRequire(process.cwd()+"/");',
].join('\n')
const guardEnd = '}).then(null,function(error){process.stderr.write("check: 内部エラーです (internal error): "+(error&&error.message||error)+"\\n");process.exitCode=2});'

/**
 * The course site the progress link points to, fixed at build time: SECURE_COURSE_SITE_URL (the
 * site's root, e.g. https://course.example/ or https://example.org/course/), else the address
 * `npm start` serves by default. `check --site URL` overrides it on the learner's side.
 */
export function builtInSiteUrl(env: Record<string, string | undefined> = process.env): string {
  const given = env.SECURE_COURSE_SITE_URL || 'http://127.0.0.1:4173/'
  const base = siteBase(given)
  if (!base.ok) throw new Error(`SECURE_COURSE_SITE_URL: ${base.error}`)
  return base.url
}

export async function buildBundle(outfile = bundlePath, options: { siteUrl?: string } = {}): Promise<string> {
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
    define: { __SECURE_COURSE_SITE_URL__: JSON.stringify(options.siteUrl ?? builtInSiteUrl()) },
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

/**
 * The package's maintainer. The repository names no person or address, so this is the course team
 * at a reserved example.org address (RFC 2606): it cannot reach a stranger, and lintian's
 * localhost check no longer applies. Replace it once the course has a contact address.
 */
export const maintainer = 'Secure Web Server Course team <course-team@example.org>'

/** Debian's changelog date (RFC 5322), from SOURCE_DATE_EPOCH when set so builds can repeat. */
function changelogDate(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH)
  const date = Number.isFinite(epoch) && epoch > 0 ? new Date(epoch * 1000) : new Date()
  return date.toUTCString().replace(/^(\w{3}), (\d{2}) (\w{3}) (\d{4}) ([\d:]{8}) GMT$/, '$1, $2 $3 $4 $5 +0000')
}

function copyright(): string {
  const zodLicense = readFileSync(join(projectRoot, 'node_modules/zod/LICENSE'), 'utf8')
  const zodCopyright = /^Copyright \(c\) (.+)$/m.exec(zodLicense)?.[1] ?? 'Colin McDonnell'
  // DEP-5 continuation lines: one space in front, an empty line as " .".
  const indent = (text: string) => text.trim().split('\n').map((line) => (line.trim() === '' ? ' .' : ` ${line}`)).join('\n')
  return [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    `Upstream-Name: ${packageName}`,
    `Upstream-Contact: ${maintainer}`,
    'Source: see the course repository',
    '',
    'Files: *',
    'Copyright: the authors of the secure web server course',
    'License: course-repository',
    ' The course repository declares no license (its package.json is private and',
    ' has no license field): see the course repository for the terms.',
    '',
    `Files: usr/lib/${packageName}/check.mjs`,
    `Copyright: ${zodCopyright}`,
    'Comment: the file bundles zod (https://zod.dev), whose license follows.',
    'License: Expat',
    indent(zodLicense.replace(/^MIT License\s*\n\s*Copyright.*\n/m, '')),
    '',
  ].join('\n')
}

function changelog(version: string): string {
  return [`${packageName} (${version}) unstable; urgency=medium`, '', '  * Built from the course repository (its git log has the details).', '', ` -- ${maintainer}  ${changelogDate()}`, ''].join('\n')
}

/** Each tag lintian reports that is so by design, with the reason (also in checker/README.md). */
const lintianOverrides = `# /usr/bin/check is a symlink to this script, which Node runs as an ES module because of its
# .mjs name; it is the program itself, not a helper, so it is executable where it lives.
${packageName}: executable-in-usr-lib [usr/lib/${packageName}/check.mjs]
`

/** gzip -9n: best compression, no name and no time stamp in the header (lintian asks both). */
function gzip(text: string): Buffer {
  return gzipSync(Buffer.from(text, 'utf8'), { level: 9 })
}

export function buildDeb(bundle: string, version: string, outDir = distDir): string {
  const staging = mkdtempSync(join(tmpdir(), 'check-deb-'))
  try {
    // mkdtemp makes the directory 0700; it becomes the package's `./` entry.
    chmodSync(staging, 0o755)
    const docDir = join(staging, 'usr/share/doc', packageName)
    for (const dir of ['DEBIAN', 'usr/bin', libDir, `usr/share/doc/${packageName}`, 'usr/share/man/man1']) mkdirSync(join(staging, dir), { recursive: true, mode: 0o755 })
    copyFileSync(bundle, join(staging, libDir, 'check.mjs'))
    chmodSync(join(staging, libDir, 'check.mjs'), 0o755)
    // Node decides ESM vs CommonJS by the file name and follows the symlink to check.mjs.
    symlinkSync(`../lib/${packageName}/check.mjs`, join(staging, 'usr/bin/check'))
    mkdirSync(join(staging, 'usr/share/lintian/overrides'), { recursive: true, mode: 0o755 })
    const files: [string, string | Buffer][] = [
      [join(staging, 'usr/share/lintian/overrides', packageName), lintianOverrides],
      [join(docDir, 'copyright'), copyright()],
      // A native package (no Debian revision in the version): its changelog is changelog.gz.
      [join(docDir, 'changelog.gz'), gzip(changelog(version))],
      [join(staging, 'usr/share/man/man1/check.1.gz'), gzip(readFileSync(join(projectRoot, 'checker/cli/check.1'), 'utf8'))],
    ]
    for (const [path, content] of files) {
      writeFileSync(path, content)
      chmodSync(path, 0o644)
    }
    // dpkg --verify and debsums read these.
    writeFileSync(join(staging, 'DEBIAN/md5sums'), [[join(staging, libDir, 'check.mjs'), readFileSync(bundle)] as const, ...files].map(([path, content]) => `${createHash('md5').update(content).digest('hex')}  ${relative(staging, path)}\n`).join(''))
    chmodSync(join(staging, 'DEBIAN/md5sums'), 0o644)
    const installedKb = Math.ceil(files.reduce((sum, [, content]) => sum + Buffer.byteLength(content), readFileSync(bundle).length) / 1024)
    writeFileSync(
      join(staging, 'DEBIAN/control'),
      [
        `Package: ${packageName}`,
        `Version: ${version}`,
        'Architecture: all',
        'Section: admin',
        'Priority: optional',
        // dist/check.mjs runs on Node 12.22 (Ubuntu 22.04) and later; see node12.ts.
        `Depends: nodejs (>= ${minimumNodeMajor})`,
        `Installed-Size: ${installedKb}`,
        `Maintainer: ${maintainer}`,
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
