/** The message of a caught value, for the command line's one-line errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
