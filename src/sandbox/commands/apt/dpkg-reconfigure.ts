/**
 * `dpkg-reconfigure` for the one package the course reconfigures: unattended-upgrades asks
 * whether to update automatically and hands the answer to ucf, which keeps a 20auto-upgrades
 * the admin edited or deleted (PITFALLS #2, seen in the lab on Debian 12). The real default
 * frontend draws a whiptail dialog; the question comes here as debconf's Teletype frontend words
 * it, answered on the terminal's line.
 */
import { autoUpgradesAnswer, reconfigureUnattendedUpgrades, setAutoUpgradesAnswer } from '../../machine/apt.ts'
import { installedVersion } from '../../machine/packages.ts'
import type { Command } from '../types.ts'
import { serverOf } from './_common.ts'

const question = `Configuring unattended-upgrades
-------------------------------

Applying updates on a frequent basis is an important part of keeping systems
secure. By default, updates need to be applied manually using package
management tools. Alternatively, you can choose to have this system
automatically download and install important updates.

`

export const dpkgReconfigure: Command = async (ctx) => {
  const server = serverOf(ctx)
  if (!server) return 1
  const self = '/usr/sbin/dpkg-reconfigure'
  if (ctx.cred.uid !== 0) {
    ctx.stderr.write(`${self} must be run as root\n`)
    return 1
  }
  const args = ctx.argv.slice(1)
  const names: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '-p' || arg === '-f' || arg === '--priority' || arg === '--frontend') i++
    else if (!arg.startsWith('-')) names.push(arg)
  }
  if (names.length === 0) {
    ctx.stderr.write(`${self}: please specify a package to reconfigure\n`)
    return 1
  }
  for (const name of names) {
    if (installedVersion(server, name) === undefined) {
      ctx.stderr.write(`dpkg-query: package '${name}' is not installed and no information is available\nUse dpkg --info (= dpkg-deb --info) to examine archive files.\n${self}: ${name} is not installed\n`)
      return 1
    }
  }
  for (const name of names) {
    if (name !== 'unattended-upgrades') continue
    let enable = autoUpgradesAnswer(server)
    const interactive = ctx.tty !== undefined && ctx.env['DEBIAN_FRONTEND'] !== 'noninteractive'
    if (interactive && ctx.tty) {
      ctx.stdout.write(question)
      for (;;) {
        const answer = await ctx.tty.readLine('Automatically download and install stable updates? [yes/no] ')
        if (answer === null) return 1
        const trimmed = answer.trim()
        if (trimmed === '') break
        if (/^y/i.test(trimmed)) enable = true
        else if (/^n/i.test(trimmed)) enable = false
        else continue
        break
      }
    }
    setAutoUpgradesAnswer(server, enable)
    const said = reconfigureUnattendedUpgrades(server, enable)
    if (said) ctx.stdout.write(`${said}\n`)
    server.advance(1500)
  }
  return 0
}
