import { describe, expect, it } from 'vitest'
import { catalog, catalogEntry, catalogFor, checkIds } from '../../checker/catalog.ts'
import { rules } from '../../checker/rules/index.ts'
import { course } from '../../src/shared/course.ts'

describe('check catalogue', () => {
  it('has exactly the 19 ids of the course, in order, one entry each', () => {
    expect(checkIds).toHaveLength(19)
    expect(catalog.map((entry) => entry.id)).toEqual([...checkIds])
    expect(Object.keys(rules).sort()).toEqual([...checkIds].sort())
  })

  it.each(catalog.map((entry) => [entry.id, entry] as const))('%s is complete', (id, entry) => {
    expect(id.startsWith(`${entry.group}.`)).toBe(true)
    for (const text of [entry.title.ja, entry.title.en, entry.hint.ja, entry.hint.en]) expect(text.trim().length).toBeGreaterThan(5)
    expect(entry.title.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    expect(entry.fix.length).toBeGreaterThan(0)
    expect(catalogEntry(id)).toBe(entry)
  })

  it('uses the course ports in its fix commands', () => {
    expect(catalogEntry('firewall.allow-ssh').fix).toEqual([`sudo ufw allow ${course.sshPort}/tcp`])
    expect(catalogEntry('firewall.allow-http').fix).toEqual([`sudo ufw allow ${course.httpPort}/tcp`])
    expect(catalogEntry('guard.lockout').fix).toEqual([`sudo ufw allow ${course.sshPort}/tcp`])
  })

  it('answers the pitfalls learners hit', () => {
    // dpkg-reconfigure keeps a 20auto-upgrades the learner edited or deleted (seen in the lab), so the fix writes the file.
    expect(catalogEntry('autoupdate.periodic').fix[0]).toMatch(/"1";' \| sudo tee \/etc\/apt\/apt\.conf\.d\/20auto-upgrades$/)
    expect(catalogEntry('firewall.allow-ssh').hint.ja).toContain('ufw allow OpenSSH')
    expect(catalogEntry('firewall.active').hint.ja).toContain('systemctl enable ufw')
    expect(catalogEntry('ssh.port-applied').hint.ja).toContain('restart ssh.socket')
    expect(catalogEntry('updates.lists-fresh').hint.ja).toContain('ロックファイル')
  })

  it('rewrites every text for other ports', () => {
    const other = catalogFor({ ...course, sshPort: 2222, httpPort: 8080 })
    const text = JSON.stringify(other)
    expect(text).not.toContain(String(course.sshPort))
    expect(text).toContain('sudo ufw allow 2222/tcp')
    expect(text).toContain('sudo ufw allow 8080/tcp')
  })
})
