/** `%` and `_` in what a person typed are literal characters, not wildcards of an `ilike` pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}
