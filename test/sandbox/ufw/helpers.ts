/** A practice server with ufw installed, and a way to run ufw/iptables on it as a shell would. */
import { ufwPrograms } from '../../../src/sandbox/commands/ufw/index.ts'
import { rootCred } from '../../../src/sandbox/fs/types.ts'
import { seedServerState } from '../../../src/sandbox/machine/seed.ts'
import { Server } from '../../../src/sandbox/machine/server.ts'
import { installUfwFiles } from '../../../src/sandbox/machine/ufw-package.ts'
import { recordedAt } from '../_program.ts'

export { recordedAt, run, student, words, type RunResult } from '../_program.ts'

/** openssh-server's profile (owned by openssh-server on Debian 12, present before ufw). */
export const opensshProfile = '[OpenSSH]\ntitle=Secure shell server, an rshd replacement\ndescription=OpenSSH is a free implementation of the Secure Shell protocol.\nports=22/tcp\n'

export function serverWithUfw(): Server {
  const server = new Server(seedServerState({ now: recordedAt, programs: [], packages: {} }), ufwPrograms)
  installUfwFiles(server)
  if (!server.fs.exists('/etc/ufw/applications.d/openssh-server')) server.fs.writeFile('/etc/ufw/applications.d/openssh-server', opensshProfile, rootCred)
  return server
}
