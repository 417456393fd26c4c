/** The checker's public surface for the site, the practice machine and the grading server. */
export { catalog, catalogEntry, catalogFor, checkIds, type CatalogEntry, type CatalogSettings, type CheckGroup, type CheckId } from './catalog.ts'
export { facts as factsSchema, isUnknown, type Facts, type UnknownFact } from './facts.ts'
export { evaluate, evaluationOrder, rules, statuses, type CheckResult, type RuleSettings, type Status, type Text } from './rules/index.ts'
export { buildReport, exitCodeFor, reporters, reportSchema, type Lang, type Report, type ReportResult } from './report/index.ts'
