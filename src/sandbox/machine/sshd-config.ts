/**
 * What sshd (OpenSSH 9.2, Debian 12) makes of /etc/ssh/sshd_config: the addresses it binds and,
 * for `sshd -t`, the first error in the exact words sshd prints. Ports come from the checker's
 * own parser (checker/parsers/sshd-config.ts) so the simulation and the checker cannot disagree;
 * only sshd's fatal messages and the bind list are worked out here.
 */
import { readSshdConfig, splitWords, type ConfigFiles, type FileRead } from '../../../checker/parsers/sshd-config.ts'
import { listenAddressHasPort, portFromListenAddress } from '../../../checker/parsers/sshd-listen-address.ts'
import { globToRegExp } from '../../../checker/parsers/_glob.ts'
import type { Cred } from '../fs/types.ts'
import { isFsError, rootCred } from '../fs/types.ts'
import type { ListenSpec } from './state.ts'
import type { Server } from './server.ts'

export const sshdConfigPath = '/etc/ssh/sshd_config'

export type SshdConfig =
  | { ok: true; ports: number[]; listen: ListenSpec[]; addressFamily: 'any' | 'inet' | 'inet6' }
  | { ok: false; error: string }

/** sshd's configuration files read with `cred` (root for the daemon; sshd -t run by a user reads as that user). */
export function configFiles(server: Server, cred: Cred = rootCred): ConfigFiles {
  return {
    read(path: string): FileRead {
      const text = server.fs.readFile(path, cred)
      if (!isFsError(text)) return { text }
      if (text.error === 'ENOENT') return { error: 'missing', message: `${path}: No such file or directory` }
      if (text.error === 'EACCES') return { error: 'denied', message: `${path}: Permission denied` }
      return { error: 'failed', message: `${path}: ${text.error}` }
    },
    list(dir: string): string[] | undefined {
      const names = server.fs.readdir(dir, cred)
      return isFsError(names) ? undefined : names
    },
  }
}

/** Keywords OpenSSH 9.2's sshd accepts (servconf.c keywords table), lower-cased. */
const knownKeywords = new Set(
  (
    'port listenaddress addressfamily hostkey hostkeyfile hostcertificate hostkeyagent pidfile modulifile serverkeybits ' +
    'logingracetime keyregenerationinterval permitrootlogin syslogfacility loglevel logverbose rhostsrsaauthentication ' +
    'hostbasedauthentication hostbasedusesnamefrompacketonly hostbasedacceptedalgorithms hostbasedacceptedkeytypes ' +
    'hostkeyalgorithms casignaturealgorithms rsaauthentication pubkeyauthentication pubkeyacceptedalgorithms ' +
    'pubkeyacceptedkeytypes pubkeyauthoptions dsaauthentication kerberosauthentication kerberosorlocalpasswd ' +
    'kerberosticketcleanup kerberosgetafstoken kerberostgtpassing afstokenpassing gssapiauthentication ' +
    'gssapicleanupcredentials gssapistrictacceptorcheck gssapikeyexchange gssapistorecredentialsonrekey ' +
    'gssapikexalgorithms passwordauthentication kbdinteractiveauthentication challengeresponseauthentication ' +
    'skeyauthentication printmotd printlastlog ignorerhosts ignoreuserknownhosts x11forwarding x11displayoffset ' +
    'x11uselocalhost xauthlocation strictmodes permitemptypasswords permituserenvironment uselogin compression ' +
    'rekeylimit tcpkeepalive keepalive allowtcpforwarding allowagentforwarding allowusers denyusers allowgroups ' +
    'denygroups ciphers macs protocol gatewayports subsystem maxstartups persourcemaxstartups persourcenetblocksize ' +
    'maxauthtries maxsessions banner usedns verifyreversemapping reversemappingcheck clientaliveinterval ' +
    'clientalivecountmax authorizedkeysfile authorizedkeysfile2 useprivilegeseparation acceptenv setenv permittunnel ' +
    'match permitopen permitlisten forcecommand chrootdirectory usepam trustedusercakeys authorizedprincipalsfile ' +
    'kexalgorithms ipqos authenticationmethods versionaddendum authorizedkeyscommand authorizedkeyscommanduser ' +
    'authorizedprincipalscommand authorizedprincipalscommanduser streamlocalbindmask streamlocalbindunlink ' +
    'allowstreamlocalforwarding fingerprinthash disableforwarding exposeauthinfo rdomain include ' +
    'securitykeyprovider revokedkeys requiredrsasize channeltimeout unusedconnectiontimeout permitttty permittty ' +
    'permituserrc'
  ).split(' '),
)

