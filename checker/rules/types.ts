/** What a rule returns. Texts come in both languages; the report picks one. */
import type { CheckId } from '../catalog.ts'
import type { Facts } from '../facts.ts'

export type Status = 'pass' | 'fail' | 'warn' | 'unknown'
export const statuses = ['pass', 'fail', 'warn', 'unknown'] as const satisfies readonly Status[]

export interface Text {
  ja: string
  en: string
}

export interface RuleSettings {
  sshPort: number
  httpPort: number
  defaultSshPort: number
  listsMaxAgeDays: number
}

export interface CheckResult {
  id: CheckId
  status: Status
  detail: Text
  /** replaces the catalogue hint when the situation calls for a different one */
  hint?: Text
  /** replaces the catalogue fix commands */
  fix?: string[]
  /** what was observed, one line each, for instructors and bug reports */
  evidence?: string[]
  /** unknown because the checker was not run as root */
  needsRoot?: boolean
}

export interface RuleContext {
  facts: Facts
  settings: RuleSettings
}

export type Rule = (context: RuleContext) => Omit<CheckResult, 'id'>
