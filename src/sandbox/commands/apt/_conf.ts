/**
 * apt's configuration as apt-config computes it: built-in defaults, then every file of
 * /etc/apt/apt.conf.d in order, then the defaults apt sets after reading them, merged into one
 * ordered tree (keys case-insensitive, the first spelling kept). The defaults are the lab's real
 * Debian 12 `apt-config dump`, split where apt sets them; the files are parsed with apt's syntax
 * (`Tag "value";`, `Tag { … };`, lists, // and # comments, unquoted values).
 */
import { rootCred, isFsError } from '../../fs/types.ts'
import { installedVersion } from '../../machine/packages.ts'
import type { Server } from '../../machine/server.ts'

interface Node {
  tag: string
  value: string
  children: Node[]
}

export type ConfigResult = { ok: true; root: Node } | { ok: false; errors: string[] }

const partsDir = '/etc/apt/apt.conf.d'

/** Set before the configuration files are read (apt's pkgInitConfig). */
const beforeFiles = `
APT "";
APT::Architecture "amd64";
APT::Build-Essential "";
APT::Build-Essential:: "build-essential";
APT::Install-Recommends "1";
APT::Install-Suggests "0";
APT::Sandbox "";
APT::Sandbox::User "_apt";
Dir "/";
Dir::State "var/lib/apt";
Dir::State::lists "lists/";
Dir::State::cdroms "cdroms.list";
Dir::State::extended_states "extended_states";
Dir::State::status "/var/lib/dpkg/status";
Dir::Cache "var/cache/apt";
Dir::Cache::archives "archives/";
Dir::Cache::srcpkgcache "srcpkgcache.bin";
Dir::Cache::pkgcache "pkgcache.bin";
Dir::Etc "etc/apt";
Dir::Etc::sourcelist "sources.list";
Dir::Etc::sourceparts "sources.list.d";
Dir::Etc::main "apt.conf";
Dir::Etc::netrc "auth.conf";
Dir::Etc::netrcparts "auth.conf.d";
Dir::Etc::parts "apt.conf.d";
Dir::Etc::preferences "preferences";
Dir::Etc::preferencesparts "preferences.d";
Dir::Etc::trusted "trusted.gpg";
Dir::Etc::trustedparts "trusted.gpg.d";
Dir::Bin "";
Dir::Bin::methods "/usr/lib/apt/methods";
Dir::Bin::solvers "";
Dir::Bin::solvers:: "/usr/lib/apt/solvers";
Dir::Bin::planners "";
Dir::Bin::planners:: "/usr/lib/apt/planners";
Dir::Bin::dpkg "/usr/bin/dpkg";
Dir::Bin::gzip "/bin/gzip";
Dir::Bin::bzip2 "/bin/bzip2";
Dir::Bin::xz "/usr/bin/xz";
Dir::Bin::lz4 "/usr/bin/lz4";
Dir::Bin::zstd "/usr/bin/zstd";
Dir::Bin::lzma "/usr/bin/xz";
Dir::Media "";
Dir::Media::MountPath "/media/apt";
Dir::Log "var/log/apt";
Dir::Log::Terminal "term.log";
Dir::Log::History "history.log";
Dir::Log::Planner "eipp.log.xz";
Dir::Ignore-Files-Silently "";
Dir::Ignore-Files-Silently:: "~$";
Dir::Ignore-Files-Silently:: "\\.disabled$";
Dir::Ignore-Files-Silently:: "\\.bak$";
Dir::Ignore-Files-Silently:: "\\.dpkg-[a-z]+$";
Dir::Ignore-Files-Silently:: "\\.ucf-[a-z]+$";
Dir::Ignore-Files-Silently:: "\\.save$";
Dir::Ignore-Files-Silently:: "\\.orig$";
Dir::Ignore-Files-Silently:: "\\.distUpgrade$";
Acquire "";
Acquire::AllowInsecureRepositories "0";
Acquire::AllowWeakRepositories "0";
Acquire::AllowDowngradeToInsecureRepositories "0";
Acquire::cdrom "";
Acquire::cdrom::mount "/media/cdrom/";
Acquire::IndexTargets "";
Acquire::IndexTargets::deb "";
Acquire::IndexTargets::deb::Packages "";
Acquire::IndexTargets::deb::Packages::MetaKey "$(COMPONENT)/binary-$(ARCHITECTURE)/Packages";
Acquire::IndexTargets::deb::Packages::flatMetaKey "Packages";
Acquire::IndexTargets::deb::Packages::ShortDescription "Packages";
Acquire::IndexTargets::deb::Packages::Description "$(RELEASE)/$(COMPONENT) $(ARCHITECTURE) Packages";
Acquire::IndexTargets::deb::Packages::flatDescription "$(RELEASE) Packages";
Acquire::IndexTargets::deb::Packages::Optional "0";
Acquire::IndexTargets::deb::Translations "";
Acquire::IndexTargets::deb::Translations::MetaKey "$(COMPONENT)/i18n/Translation-$(LANGUAGE)";
Acquire::IndexTargets::deb::Translations::flatMetaKey "$(LANGUAGE)";
Acquire::IndexTargets::deb::Translations::ShortDescription "Translation-$(LANGUAGE)";
Acquire::IndexTargets::deb::Translations::Description "$(RELEASE)/$(COMPONENT) Translation-$(LANGUAGE)";
Acquire::IndexTargets::deb::Translations::flatDescription "$(RELEASE) Translation-$(LANGUAGE)";
Acquire::IndexTargets::deb-src "";
Acquire::IndexTargets::deb-src::Sources "";
Acquire::IndexTargets::deb-src::Sources::MetaKey "$(COMPONENT)/source/Sources";
Acquire::IndexTargets::deb-src::Sources::flatMetaKey "Sources";
Acquire::IndexTargets::deb-src::Sources::ShortDescription "Sources";
Acquire::IndexTargets::deb-src::Sources::Description "$(RELEASE)/$(COMPONENT) Sources";
Acquire::IndexTargets::deb-src::Sources::flatDescription "$(RELEASE) Sources";
Acquire::IndexTargets::deb-src::Sources::Optional "0";
Acquire::Changelogs "";
Acquire::Changelogs::URI "";
Acquire::Changelogs::URI::Origin "";
Acquire::Changelogs::URI::Origin::Debian "https://metadata.example/changelogs/@CHANGEPATH@_changelog";
Acquire::Changelogs::URI::Origin::Ubuntu "https://changelogs.example/changelogs/pool/@CHANGEPATH@/changelog";
Acquire::Changelogs::AlwaysOnline "";
Acquire::Changelogs::AlwaysOnline::Origin "";
Acquire::Changelogs::AlwaysOnline::Origin::Ubuntu "1";
Acquire::Languages "";
Acquire::Languages:: "en";
Acquire::Languages:: "none";
Acquire::CompressionTypes "";
Acquire::CompressionTypes::xz "xz";
Acquire::CompressionTypes::bz2 "bzip2";
Acquire::CompressionTypes::lzma "lzma";
Acquire::CompressionTypes::gz "gzip";
Acquire::CompressionTypes::lz4 "lz4";
Acquire::CompressionTypes::zst "zstd";
DPkg "";
DPkg::Path "/usr/sbin:/usr/bin:/sbin:/bin";
`