/** What sshd -t says about the configuration, or the bind list when it is valid. */
export function loadSshdConfig(server: Server, cred: Cred = rootCred): SshdConfig {
  const files = configFiles(server, cred)
  const error = firstFatal(files, sshdConfigPath, 0)
  if (error) return { ok: false, error }
  const parsed = readSshdConfig(files, sshdConfigPath)
  const family = addressFamily(files)
  const listenAddresses = collect(files, sshdConfigPath, 'listenaddress', 0)
  const ports = parsed.ports
  const listen: ListenSpec[] = []
  const add = (address: string, port: number) => {
    if (!listen.some((spec) => spec.address === address && spec.port === port)) listen.push({ address, port })
  }
  const portsWithoutListen = collect(files, sshdConfigPath, 'port', 0).map(Number).filter((p) => p > 0)
  const configuredPorts = portsWithoutListen.length > 0 ? [...new Set(portsWithoutListen)] : [22]
  if (listenAddresses.length === 0) {
    for (const port of configuredPorts) {
      if (family !== 'inet6') add('0.0.0.0', port)
      if (family !== 'inet') add('::', port)
    }
  } else {
    for (const value of listenAddresses) {
      const host = hostOf(value)
      const addressPorts = listenAddressHasPort(value) ? [portFromListenAddress(value) ?? 22] : configuredPorts
      for (const port of addressPorts) add(host, port)
    }
  }
  return { ok: true, ports, listen, addressFamily: family }
}

function hostOf(value: string): string {
  const bracketed = /^\[([^\]]*)\]:/.exec(value)
  if (bracketed) return bracketed[1] ?? ''
  if (value.split(':').length - 1 === 1) return value.slice(0, value.indexOf(':'))
  return value
}

function addressFamily(files: ConfigFiles): 'any' | 'inet' | 'inet6' {
  // sshd keeps the first value it reads (drop-ins come first on Debian).
  const value = collect(files, sshdConfigPath, 'addressfamily', 0)[0]?.toLowerCase()
  return value === 'inet' || value === 'inet6' ? value : 'any'
}

/** The first argument of every line with `keyword`, in sshd's reading order (Include expanded in place, Match skipped). */
function collect(files: ConfigFiles, path: string, keyword: string, depth: number): string[] {
  const read = files.read(path)
  if ('error' in read || depth > 16) return []
  const found: string[] = []
  let inMatch = false
  for (const line of read.text.split(/\r?\n/)) {
    const words = splitWords(line)
    const key = words[0]?.toLowerCase()
    if (!key) continue
    if (key === 'match') inMatch = !(words.length === 2 && words[1]?.toLowerCase() === 'all')
    else if (key === 'include') for (const included of includedPaths(files, words.slice(1))) found.push(...collect(files, included, keyword, depth + 1))
    else if (key === keyword && !inMatch && words[1] !== undefined) found.push(words[1])
  }
  return found
}

