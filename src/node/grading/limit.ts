/** At most `n` tasks at a time; the rest wait in order. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>

export function createLimit(n: number): Limit {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`concurrency must be a positive integer, got ${n}`)
  let active = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    // A finishing task hands its slot straight to the next waiter, so `active` never overshoots.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}
