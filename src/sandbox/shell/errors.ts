/** An expansion error worded as bash words it (without `bash: `); the command is not run. */
export class ExpansionError extends Error {}

/** The per-line budget ran out (a fork bomb of `source`, a runaway loop). */
export class LimitError extends Error {}
