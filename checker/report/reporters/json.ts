import { jsonSafe } from './_escape.ts'
import type { Reporter } from './types.ts'

// JSON.stringify escapes C0 but leaves DEL, C1 and bidi overrides raw for whoever `cat`s the file.
export const jsonReporter: Reporter = (report) => `${jsonSafe(JSON.stringify(report, null, 2))}\n`
