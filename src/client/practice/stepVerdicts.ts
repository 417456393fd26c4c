import type { PracticeVerdict } from '../../sandbox/practice-types.ts'

interface StepWithChecks {
  id: string
  checks: ReadonlyArray<{ id: string }>
}

/**
 * Which steps the practice machine proves done: a step is verified when every one of its checks
 * passes on the simulated server, and no longer verified as soon as one does not (the learner
 * undid it). Steps without checks are left to the learner's own tick.
 */
export function stepVerdicts(steps: readonly StepWithChecks[], verdict: Pick<PracticeVerdict, 'statuses'>): Array<[stepId: string, verified: boolean]> {
  return steps
    .filter((step) => step.checks.length > 0)
    .map((step) => [step.id, step.checks.every((check) => verdict.statuses[check.id] === 'pass')])
}
