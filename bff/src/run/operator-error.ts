import { ConfigError } from '../config'

/**
 * Why a runner (`npm start`, `db:*`) cannot go on, as one Chinese line that says what is wrong and
 * what to do. The runners print only this line for it (no stack trace): it is the operator's next
 * step, not a bug.
 */
export class OperatorError extends Error {
  override readonly name = 'OperatorError'
}

/** Prints why a runner stopped and exits: an OperatorError as its one line, anything else with its stack. */
export function exitWithFailure(prefix: string, err: unknown): never {
  if (err instanceof OperatorError || err instanceof ConfigError) console.error(`${prefix}: ${err.message}`)
  else console.error(`${prefix}:`, err instanceof Error ? (err.stack ?? err.message) : err)
  process.exit(1)
}
