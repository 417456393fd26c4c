/**
 * `check` inside the practice server: the project's own checker, unchanged, observing the
 * simulated machine through the same probes it uses on a real one (see ../host.ts).
 */
import { runCli } from '../../../checker/run.ts'
import { createMachineHost } from '../host.ts'
import type { Server } from '../machine/server.ts'
import type { Command } from './types.ts'

/** `--watch` ends by itself after this many rounds here: no Ctrl+C reaches a running command. */
const maxWatchRounds = 30

export const check: Command = async (ctx) => {
  const server = ctx.system as Server
  let rounds = 0
  return runCli(ctx.argv.slice(1), {
    stdout: (text) => ctx.stdout.write(text),
    stderr: (text) => ctx.stderr.write(text),
    env: ctx.env,
    stdoutIsTty: ctx.stdout.isTty,
    sleep: async (ms) => {
      if (++rounds >= maxWatchRounds) throw new Error(`--watch stops after ${maxWatchRounds} rounds in the practice terminal`)
      server.advance(ms)
      await ctx.tty?.pause(ms)
    },
    createHost: () => createMachineHost(server, ctx.cred),
  })
}