/** Set after them (architectures, compressors, the binary's own defaults). */
const afterFiles = `
APT::Architectures "";
APT::Architectures:: "amd64";
APT::Compressor "";
APT::Compressor::. "";
APT::Compressor::.::Name ".";
APT::Compressor::.::Extension "";
APT::Compressor::.::Binary "";
APT::Compressor::.::Cost "0";
APT::Compressor::zstd "";
APT::Compressor::zstd::Name "zstd";
APT::Compressor::zstd::Extension ".zst";
APT::Compressor::zstd::Binary "false";
APT::Compressor::zstd::Cost "60";
APT::Compressor::lz4 "";
APT::Compressor::lz4::Name "lz4";
APT::Compressor::lz4::Extension ".lz4";
APT::Compressor::lz4::Binary "false";
APT::Compressor::lz4::Cost "50";
APT::Compressor::gzip "";
APT::Compressor::gzip::Name "gzip";
APT::Compressor::gzip::Extension ".gz";
APT::Compressor::gzip::Binary "gzip";
APT::Compressor::gzip::Cost "100";
APT::Compressor::gzip::CompressArg "";
APT::Compressor::gzip::CompressArg:: "-6n";
APT::Compressor::gzip::UncompressArg "";
APT::Compressor::gzip::UncompressArg:: "-d";
APT::Compressor::xz "";
APT::Compressor::xz::Name "xz";
APT::Compressor::xz::Extension ".xz";
APT::Compressor::xz::Binary "xz";
APT::Compressor::xz::Cost "200";
APT::Compressor::xz::CompressArg "";
APT::Compressor::xz::CompressArg:: "-6";
APT::Compressor::xz::UncompressArg "";
APT::Compressor::xz::UncompressArg:: "-d";
APT::Compressor::bzip2 "";
APT::Compressor::bzip2::Name "bzip2";
APT::Compressor::bzip2::Extension ".bz2";
APT::Compressor::bzip2::Binary "false";
APT::Compressor::bzip2::Cost "300";
APT::Compressor::lzma "";
APT::Compressor::lzma::Name "lzma";
APT::Compressor::lzma::Extension ".lzma";
APT::Compressor::lzma::Binary "xz";
APT::Compressor::lzma::Cost "400";
APT::Compressor::lzma::CompressArg "";
APT::Compressor::lzma::CompressArg:: "--format=lzma";
APT::Compressor::lzma::CompressArg:: "-6";
APT::Compressor::lzma::UncompressArg "";
APT::Compressor::lzma::UncompressArg:: "--format=lzma";
APT::Compressor::lzma::UncompressArg:: "-d";
Binary "apt-config";
Binary::apt "";
Binary::apt::APT "";
Binary::apt::APT::Color "1";
Binary::apt::APT::Cache "";
Binary::apt::APT::Cache::Show "";
Binary::apt::APT::Cache::Show::Version "2";
Binary::apt::APT::Cache::AllVersions "0";
Binary::apt::APT::Cache::ShowVirtuals "1";
Binary::apt::APT::Cache::Search "";
Binary::apt::APT::Cache::Search::Version "2";
Binary::apt::APT::Cache::ShowDependencyType "1";
Binary::apt::APT::Cache::ShowVersion "1";
Binary::apt::APT::Get "";
Binary::apt::APT::Get::Upgrade-Allow-New "1";
Binary::apt::APT::Get::Update "";
Binary::apt::APT::Get::Update::InteractiveReleaseInfoChanges "1";
Binary::apt::APT::Cmd "";
Binary::apt::APT::Cmd::Show-Update-Stats "1";
Binary::apt::APT::Cmd::Pattern-Only "1";
Binary::apt::APT::Keep-Downloaded-Packages "0";
Binary::apt::DPkg "";
Binary::apt::DPkg::Progress-Fancy "1";
Binary::apt::DPkg::Lock "";
Binary::apt::DPkg::Lock::Timeout "120";
`

