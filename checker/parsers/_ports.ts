/** Port helpers shared by the parsers. */

/** A decimal port 1–65535, or undefined for anything else (sshd rejects those too). */
export function parsePortNumber(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) return undefined
  const port = Number(value)
  return port >= 1 && port <= 65535 ? port : undefined
}

export function uniqueSorted(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b)
}
