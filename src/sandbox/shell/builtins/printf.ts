import type { Builtin } from '../runtime.ts'
import { interpretEscapes } from './_escapes.ts'

const SPEC = /%([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdibcxXouf%])|\\(?:0[0-7]{0,3}|x[0-9A-Fa-f]{1,2}|[\s\S])/g

/** bash's printf: the format is reused while arguments remain; missing ones are '' or 0. */
export const printf: Builtin = (ctx) => {
  const args = ctx.argv.slice(1)
  if (args[0] === '--') args.shift()
  const format = args.shift()
  if (format === undefined) {
    ctx.stderr.write('printf: usage: printf [-v var] format [arguments]\n')
    return 2
  }
  let status = 0
  let out = ''
  let stop = false
  const number = (text: string | undefined): number => {
    if (text === undefined || text === '') return 0
    const value = /^[-+]?\d+$/.test(text.trim()) ? Number(text.trim()) : /^'./.test(text) ? (text.codePointAt(1) ?? 0) : Number.NaN
    if (Number.isNaN(value)) {
      ctx.stderr.write(`bash: printf: ${text}: invalid number\n`)
      status = 1
      return Number.parseInt(text, 10) || 0
    }
    return value
  }
  do {
    const usedBefore = args.length
    const body = format.replace(SPEC, (_all, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
      if (stop) return ''
      if (_all.startsWith('\\')) {
        const escape = interpretEscapes(_all)
        stop = escape.stop
        return escape.text
      }
      if (conversion === '%') return '%'
      const widthValue = width === '*' ? number(args.shift()) : width === undefined ? 0 : Number(width)
      const arg = args.shift()
      let text: string
      switch (conversion) {
        case 's':
          text = arg ?? ''
          if (precision !== undefined) text = text.slice(0, Number(precision))
          break
        case 'b': {
          const result = interpretEscapes(arg ?? '')
          text = result.text
          stop = result.stop
          break
        }
        case 'c':
          text = (arg ?? '').slice(0, 1)
          break
        case 'x':
        case 'X':
        case 'o': {
          const radix = conversion === 'o' ? 8 : 16
          text = number(arg).toString(radix)
          if (conversion === 'X') text = text.toUpperCase()
          break
        }
        case 'f':
          text = Number(arg ?? 0).toFixed(precision === undefined ? 6 : Number(precision))
          break
        default: {
          const value = number(arg)
          text = String(value)
          if (flags.includes('+') && value >= 0) text = `+${text}`
        }
      }
      if (text.length < widthValue) {
        const pad = widthValue - text.length
        if (flags.includes('-')) text += ' '.repeat(pad)
        else if (flags.includes('0') && conversion !== 's') text = text.startsWith('-') ? `-${'0'.repeat(pad)}${text.slice(1)}` : '0'.repeat(pad) + text
        else text = ' '.repeat(pad) + text
      }
      return text
    })
    out += body
    if (stop) break
    if (args.length === usedBefore) break
  } while (args.length > 0)
  ctx.stdout.write(out)
  return status
}
