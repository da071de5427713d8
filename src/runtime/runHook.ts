import type { Clock } from './Clock.js';

/** How a hook ended. */
export type HookOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown; readonly timedOut: boolean };

/** A running hook: `settled` ends at the hook's end or its timeout, whichever is first; `underlying` at the hook's end. */
export interface RunningHook {
  readonly settled: Promise<HookOutcome>;
  readonly underlying: Promise<HookOutcome>;
}

/**
 * Runs `body` under a timeout. When the timer fires first, the controller aborts with the timeout error and
 * `settled` reports the timeout; `underlying` still tells how the hook itself ends, so that a late success can be
 * undone (its service stopped) instead of leaking.
 */
export function runHook(clock: Clock, timeoutMs: number, controller: AbortController, body: () => Promise<void> | void, timeoutError: () => Error): RunningHook {
  const underlying = (async (): Promise<HookOutcome> => {
    try {
      await body();
      return { ok: true };
    } catch (error) {
      return { ok: false, error, timedOut: false };
    }
  })();
  if (timeoutMs === Number.POSITIVE_INFINITY) return { settled: underlying, underlying };
  const settled = new Promise<HookOutcome>((resolve) => {
    const timer = clock.setTimeout(() => {
      const error = timeoutError();
      controller.abort(error);
      resolve({ ok: false, error, timedOut: true });
    }, timeoutMs);
    void underlying.then((outcome) => {
      clock.clearTimeout(timer);
      resolve(outcome);
    });
  });
  return { settled, underlying };
}
