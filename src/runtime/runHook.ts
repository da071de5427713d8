import type { TimeoutQueue } from './TimeoutQueue.js';

/** How a hook ended. */
export type HookOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown; readonly timedOut: boolean };

/** A running hook: `settled` ends at the hook's end or its timeout, whichever is first; `underlying` at the hook's end. */
export interface RunningHook {
  readonly settled: Promise<HookOutcome>;
  readonly underlying: Promise<HookOutcome>;
}

const succeeded: HookOutcome = Object.freeze({ ok: true });
const success = (): HookOutcome => succeeded;
const failure = (error: unknown): HookOutcome => ({ ok: false, error, timedOut: false });

/**
 * Runs `body` under a timeout (none without `timeouts`). When the timeout expires first, `abort` is called with the timeout error and `settled`
 * reports the timeout; `underlying` still tells how the hook itself ends, so that a late success can be undone (its
 * service stopped) instead of leaking. A body that throws synchronously fails like one that rejects.
 */
export function runHook(
  timeouts: TimeoutQueue | undefined,
  abort: (reason: unknown) => void,
  body: () => unknown,
  timeoutError: () => Error,
): RunningHook {
  let underlying: Promise<HookOutcome>;
  try {
    underlying = Promise.resolve(body()).then(success, failure);
  } catch (error) {
    underlying = Promise.resolve(failure(error));
  }
  if (timeouts === undefined) return { settled: underlying, underlying };
  const settled = new Promise<HookOutcome>((resolve) => {
    const timeout = timeouts.add(() => {
      const error = timeoutError();
      abort(error);
      resolve({ ok: false, error, timedOut: true });
    });
    void underlying.then((outcome) => {
      timeouts.cancel(timeout);
      resolve(outcome);
    });
  });
  return { settled, underlying };
}