function includedPaths(files: ConfigFiles, patterns: string[]): string[] {
  const paths: string[] = []
  for (const pattern of patterns) {
    const absolute = pattern.startsWith('/') ? pattern : `/etc/ssh/${pattern}`
    const slash = absolute.lastIndexOf('/')
    const dir = absolute.slice(0, slash) || '/'
    const base = absolute.slice(slash + 1)
    if (!/[*?[]/.test(base)) {
      paths.push(absolute)
      continue
    }
    const matcher = globToRegExp(base)
    const names = files.list(dir) ?? []
    for (const name of names.filter((n) => matcher.test(n) && !n.startsWith('.')).sort()) paths.push(`${dir === '/' ? '' : dir}/${name}`)
  }
  return paths
}

/** The first line sshd refuses, worded as OpenSSH 9.2 prints it (fatal() in servconf.c). */
function firstFatal(files: ConfigFiles, path: string, depth: number): string | undefined {
  const read = files.read(path)
  if ('error' in read) {
    if (depth === 0) return `${path}: No such file or directory`
    return undefined
  }
  let inMatch = false
  let bad = 0
  const lines = read.text.split(/\r?\n/)
  const messages: string[] = []
  for (let index = 0; index < lines.length; index++) {
    const words = splitWords(lines[index] ?? '')
    const key = words[0]?.toLowerCase()
    if (!key) continue
    const where = `${path} line ${index + 1}`
    const arg = words[1]
    if (!knownKeywords.has(key)) {
      messages.push(`${path}: line ${index + 1}: Bad configuration option: ${words[0]}`)
      bad++
      continue
    }
    switch (key) {
      case 'match':
        inMatch = !(words.length === 2 && arg?.toLowerCase() === 'all')
        break
      case 'include': {
        if (arg === undefined) return `${where}: Include missing filename argument`
        for (const included of includedPaths(files, words.slice(1))) {
          const inner = firstFatal(files, included, depth + 1)
          if (inner) return inner
        }
        break
      }
      case 'port':
        if (inMatch) return `${where}: Directive 'Port' is not allowed within a Match block`
        if (arg === undefined || arg === '') return `${where}: missing port number.`
        if (!/^\d+$/.test(arg) || Number(arg) < 1 || Number(arg) > 65535) return `${where}: Badly formatted port number.`
        break
      case 'listenaddress':
        if (inMatch) return `${where}: Directive 'ListenAddress' is not allowed within a Match block`
        if (arg === undefined) return `${where}: missing address`
        if (listenAddressHasPort(arg) && portFromListenAddress(arg) === undefined) return `${where}: bad port number`
        break
      case 'addressfamily':
        if (arg === undefined) return `${where}: missing argument.`
        if (!['any', 'inet', 'inet6'].includes(arg.toLowerCase())) return `${where}: unsupported option "${arg}".`
        break
      case 'permitrootlogin':
      case 'passwordauthentication':
      case 'pubkeyauthentication':
      case 'kbdinteractiveauthentication':
      case 'usepam':
      case 'x11forwarding':
      case 'printmotd':
        if (arg === undefined) return `${where}: missing argument.`
        if (!validFlag(key, arg)) return `${where}: unsupported option "${arg}".`
        break
      case 'maxauthtries':
        if (arg === undefined) return `${where}: missing integer value.`
        if (!/^-?\d+$/.test(arg)) return `${where}: invalid integer value "${arg}".`
        break
    }
  }
  if (bad > 0) return [...messages, `${path}: terminating, ${bad} bad configuration options`].join('\n')
  return undefined
}

function validFlag(key: string, value: string): boolean {
  const v = value.toLowerCase()
  if (key === 'permitrootlogin') return ['yes', 'no', 'without-password', 'prohibit-password', 'forced-commands-only'].includes(v)
  return v === 'yes' || v === 'no'
}

/** `sshd -T`: OpenSSH 9.2's full dump on Debian 12, with the lines that follow sshd_config computed. */
export function sshdDump(config: Extract<SshdConfig, { ok: true }>): string {
  const ports = [...new Set(config.listen.map((spec) => spec.port))]
  const lines = ports.map((port) => `port ${port}`)
  lines.push(`addressfamily ${config.addressFamily}`)
  // sshd prints its bind list newest first within each port: [::] before 0.0.0.0.
  for (const port of ports) {
    const specs = config.listen.filter((spec) => spec.port === port)
    for (const spec of [...specs].reverse()) lines.push(`listenaddress ${spec.address.includes(':') ? `[${spec.address}]` : spec.address}:${port}`)
  }
  return `${lines.join('\n')}\n${staticDump}\n`
}

const staticDump = `usepam yes
logingracetime 120
x11displayoffset 10
maxauthtries 6
maxsessions 10
clientaliveinterval 0
clientalivecountmax 3
requiredrsasize 1024
streamlocalbindmask 0177
unusedconnectiontimeout none
permitrootlogin without-password
ignorerhosts yes
ignoreuserknownhosts no
hostbasedauthentication no
hostbasedusesnamefrompacketonly no
pubkeyauthentication yes
kerberosauthentication no
kerberosorlocalpasswd yes
kerberosticketcleanup yes
gssapiauthentication no
gssapicleanupcredentials yes
gssapikeyexchange no
gssapistrictacceptorcheck yes
gssapistorecredentialsonrekey no
gssapikexalgorithms gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-
passwordauthentication yes
kbdinteractiveauthentication no
printmotd no
printlastlog yes
x11forwarding yes
x11uselocalhost yes
permittty yes
permituserrc yes
strictmodes yes
tcpkeepalive yes
permitemptypasswords no
compression yes
gatewayports no
usedns no
allowtcpforwarding yes
allowagentforwarding yes
disableforwarding no
allowstreamlocalforwarding yes
streamlocalbindunlink no
fingerprinthash SHA256
exposeauthinfo no
pidfile /run/sshd.pid
modulifile /etc/ssh/moduli
xauthlocation /usr/bin/xauth
ciphers chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com
macs umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1
banner none
forcecommand none
chrootdirectory none
trustedusercakeys none
revokedkeys none
securitykeyprovider internal
authorizedprincipalsfile none
versionaddendum none
authorizedkeyscommand none
authorizedkeyscommanduser none
authorizedprincipalscommand none
authorizedprincipalscommanduser none
hostkeyagent none
kexalgorithms sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256
casignaturealgorithms ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256
hostbasedacceptedalgorithms ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256
hostkeyalgorithms ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256
pubkeyacceptedalgorithms ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256
loglevel INFO
syslogfacility AUTH
authorizedkeysfile .ssh/authorized_keys .ssh/authorized_keys2
hostkey /etc/ssh/ssh_host_rsa_key
hostkey /etc/ssh/ssh_host_ecdsa_key
hostkey /etc/ssh/ssh_host_ed25519_key
acceptenv LANG
acceptenv LC_*
authenticationmethods any
subsystem sftp /usr/lib/openssh/sftp-server
maxstartups 10:30:100
persourcemaxstartups none
persourcenetblocksize 32:128
permittunnel no
ipqos lowdelay throughput
rekeylimit 0 0
permitopen any
permitlisten any
permituserenvironment no
pubkeyauthoptions none`