export function loadConfig(server: Server, commandLine: string): ConfigResult {
  const root: Node = { tag: '', value: '', children: [] }
  const xz = installedVersion(server, 'xz-utils') !== undefined
  for (const line of withoutXz(beforeFiles, xz)) setFromDump(root, line)
  const errors: string[] = []
  const names = server.fs.readdir(partsDir, rootCred)
  if (!isFsError(names)) {
    for (const name of names.sort()) {
      // apt reads only names of letters, digits, _ - and . and skips the files it ignores silently.
      if (!/^[A-Za-z0-9_.-]+$/.test(name) || /(~|\.disabled|\.bak|\.dpkg-[a-z]+|\.ucf-[a-z]+|\.save|\.orig|\.distUpgrade)$/.test(name)) continue
      const path = `${partsDir}/${name}`
      const text = server.fs.readFile(path, rootCred)
      if (isFsError(text)) continue
      const error = parseConfigFile(root, text, path)
      if (error) errors.push(error)
    }
  }
  if (errors.length > 0) return { ok: false, errors }
  for (const line of withoutXz(afterFiles, xz)) setFromDump(root, line)
  set(root, 'CommandLine', '')
  set(root, 'CommandLine::AsString', commandLine)
  return { ok: true, root }
}

/** Without xz-utils apt has no xz binary: its compressors fall back (the lab's dump before unattended-upgrades). */
function withoutXz(text: string, xz: boolean): string[] {
  const lines = text.trimEnd().split('\n')
  if (xz) return lines
  return lines
    .filter((line) => !/^APT::Compressor::xz::(Compress|Uncompress)Arg/.test(line))
    .map((line) =>
      line
        .replace('APT::Compressor::xz::Binary "xz";', 'APT::Compressor::xz::Binary "false";')
        .replace('APT::Compressor::lzma::Binary "xz";', 'APT::Compressor::lzma::Binary "false";')
        .replace('"--format=lzma"', '"--suffix="')
        .replace('Dir::Bin::lzma "/usr/bin/xz";', 'Dir::Bin::lzma "/usr/bin/lzma";'),
    )
}

function setFromDump(root: Node, line: string): void {
  const match = /^(\S+) "(.*)";$/.exec(line)
  if (!match) return
  const key = match[1] as string
  if (key.endsWith('::')) appendItem(root, key.slice(0, -2), match[2] as string)
  else set(root, key, match[2] as string)
}

