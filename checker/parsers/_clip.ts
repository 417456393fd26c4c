/** Values echoed from the system into texts are cut short: a 10 MB token must not become 31 MB of output. */
export const maxEchoChars = 80

export function clip(value: string, max = maxEchoChars): string {
  return value.length > max ? `${value.slice(0, max)}…` : value
}

/** A text file sshd or a shell would choke on: NUL bytes or bytes that are not UTF-8 at all. */
export function looksBinary(text: string): boolean {
  return text.includes('\u0000') || text.includes('\uFFFD')
}
