import type { Builtin } from '../runtime.ts'
import { interpretEscapes } from './_escapes.ts'

/** bash's echo: leading words made only of n, e, E are options; anything else is text. */
export const echo: Builtin = (ctx) => {
  const args = ctx.argv.slice(1)
  let newline = true
  let escapes = false
  while (args.length > 0 && /^-[neE]+$/.test(args[0] as string)) {
    const flags = args.shift() as string
    for (const flag of flags.slice(1)) {
      if (flag === 'n') newline = false
      else escapes = flag === 'e'
    }
  }
  let text = args.join(' ')
  if (escapes) {
    const result = interpretEscapes(text)
    text = result.text
    if (result.stop) newline = false
  }
  ctx.stdout.write(newline ? `${text}\n` : text)
  return 0
}
