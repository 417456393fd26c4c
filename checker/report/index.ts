export { buildReport, exitCodeFor, toolName, type ReportInput } from './build.ts'
export { reporters, type Reporter, type ReporterName, type ReporterOptions } from './reporters/index.ts'
export { checkGroups, reportResult, reportSchema, reportSchemaVersion, type Lang, type Report, type ReportResult } from './schema.ts'
