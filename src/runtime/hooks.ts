/**
 * What `onReady` receives. It stays valid for the whole run of the service, not only while `onReady` runs. Its
 * function members need no `this`: `async onReady({ signal, unready, ready, fail })` works, also when they are called
 * later from an event handler or a timer.
 */
export interface ReadyContext {
  /** The service's name in the graph. */
  readonly name: string;
  /**
   * While `onReady` runs: aborts when its `startTimeoutMs` expires or when the start is abandoned (another service
   * failed, or `stop()` was called). After `onReady` resolved: aborts when this run of the service ends — the run
   * failed, or its `onStop` is about to be called, whatever the reason. A background loop started in `onReady` stops
   * on it.
   */
  readonly signal: AbortSignal;
  /**
   * Withdraws the service's readiness (state `unready`, dependents and probes see it unavailable) until `ready()`.
   * Ignored unless the service is `ready` or `unready` (then it updates the reason), and on the context of an
   * earlier run.
   */
  unready(this: void, reason: string): void;
  /** An `unready` service is ready again. Ignored in any other state and on the context of an earlier run. */
  ready(this: void): void;
  /**
   * This run of the service failed: its supervision policy decides what follows (restart with backoff, or giving up).
   * Called before `onReady` settled, it is that hook's failure (and no `onStop` is called for the run). Ignored on
   * the context of an earlier run.
   */
  fail(this: void, error: unknown): void;
}

/** Why a run of a service is being stopped. */
export type StopReason = 'stop' | 'restart' | 'rollback';

/** What `onStop` receives. */
export interface StopContext {
  /** The service's name in the graph. */
  readonly name: string;
  /** Aborts when the hook's `stopTimeoutMs` expires. */
  readonly signal: AbortSignal;
  /**
   * `'rollback'`: the start did not complete (a failure, or `stop()` during `start()`); `'restart'`: the service (or
   * one it restarts with) is being restarted; `'stop'`: anything else.
   */
  readonly reason: StopReason;
}

/** What `checkHealth` receives. */
export interface HealthContext {
  /** The service's name in the graph. */
  readonly name: string;
  /** Aborts when the check outlives `health.timeoutMs`, or when the run ends. */
  readonly signal: AbortSignal;
}

/**
 * A service that does work before it counts as ready. `onReady` is called once all the service's dependencies are
 * available; when it returns (or its promise resolves) the service is ready. If it throws, rejects or times out,
 * the run failed: during `start()` the start fails and is rolled back (unless the policy has `retryStart`); a
 * service whose `onReady` failed cleans up in `onReady` itself (its `onStop` is not called).
 */
export interface OnReady {
  onReady(context: ReadyContext): void | Promise<void>;
}

/**
 * A service with work to do on shutdown (and before a restart). `onStop` is called once for every run whose
 * `onReady` succeeded, after every service that depends on it and is stopped too has stopped. A failure is collected
 * and does not prevent the other stops.
 */
export interface OnStop {
  onStop(context: StopContext): void | Promise<void>;
}

/**
 * A service whose health the lifecycle checks while it runs: every `health.intervalMs` while `ready` or `unready`.
 * Throwing, rejecting, returning `false` or outliving `health.timeoutMs` is a failed check; `health.unreadyAfter`
 * failures in a row make the service `unready`, one passing check ready again, `health.failAfter` in a row fail it.
 */
export interface CheckHealth {
  checkHealth(context: HealthContext): void | boolean | Promise<void | boolean>;
}

/** What a `lifecycle.beforeStop()` hook receives. */
export interface BeforeStopContext {
  /** Aborts when the hook's `stopTimeoutMs` expires. */
  readonly signal: AbortSignal;
  /** True if the lifecycle was ready when the stop began (false for a stop that abandons a start). */
  readonly wasReady: boolean;
}
