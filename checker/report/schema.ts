/** The Report: what `check --json` prints and the grading server stores. One source of truth. */
import { z } from 'zod'
import { checkIds } from '../catalog.ts'
import { statuses } from '../rules/types.ts'

export const reportSchemaVersion = 1

export const checkGroups = ['guard', 'updates', 'autoupdate', 'ssh', 'firewall'] as const

export const reportResult = z
  .object({
    id: z.enum(checkIds),
    group: z.enum(checkGroups),
    status: z.enum(statuses),
    title: z.string().min(1),
    detail: z.string(),
    hint: z.string().optional(),
    fix: z.array(z.string()).optional(),
    evidence: z.array(z.string()).optional(),
    /** unknown only because the run had no root: `--junit` skips it instead of calling it an error */
    needsRoot: z.literal(true).optional(),
  })
  .strict()

const count = z.number().int().nonnegative()

export const reportSchema = z
  .object({
    schemaVersion: z.literal(reportSchemaVersion),
    tool: z.object({ name: z.string(), version: z.string() }).strict(),
    host: z.object({ hostname: z.string(), os: z.string() }).strict(),
    root: z.boolean(),
    startedAt: z.iso.datetime(),
    durationMs: z.number().nonnegative(),
    settings: z.object({ sshPort: z.number().int(), httpPort: z.number().int() }).strict(),
    results: z.array(reportResult),
    summary: z.object({ pass: count, fail: count, warn: count, unknown: count, total: count }).strict(),
  })
  .strict()

export type Report = z.infer<typeof reportSchema>
export type ReportResult = z.infer<typeof reportResult>
export type Lang = 'ja' | 'en'
