/**
 * The probes, rules, parsers, catalogue, facts, report and the CLI's run loop also run in the browser
 * practice machine and on the grading server: no Node built-in may sneak in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { projectRoot } from './_paths.ts'

const pureFolders = ['checker/rules', 'checker/parsers', 'checker/report', 'checker/cli', 'checker/submit']
/** The probes run in the browser too: only the two hosts that touch a real disk may use Node. */
const nodeEdges = new Set(['real-host.ts', 'fixture-host.ts'])
const pureFiles = [
  'checker/catalog.ts',
  'checker/facts.ts',
  'checker/index.ts',
  'checker/run.ts',
  ...readdirSync(join(projectRoot, 'checker/probes'))
    .filter((name) => name.endsWith('.ts') && !nodeEdges.has(name))
    .map((name) => `checker/probes/${name}`),
]
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? tsFiles(full) : name.endsWith('.ts') ? [full] : []
  })
}

function importedModules(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g)]
  return specifiers.map((match) => match[1] ?? match[2] ?? match[3] ?? '')
}

const files = [...pureFolders.flatMap((folder) => tsFiles(join(projectRoot, folder))), ...pureFiles.map((file) => join(projectRoot, file))]

describe('pure checker code imports no Node built-in', () => {
  it('finds the files it is meant to guard', () => {
    expect(files.length).toBeGreaterThan(15)
  })

  it.each(files.map((file) => relative(projectRoot, file)))('%s', (file) => {
    const source = readFileSync(join(projectRoot, file), 'utf8')
    const offending = importedModules(source).filter((name) => builtins.has(name) || name.startsWith('node:'))
    expect(offending).toEqual([])
    expect(source).not.toMatch(/\bprocess\.|\bBuffer\b|\brequire\(/)
  })

  it('the import scanner recognises a node import', () => {
    expect(importedModules("import { readFileSync } from 'node:fs'\nimport x from \"os\"")).toEqual(['node:fs', 'os'])
  })
})

describe('the checker is read-only and offline', () => {
  // build.ts writes dist/ and is never part of the CLI; everything else must only observe.
  // node-submit.ts is the one exception the learner asks for: `check --submit` posts the report
  // (the only network use), `check login` / a report the server could not take yet are kept in
  // the learner's own ~/.config/secure-course-check and `check logout` deletes the login there (the
  // only writes, never to the system). It runs only for --submit, login and logout; the lab's
  // read-only proof runs check without them.
  const sanctionedEdges = ['/checker/build.ts', '/checker/node-submit.ts']
  const runtimeFiles = tsFiles(join(projectRoot, 'checker')).filter((file) => !sanctionedEdges.some((edge) => file.endsWith(edge)))
  const writeApi = '(writeFile|appendFile|mkdir|mkdtemp|rm|unlink|rename|copyFile|createWriteStream|chmod|chown|symlink|truncate|utimes)(Sync)?'
  // a call, or an import from node:fs (hint texts such as "sudo mkdir -p /run/sshd" are neither)
  const writers = new RegExp(`\\b${writeApi}\\s*\\(|import\\s*{[^}]*\\b${writeApi}\\b[^}]*}\\s*from\\s*['"](node:)?fs`)
  const network = /['"]node:(net|http|https|http2|dgram|tls|dns)['"]|\bfetch\(|\bWebSocket\b/

  it.each(runtimeFiles.map((file) => relative(projectRoot, file)))('%s neither writes files nor talks to the network', (file) => {
    const source = readFileSync(join(projectRoot, file), 'utf8')
    expect(source).not.toMatch(writers)
    expect(source).not.toMatch(network)
  })

  it('allows exactly the sanctioned edges', () => {
    expect(sanctionedEdges.every((edge) => tsFiles(join(projectRoot, 'checker')).some((file) => file.endsWith(edge)))).toBe(true)
  })

  it('would notice a write or a request', () => {
    expect("import { readFileSync, writeFileSync } from 'node:fs'").toMatch(writers)
    expect('fs.rmSync(dir)').toMatch(writers)
    expect('sudo mkdir -p /run/sshd').not.toMatch(writers)
    expect("await fetch('http://x')").toMatch(network)
  })
})

