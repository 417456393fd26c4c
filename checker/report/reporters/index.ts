/** Reporters by name: the CLI picks one with --json / --junit, text otherwise. */
import { jsonReporter } from './json.ts'
import { junitReporter } from './junit.ts'
import { textReporter } from './text.ts'
import type { Reporter } from './types.ts'

export type { Reporter, ReporterOptions } from './types.ts'

export const reporters = {
  text: textReporter,
  json: jsonReporter,
  junit: junitReporter,
} as const satisfies Record<string, Reporter>

export type ReporterName = keyof typeof reporters
