/** The grading API from the page: every call carries the token in the Authorization header. */
import type { ClassMatrix, ClassRecord, FullReportView, LearnerHistory } from './types.ts'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
  }
}

async function request(token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...init.headers },
    cache: 'no-store',
    credentials: 'omit',
  })
  if (!response.ok) {
    let code = 'http_error'
    let message = `HTTP ${response.status}`
    try {
      const body = (await response.json()) as { error?: string; message?: string }
      code = body.error ?? code
      message = body.message ?? message
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(response.status, code, message)
  }
  return response
}

async function json<T>(token: string, path: string, init?: RequestInit): Promise<T> {
  return (await (await request(token, path, init)).json()) as T
}

export type Role = { kind: 'instructor'; classes: ClassRecord[] } | { kind: 'learner'; me: LearnerHistory }

/** Which kind of token this is, and what its view starts with. A wrong token: ApiError 401. */
export async function whoAmI(token: string): Promise<Role> {
  const { role } = await json<{ role: 'instructor' | 'learner' }>(token, '/api/session')
  return role === 'instructor' ? { kind: 'instructor', classes: await fetchClasses(token) } : { kind: 'learner', me: await fetchMe(token) }
}

export const fetchClasses = (token: string) => json<{ classes: ClassRecord[] }>(token, '/api/classes').then((body) => body.classes)
export const fetchMatrix = (token: string, classId: number) => json<ClassMatrix>(token, `/api/classes/${classId}/matrix`)
export const fetchHistory = (token: string, student: number) => json<LearnerHistory>(token, `/api/students/${student}/reports`)
export const fetchReport = (token: string, reportId: number) => json<FullReportView>(token, `/api/reports/${reportId}`)
export const fetchMe = (token: string) => json<LearnerHistory>(token, '/api/me')

export async function fetchTicket(token: string): Promise<string> {
  return (await json<{ ticket: string }>(token, '/api/events/ticket', { method: 'POST' })).ticket
}

/**
 * Downloads an export. A plain link cannot carry the Authorization header, so the file comes
 * through fetch and is handed to the browser as a Blob; the file name is the server's.
 */
export async function downloadExport(token: string, classId: number, format: 'csv' | 'json'): Promise<string> {
  const response = await request(token, `/api/classes/${classId}/export.${format}`, { headers: { accept: '*/*' } })
  const fileName = exportFileName(response.headers.get('content-disposition')) ?? `class-${classId}.${format}`
  const url = URL.createObjectURL(await response.blob())
  try {
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.hidden = true
    document.body.append(link)
    link.click()
    link.remove()
  } finally {
    // Chromium reads the Blob when the click is handled; revoke after that turn.
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  return fileName
}

/** filename*=UTF-8''… (RFC 6266) first, else filename="…". */
export function exportFileName(disposition: string | null): string | undefined {
  if (!disposition) return undefined
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim())
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1]
}
