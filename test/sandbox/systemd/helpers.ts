/** A practice server with systemd's, sshd's and ss's programs, and a way to run them as a shell would. */
import { pcPrograms } from '../../../src/sandbox/commands/pc/index.ts'
import { sshPrograms, systemdPrograms } from '../../../src/sandbox/commands/systemd/index.ts'
import { Pc, seedPcFiles } from '../../../src/sandbox/machine/pc.ts'
import { seedServerState } from '../../../src/sandbox/machine/seed.ts'
import { Server } from '../../../src/sandbox/machine/server.ts'
import { installProcFiles } from '../../../src/sandbox/machine/sockets.ts'
import { recordedAt } from '../_program.ts'

export { recordedAt, run, student, words, type RunResult } from '../_program.ts'

const programs = { ...systemdPrograms, ...sshPrograms }

export function practiceServer(): Server {
  const server = new Server(seedServerState({ now: recordedAt, programs: Object.keys(programs), packages: {} }), programs)
  installProcFiles(server)
  return server
}

export function practicePc(server: Server): Pc {
  return new Pc(server, seedPcFiles(Object.keys(pcPrograms), recordedAt), pcPrograms)
}
