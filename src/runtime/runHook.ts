import type { TimeoutQueue } from './TimeoutQueue.js';

/** How a hook ended. */
export type HookOutcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

/** The outcome of a hook that succeeded: one shared object. */
export const succeeded: HookOutcome = Object.freeze({ ok: true });
const success = (): HookOutcome => succeeded;
const failure = (error: unknown): HookOutcome => ({ ok: false, error });

/**
 * Runs `body` under a timeout (none without `timeouts`) and resolves with how it ended, at the hook's end or at its
 * timeout, whichever is first. When the timeout expires first, `abort` is called with the timeout error and the
 * outcome is that error. A body that throws synchronously fails like one that rejects. (Starts do not come through
 * here: `Lifecycle` runs them itself, because a start that succeeds after its timeout must stop its service.)
 */
export function runHook(
  timeouts: TimeoutQueue | undefined,
  abort: (reason: unknown) => void,
  body: () => unknown,
  timeoutError: () => Error,
): Promise<HookOutcome> {
  let underlying: Promise<HookOutcome>;
  try {
    underlying = Promise.resolve(body()).then(success, failure);
  } catch (error) {
    underlying = Promise.resolve(failure(error));
  }
  if (timeouts === undefined) return underlying;
  return new Promise<HookOutcome>((resolve) => {
    const timeout = timeouts.add(() => {
      const error = timeoutError();
      abort(error);
      resolve({ ok: false, error });
    });
    void underlying.then((outcome) => {
      timeouts.cancel(timeout);
      resolve(outcome);
    });
  });
}