function find(parent: Node, tag: string): Node | undefined {
  const lower = tag.toLowerCase()
  return parent.children.find((child) => child.tag !== '' && child.tag.toLowerCase() === lower)
}

function lookup(root: Node, key: string, create: boolean): Node | undefined {
  let node = root
  for (const part of key.split('::')) {
    let child = find(node, part)
    if (!child) {
      if (!create) return undefined
      child = { tag: part, value: '', children: [] }
      node.children.push(child)
    }
    node = child
  }
  return node
}

function set(root: Node, key: string, value: string): void {
  const node = lookup(root, key, true) as Node
  node.value = value
}

function appendItem(root: Node, key: string, value: string): void {
  const node = lookup(root, key, true) as Node
  node.children.push({ tag: '', value, children: [] })
}

/** The value of one option, or undefined when it is not set. */
export function configValue(root: Node, key: string): string | undefined {
  return lookup(root, key, false)?.value
}

/** `apt-config dump [PREFIX]`: one line per node, parents first, list items as `Parent:: "v"`. */
export function dumpConfig(root: Node, prefix?: string): string {
  const out: string[] = []
  const walk = (node: Node, name: string): void => {
    out.push(`${name} "${node.value}";\n`)
    for (const child of node.children) walk(child, `${name}::${child.tag}`)
  }
  if (prefix !== undefined) {
    const start = lookup(root, prefix, false)
    if (!start) return ''
    // The dump names the prefix with the tree's own spelling.
    const spelled: string[] = []
    let node = root
    for (const part of prefix.split('::')) {
      node = find(node, part) as Node
      spelled.push(node.tag)
    }
    walk(start, spelled.join('::'))
    return out.join('')
  }
  for (const child of root.children) walk(child, child.tag)
  return out.join('')
}

/**
 * apt's ReadConfigFile, for what learners write: statements end with `;`, blocks nest with
 * `{ … };`, a value may be quoted or bare, a bare string inside a block is a list item.
 * Text left without its `;` at the end is apt's "Extra junk at end of file".
 */
function parseConfigFile(root: Node, text: string, path: string): string | undefined {
  const lines = text.split('\n')
  const stack: string[] = []
  // A statement so far: its words, quoted strings kept apart from bare words.
  let words: Array<{ text: string; quoted: boolean }> = []
  const flush = (terminator: ';' | '{'): void => {
    const prefix = stack.length > 0 ? `${stack.join('::')}::` : ''
    const [first, ...rest] = words
    words = []
    if (!first) return
    if (terminator === '{') {
      // apt makes no node for an empty block (50unattended-upgrades' Package-Blacklist { };).
      stack.push(first.text)
      return
    }
    const value = rest.map((word) => word.text).join(' ')
    if (first.quoted || (rest.length === 0 && stack.length > 0)) {
      // A bare string inside a block is a list item.
      if (stack.length > 0) appendItem(root, prefix.slice(0, -2), first.text)
      return
    }
    set(root, `${prefix}${first.text}`, rest.length > 0 ? value : '')
  }
  for (const raw of lines) {
    const line = stripComment(raw)
    let i = 0
    while (i < line.length) {
      const char = line[i] as string
      if (/\s/.test(char)) {
        i++
      } else if (char === '"') {
        const end = line.indexOf('"', i + 1)
        if (end < 0) return `Syntax error ${path}:${lines.length + (text.endsWith('\n') ? 0 : 1)}: Extra junk at end of file`
        words.push({ text: line.slice(i + 1, end), quoted: true })
        i = end + 1
      } else if (char === ';' || char === '{') {
        flush(char)
        i++
      } else if (char === '}') {
        words = []
        stack.pop()
        i++
      } else {
        let end = i
        while (end < line.length && !/[\s;{}"]/.test(line[end] as string)) end++
        words.push({ text: line.slice(i, end), quoted: false })
        i = end
      }
    }
  }
  if (words.length > 0) return `Syntax error ${path}:${lines.length + (text.endsWith('\n') ? 0 : 1)}: Extra junk at end of file`
  return undefined
}

/** `//` and `#` start a comment outside quotes (`#include` and `#clear` are directives apt keeps). */
function stripComment(line: string): string {
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === '"') quoted = !quoted
    if (quoted) continue
    if (char === '/' && line[i + 1] === '/') return line.slice(0, i)
    if (char === '#' && !line.startsWith('#clear', i) && !line.startsWith('#include', i)) return line.slice(0, i)
  }
  return line
}
