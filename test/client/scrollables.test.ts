import { describe, expect, it } from 'vitest'
import { overflowEdges } from '../../src/client/scrollables.ts'

describe('overflowEdges', () => {
  it.each([
    [0, 300, 300, 'none'],
    [0, 301, 300, 'none'],
    [0, 600, 300, 'end'],
    [150, 600, 300, 'both'],
    [300, 600, 300, 'start'],
    [299.6, 600, 300, 'start'],
    [0.4, 600, 300, 'end'],
  ] as const)('scrollLeft %d, scrollWidth %d, clientWidth %d → %s', (left, width, client, edges) => {
    expect(overflowEdges(left, width, client)).toBe(edges)
  })
})
