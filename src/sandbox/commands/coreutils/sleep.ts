import type { Command } from '../types.ts'
import { usageError } from './_util.ts'

const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export const sleep: Command = async (ctx) => {
  const args = ctx.argv.slice(1)
  if (args.length === 0) return usageError(ctx, 'sleep', 'missing operand')
  let total = 0
  for (const arg of args) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg)
    if (!match) return usageError(ctx, 'sleep', `invalid time interval ‘${arg}’`)
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 1000)
  }
  ctx.system.advance(total)
  await ctx.tty?.pause(total)
  return 0
}
