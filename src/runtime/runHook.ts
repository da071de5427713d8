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
 * `onTimeout` is called and returns the timeout error (after aborting the hook's signal). The timeout counts from
 * `now` (the clock's time: read here unless the caller has just read it). A body that throws
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
  now?: number,
): void {
  const running = new RunningHook(onTimeout, callbacks);
  if (timeouts !== undefined) running.timeOut(timeouts, now);
  let result: unknown;
  try {
    result = body();
  } catch (error) {
    void afterTheCall(() => running.finish(error ?? silentRejection()));
    return;
  }
  void Promise.resolve(result).then(
    () => running.finish(undefined),
    (error: unknown) => running.finish(error ?? silentRejection()),
  );
}

/**
 * One hook that {@link runHook} runs: whether it has ended (at its end or its timeout) and its timeout's handle. One
 * object per hook, its timeout an entry of the shared queue with one callback for all ({@link expire}): a start of
 * 10,000 services runs 10,000 hooks, and a closure per timeout and per end would be garbage of its own.
 */
class RunningHook {
  readonly #onTimeout: () => Error;
  readonly #callbacks: HookCallbacks;
  #ended = false;
  #timeouts: TimeoutQueue | undefined;
  #handle = 0;

  public constructor(onTimeout: () => Error, callbacks: HookCallbacks) {
    this.#onTimeout = onTimeout;
    this.#callbacks = callbacks;
  }

  public timeOut(timeouts: TimeoutQueue, now: number | undefined): void {
    this.#timeouts = timeouts;
    this.#handle = timeouts.add(expire, this, now);
  }

  /** Its timeout expired: it ends now, with the timeout error (a hook that ended first has cancelled its timeout). */
  public expire(): void {
    this.#ended = true;
    this.#callbacks.ended(this.#onTimeout(), true);
  }

  /** The hook settled (`error` undefined: it succeeded); it ends now unless its timeout ended it. */
  public finish(error: HookError): void {
    if (!this.#ended) {
      this.#ended = true;
      this.#timeouts?.cancel(this.#handle);
      this.#callbacks.ended(error, false);
    }
    this.#callbacks.settled?.(error);
  }
}

function expire(running: RunningHook): void {
  running.expire();
}

/** {@link runHook} as a promise of how it ended (for hooks whose late settling matters to nobody). */
export function runHookToEnd(body: () => unknown, timeouts: TimeoutQueue | undefined, onTimeout: () => Error, silentRejection: () => Error): Promise<HookError> {
  return new Promise<HookError>((resolve) => runHook(body, timeouts, onTimeout, silentRejection, { ended: (error) => resolve(error) }));
}
