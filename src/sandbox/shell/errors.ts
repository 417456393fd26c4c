/** An expansion error worded as bash words it (without `bash: `); the command is not run. */
export class ExpansionError extends Error {
  /** `${x:?}` and set -u: bash abandons the whole line (a script would exit) */
  fatal = false
}

/** Thrown after a fatal expansion error was reported: the rest of the line (or subshell) is skipped. */
export class LineAbort {
  constructor(readonly status: number) {}
}

/** The per-line budget ran out (a fork bomb of `source`, a runaway loop). */
export class LimitError extends Error {}
