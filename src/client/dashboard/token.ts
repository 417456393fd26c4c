/**
 * The token the dashboard was given, for this tab only: sessionStorage, never localStorage (it
 * would outlive the lesson on a shared classroom PC) and never the URL (history, logs, Referer).
 */
const storageKey = 'secure-web-server-course:grading-token'

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(storageKey)
  } catch {
    return null
  }
}

export function saveToken(token: string): void {
  try {
    sessionStorage.setItem(storageKey, token)
  } catch {
    // Blocked storage: the token lives in the page until it is closed.
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(storageKey)
  } catch {
    // nothing stored
  }
}

/** The shape of a token the server makes (43 base64url characters), after trimming what was pasted. */
export function cleanToken(input: string): string | undefined {
  const token = input.trim()
  return /^[A-Za-z0-9_-]{43}$/.test(token) ? token : undefined
}
