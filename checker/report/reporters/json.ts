import type { Reporter } from './types.ts'

export const jsonReporter: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`
