/** xargs: runs COMMAND (echo) with the words of stdin appended; -n N per run, -I STR replaces. */
import type { Command } from '../types.ts'
import { last, parseArgs } from './_util.ts'

function words(text: string): string[] {
  const result: string[] = []
  const pattern = /"([^"]*)"|'([^']*)'|\\(.)|(\S)|(\s+)/g
  let current: string | undefined
  for (const match of text.matchAll(pattern)) {
    if (match[5] !== undefined) {
      if (current !== undefined) result.push(current)
      current = undefined
      continue
    }
    current = (current ?? '') + (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '')
  }
  if (current !== undefined) result.push(current)
  return result
}

export const xargs: Command = async (ctx) => {
  // options end at the first operand: the command's own options follow it
  const args = ctx.argv.slice(1)
  let split = args.findIndex((arg, i) => !arg.startsWith('-') && !/^-[nIdL]$/.test(args[i - 1] ?? ''))
  if (split === -1) split = args.length
  const parsed = parseArgs({ ...ctx, argv: ['xargs', ...args.slice(0, split)] }, 'xargs', { short: 'n:I:rtL:d:0', long: { 'max-args=': 'n', 'no-run-if-empty': 'r', verbose: 't' } })
  if (typeof parsed === 'number') return parsed
  const command = args.slice(split)
  if (command.length === 0) command.push('echo')
  const input = ctx.stdin.read()
  const replace = last(parsed, 'I')
  const runs: string[][] = []
  if (replace !== undefined) {
    for (const line of input.split('\n')) {
      const item = line.trim()
      if (item !== '') runs.push(command.map((arg) => arg.split(replace).join(item)))
    }
  } else {
    const items = parsed.options.has('0') ? input.split('\0').filter(Boolean) : words(input)
    const per = Number(last(parsed, 'n') ?? last(parsed, 'L') ?? 0)
    if (items.length === 0) {
      if (!parsed.options.has('r')) runs.push(command)
    } else if (per > 0) for (let i = 0; i < items.length; i += per) runs.push([...command, ...items.slice(i, i + per)])
    else runs.push([...command, ...items])
  }
  let status = 0
  for (const argv of runs) {
    if (parsed.options.has('t')) ctx.stderr.write(`${argv.join(' ')}\n`)
    const code = await ctx.exec(argv, { stdin: { read: () => '', isTty: false } })
    if (code === 127) {
      return 127
    }
    if (code !== 0) status = 123
  }
  return status
}
