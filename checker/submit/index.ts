export { reportsEndpoint, siteBase, tokenProblem, type UrlCheck } from './endpoint.ts'
export { submitExit, submitReport, type SubmitRequest, type SubmitResult } from './submit.ts'
export type { PostOutcome, QueuedReport, SavedLogin, SubmitIo, SubmitState } from './types.ts'
