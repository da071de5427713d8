import { afterTheCall } from './afterTheCall.js';
import type { TimeoutQueue } from './TimeoutQueue.js';

/** How a hook ended: `undefined` for success, else what it threw (or its timeout error). */
export type HookError = unknown;

/** What {@link runHook} reports. */
export interface HookCallbacks {
  /**
   * How the hook ended, at its end or at its timeout, whichever comes first (`timedOut` true for the latter): `error`
   * undefined means it succeeded. Called once.
   */
  readonly ended: (error: HookError, timedOut: boolean) => void;
  /** The hook itself settled (after a timeout: later). Called once, after `ended`. */
  readonly settled?: (error: HookError) => void;
}

/**
 * The one hook runner: calls `body` (a hook of a service, a health check, a `beforeStop` hook) under a timeout from
 * `timeouts` (none without), and reports how it ended and when it settled. When the timeout expires first,
 * `onTimeout` is called and returns the timeout error (after aborting the hook's signal). A body that throws
 * synchronously fails like one that rejects; a synchronous result is reported a microtask later, like a promise's,
 * so that the caller never sees its callbacks run inside its own call. A rejection without a reason is turned into
 * an error that says so (`silentRejection`).
 */
export function runHook(
  body: () => unknown,
  timeouts: TimeoutQueue | undefined,
  onTimeout: () => Error,
  silentRejection: () => Error,
  callbacks: HookCallbacks,
): void {
  let ended = false;
  // The timeout's callback never runs after finish() cancelled it (TimeoutQueue.cancel): no ended check there.
  const handle = timeouts?.add(() => {
    ended = true;
    callbacks.ended(onTimeout(), true);
  });
  const finish = (error: HookError): void => {
    if (!ended) {
      ended = true;
      if (handle !== undefined) timeouts?.cancel(handle);
      callbacks.ended(error, false);
    }
    callbacks.settled?.(error);
  };
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    void afterTheCall(() => finish(error ?? silentRejection()));
    return;
  }
  void Promise.resolve(result).then(
    () => finish(undefined),
    (error: unknown) => finish(error ?? silentRejection()),
  );
}

/** {@link runHook} as a promise of how it ended (for hooks whose late settling matters to nobody). */
export function runHookToEnd(body: () => unknown, timeouts: TimeoutQueue | undefined, onTimeout: () => Error, silentRejection: () => Error): Promise<HookError> {
  return new Promise<HookError>((resolve) => runHook(body, timeouts, onTimeout, silentRejection, { ended: (error) => resolve(error) }));
}
