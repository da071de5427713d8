import type { BackoffPolicy } from '../decorators/SupervisionPolicy.js';

/**
 * The delay before restart `attempt` (1-based, counted within the policy's window):
 * `min(maxMs, initialMs × factor^(attempt − 1))`, times a random factor in `[1 − jitter, 1 + jitter]` (`random`
 * returns a number in [0, 1), like `Math.random`).
 */
export function backoffDelay(backoff: BackoffPolicy, attempt: number, random: () => number): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** (attempt - 1));
  return base * (1 + backoff.jitter * (2 * random() - 1));
}
