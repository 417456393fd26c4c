export { defaultDataDir, openSqliteStore, openStoreIn, storeFileName, storePath, type SqliteStoreOptions } from './sqlite.ts'
export type {
  ClassRecord,
  FullReportRecord,
  GradingStore,
  LatestRecord,
  ReportInput,
  ReportRecord,
  ReportSource,
  ReportSummary,
  StoreOptions,
  StudentInput,
  StudentRecord,
} from './types.ts'
