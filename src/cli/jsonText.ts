/**
 * A value as the command line prints JSON: indented by two, and `Infinity` (`health.failAfter`'s default, which JSON
 * has no number for) written as `null`, so that a consumer reads a number or nothing.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) => (entry === Number.POSITIVE_INFINITY ? null : entry), 2);
}
