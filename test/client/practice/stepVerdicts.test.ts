import { describe, expect, it } from 'vitest'
import { stepVerdicts } from '../../../src/client/practice/stepVerdicts.ts'

const steps = [
  { id: 'both', checks: [{ id: 'a' }, { id: 'b' }] },
  { id: 'none', checks: [] },
  { id: 'single', checks: [{ id: 'c' }] },
]

describe('stepVerdicts', () => {
  it.each([
    ['all pass', { a: 'pass', b: 'pass', c: 'pass' }, [['both', true], ['single', true]]],
    ['one check fails', { a: 'pass', b: 'fail', c: 'pass' }, [['both', false], ['single', true]]],
    ['a warning is not a pass', { a: 'pass', b: 'warn', c: 'unknown' }, [['both', false], ['single', false]]],
    ['a check missing from the verdict', { a: 'pass' }, [['both', false], ['single', false]]],
  ] as const)('%s', (_name, statuses, expected) => {
    expect(stepVerdicts(steps, { statuses })).toEqual(expected)
  })
})
