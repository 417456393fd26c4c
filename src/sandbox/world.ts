/**
 * The two machines of the practice world (the server and the learner's PC), how they start, and
 * how they are saved and restored (localStorage, versioned).
 */
import { z } from 'zod'
import { installProcFiles } from './machine/sockets.ts'
import { basePackages } from './machine/packages.ts'
import { Pc, seedPcFiles } from './machine/pc.ts'
import { seedServerState } from './machine/seed.ts'
import { Server } from './machine/server.ts'
import { stateVersion, type ServerState } from './machine/state.ts'
import type { FsNode } from './fs/index.ts'
import { initialServerPrograms, pcProgramTable, serverPrograms } from './programs.ts'

export { serverPublicAddress as serverAddress } from './machine/pc.ts'
export const saveVersion = 1

export interface World {
  server: Server
  pc: Pc
}

export interface WorldOptions {
  /** the moment the machine starts (ms since the epoch); tests pass a fixed one */
  now: number
  /** what save() returned, to continue where the learner left off */
  saved?: string
}

const savedShape = z.object({
  version: z.literal(saveVersion),
  server: z.looseObject({ version: z.literal(stateVersion), clock: z.number(), fs: z.looseObject({ kind: z.literal('dir') }) }),
  pc: z.looseObject({ kind: z.literal('dir') }),
})

export function createWorld(options: WorldOptions): World {
  const restored = options.saved === undefined ? undefined : restore(options.saved)
  const state = restored?.server ?? seedServerState({ now: options.now, programs: initialServerPrograms, packages: basePackages() })
  const server = new Server(state, serverPrograms)
  installProcFiles(server)
  const pc = new Pc(server, restored?.pc ?? seedPcFiles(Object.keys(pcProgramTable), options.now), pcProgramTable)
  return { server, pc }
}

/** Throws with a reason when the save is from another version or damaged: the caller starts afresh. */
function restore(saved: string): { server: ServerState; pc: FsNode } {
  let parsed: unknown
  try {
    parsed = JSON.parse(saved)
  } catch {
    throw new Error('the saved practice machine is not valid JSON')
  }
  const checked = savedShape.safeParse(parsed)
  if (!checked.success) throw new Error(`the saved practice machine has another format: ${checked.error.issues[0]?.message ?? 'unknown'}`)
  return { server: checked.data.server as unknown as ServerState, pc: checked.data.pc as unknown as FsNode }
}

export function saveWorld(world: World): string {
  return JSON.stringify({ version: saveVersion, server: world.server.snapshot(), pc: world.pc.fs.snapshot() })
}
