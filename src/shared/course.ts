/**
 * Course settings: the numbers every part of the project agrees on.
 * The lessons, the checker, the practice machine and the grading server all read them from here.
 */
export const course = {
  /** The port SSH moves to in the lesson. */
  sshPort: 54723,
  /** The web server's port, opened in the firewall. */
  httpPort: 80,
  /** The port SSH listens on before the lesson. */
  defaultSshPort: 22,
  /** apt lists older than this many days count as stale. */
  listsMaxAgeDays: 7,
} as const satisfies Record<string, number>

export type CourseSettings = { sshPort: number; httpPort: number }
