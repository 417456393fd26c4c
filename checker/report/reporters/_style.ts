/** ANSI styling that disappears entirely when color is off (NO_COLOR, --no-color, not a terminal). */
const codes = { red: 31, green: 32, yellow: 33, magenta: 35, cyan: 36, gray: 90, bold: 1, dim: 2, inverse: 7 } as const
export type StyleName = keyof typeof codes

export function styler(color: boolean) {
  return (text: string, ...styles: StyleName[]): string => {
    if (!color || styles.length === 0) return text
    return `\u001b[${styles.map((style) => codes[style]).join(';')}m${text}\u001b[0m`
  }
}
