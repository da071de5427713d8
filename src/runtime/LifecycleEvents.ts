import type { StopReason } from './hooks.js';

/** Fields every service event carries. */
export interface ServiceEventBase {
  /** The service's name in the graph. */
  readonly name: string;
  /** Its layer's name, if it has one. */
  readonly layer?: string;
  /** When the event happened: milliseconds from the start of `start()`, like the times of `status()`. */
  readonly at: number;
}

/**
 * The events of a lifecycle, by name, with what their listeners receive. Service events come in pairs
 * (`starting` → `ready` | `failed`, `stopping` → `stopped`); `ready` and `stopped` are about the whole lifecycle
 * (their `name` is the lifecycle's `name` option).
 *
 * Every event is also published on `node:diagnostics_channel` as `readygraph:<event>` (for example
 * `readygraph:service:ready`), with the same fields plus `lifecycle`, the emitting {@link Lifecycle}.
 */
export interface LifecycleEvents {
  'service:starting': ServiceEventBase;
  /**
   * The service is ready: after its `onReady` (`durationMs`: how long it took), or again after an `unready` period
   * (`durationMs`: how long it was unready). `restart`: after a restart, its number (`status().services[].restarts`).
   * `late`: an `onReady` that resolved after its timeout; the service is stopped at once.
   */
  'service:ready': ServiceEventBase & { readonly durationMs: number; readonly late?: true; readonly restart?: number };
  /** A ready service withdrew its readiness (`unready()` or failing health checks), or changed its reason. */
  'service:unready': ServiceEventBase & { readonly reason: string };
  /**
   * The service is being restarted: `attempt` is the restart's number within the policy's window (0 for a restart
   * asked for with `lifecycle.restart()`), `delayMs` the backoff before its `onReady`, `cause` the failure.
   */
  'service:restarting': ServiceEventBase & { readonly attempt: number; readonly delayMs: number; readonly cause?: unknown };
  'service:failed': ServiceEventBase & {
    readonly error: unknown;
    /**
     * `'start'`: `onReady` (or resolving the service) failed; `'run'`: a ready run failed (`fail()`, or its health
     * checks reached `failAfter`); `'stop'`: `onStop` failed.
     */
    readonly phase: 'start' | 'run' | 'stop';
    readonly durationMs: number;
    /** True when the hook failed because the start had already been abandoned (not a root cause). */
    readonly aborted: boolean;
    /**
     * Present (true) when supervision restarts the service after this failure: `service:restarting` follows at once
     * (a failed `onReady` that `retryStart` retries, a failure under `restart: 'on-failure'` within `maxRestarts`).
     * Absent when the failure ends the start, gives up, or comes while a stop is under way.
     */
    readonly willRestart?: true;
  };
  /**
   * Supervision gave up on the service: its failures went past its policy (`restarts`: those counted in the window).
   * With `escalate` the whole lifecycle stops next; without, the service stays `failed` until `lifecycle.restart()`.
   */
  'service:gave-up': ServiceEventBase & { readonly restarts: number; readonly error: Error; readonly escalate: boolean };
  'service:stopping': ServiceEventBase & { readonly reason: StopReason };
  'service:stopped': ServiceEventBase & { readonly durationMs: number; readonly reason: StopReason; readonly error?: unknown };
  /** `start()` began (after this, the graph is validated). */
  starting: { readonly name: string };
  /** Every service is available: at the end of the start, and again after a `degraded` period. */
  ready: { readonly name: string; readonly durationMs: number };
  /**
   * Every deferred service of what was started became ready once (`durationMs`: from `start()`); with none, right
   * after `ready`. Once per lifecycle.
   */
  settled: { readonly name: string; readonly durationMs: number };
  /** Some service is not available (unready, restarting, failed) although the lifecycle was started. */
  degraded: { readonly name: string; readonly unavailable: readonly string[] };
  /**
   * The lifecycle failed: the start failed (graph error, or a hook failed and the rollback is done; `error` is what
   * `start()` rejects with), or supervision gave up and the escalation's stop is done (`error` is
   * `ERR_READYGRAPH_GAVE_UP`).
   */
  failed: { readonly name: string; readonly error: Error; readonly durationMs: number };
  /** The stop began (also for a stop that abandons a start). */
  stopping: { readonly name: string };
  stopped: { readonly name: string; readonly durationMs: number };
}

/** The name of a lifecycle event. */
export type LifecycleEventName = keyof LifecycleEvents;

/** A listener of event `E`. */
export type LifecycleListener<E extends LifecycleEventName> = (event: LifecycleEvents[E]) => void;

/** What a consumer of the events needs of a lifecycle (the logger, for one): to listen. */
export interface LifecycleEventSource {
  on<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): unknown;
}
