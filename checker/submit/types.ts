/**
 * What submitting needs from the outside world: one HTTP POST and a small store in the invoking
 * user's home. The Node implementation is checker/node-submit.ts (the only checker file that
 * writes or talks to the network); the practice machine in the browser has none.
 */
import type { Text } from '../rules/types.ts'

export type PostOutcome =
  /** The server answered (any status; redirects are answers too and never followed). */
  | { kind: 'answer'; status: number; body: string }
  /** No answer: connection refused or reset, a name that does not resolve, TLS failure, timeout. */
  | { kind: 'unreachable'; reason: string }

export interface SavedLogin {
  /** the reports endpoint, e.g. https://course.example/api/reports */
  url: string
  token: string
}

export interface QueuedReport {
  /** file name in the queue folder; names sort in the order the reports were kept */
  name: string
  url: string
  token: string
  /** the report as JSON, exactly as it was to be posted */
  body: string
}

/** The invoking user's own store (~/.config/secure-course-check/). Synchronous on purpose: see node-submit.ts. */
export interface SubmitState {
  /** the folder, for messages */
  location: string
  loadLogin(): SavedLogin | undefined
  /** returns the file's path */
  saveLogin(login: SavedLogin): string
  /** deletes login.json; `removed` is false when there was none (the queue is left alone) */
  removeLogin(): { path: string; removed: boolean }
  queued(): QueuedReport[]
  /** returns the file's path */
  enqueue(entry: Omit<QueuedReport, 'name'>): string
  dequeue(name: string): void
  /** moves a report the server refused out of the queue, kept for the learner; returns its new path */
  setAside(name: string): string
}

export interface SubmitIo {
  post(url: string, token: string, body: string): Promise<PostOutcome>
  /** The store, or why there is none (root without sudo: no learner's home to write to). */
  state(): SubmitState | { unavailable: Text }
}
