/**
 * Time credits as a person reads them: `2`, `1.5`, `+2`, `-0.5`, never `2.0` beside a cap of `1500`.
 * The BFF sends one decimal (shared `creditsOf`); a whole number drops it.
 */
export function creditsWords(credits: string): string {
  return credits.replace(/\.0$/, '')
}
