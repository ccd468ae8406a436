/**
 * A reason the app cannot start, as one Chinese line that says what is wrong and what to do. The
 * runners print only this line for it (no stack trace): it is the operator's next step, not a bug.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

/** Prints why a runner stopped and exits: a StartupError as its one line, anything else with its stack. */
export function exitWithFailure(prefix: string, err: unknown): never {
  if (err instanceof StartupError) console.error(`${prefix}: ${err.message}`)
  else console.error(`${prefix}:`, err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
}
