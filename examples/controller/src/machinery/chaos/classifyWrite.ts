/**
 * What a write's answer says about it: `acknowledged` (2xx: committed by a majority), `ambiguous` (it may have been
 * committed: the answer says so, or it was lost after the request went out) or `failed` (not committed: refused, or
 * never sent).
 */
export type WriteOutcome = 'acknowledged' | 'ambiguous' | 'failed';

/**
 * Classifies a write by its answer, or by the error that replaced the answer:
 * - 2xx: acknowledged;
 * - a 503 whose error says the write "may still commit" or "may have been committed" (a proposal that timed out, a
 *   forwarded write whose answer was lost): ambiguous; any other 503 (no leader known, the write was not sent, lost to
 *   a leader change) and any 4xx: failed;
 * - another 5xx: ambiguous (nothing says it was not committed);
 * - no answer: failed if the connection was refused (nothing was sent), else ambiguous (a reset, a timeout: the
 *   request may have reached the controller).
 */
export function classifyWrite(answer: { readonly status: number; readonly body: unknown } | { readonly error: unknown }): WriteOutcome {
  if ('error' in answer) return refused(answer.error) ? 'failed' : 'ambiguous';
  const { status, body } = answer;
  if (status >= 200 && status < 300) return 'acknowledged';
  if (status === 503) return /\bmay (still commit|have been committed)\b/.test(errorText(body)) ? 'ambiguous' : 'failed';
  return status >= 500 ? 'ambiguous' : 'failed';
}

function errorText(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const error = (body as { error?: unknown }).error;
  return typeof error === 'string' ? error : '';
}

/** fetch's "fetch failed" with a refused connection as its cause. */
function refused(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return cause?.code === 'ECONNREFUSED';
}
