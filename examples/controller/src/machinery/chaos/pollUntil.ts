import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Asks `check` (an endpoint's answer, say) every `intervalMs` until it says true; resolves true then, or false when
 * `timeoutMs` has passed without it. Rejects with the signal's reason if `signal` aborts. A check that throws counts
 * as false (an endpoint that does not answer yet).
 */
export async function pollUntil(check: () => Promise<boolean>, options: { readonly timeoutMs: number; readonly intervalMs?: number; readonly signal?: AbortSignal }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.signal?.throwIfAborted();
    if (await check().catch(() => false)) return true;
    if (Date.now() >= deadline) return false;
    await sleep(options.intervalMs ?? 50, undefined, options.signal === undefined ? {} : { signal: options.signal });
  }
}
