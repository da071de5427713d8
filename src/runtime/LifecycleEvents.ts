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
  'service:ready': ServiceEventBase & { readonly durationMs: number; readonly late?: true };
  'service:failed': ServiceEventBase & {
    readonly error: unknown;
    /** `'start'`: `onReady` (or resolving the service) failed; `'stop'`: `onStop` failed. */
    readonly phase: 'start' | 'stop';
    readonly durationMs: number;
    /** True when the hook failed because the start had already been abandoned (not a root cause). */
    readonly aborted: boolean;
  };
  'service:stopping': ServiceEventBase;
  'service:stopped': ServiceEventBase & { readonly durationMs: number; readonly error?: unknown };
  /** `start()` began (after this, the graph is validated). */
  starting: { readonly name: string };
  ready: { readonly name: string; readonly durationMs: number };
  /** The start failed (graph error, or a hook failed and the rollback is done); `error` is what `start()` rejects with. */
  failed: { readonly name: string; readonly error: Error; readonly durationMs: number };
  /** The stop began (also for a stop that abandons a start). */
  stopping: { readonly name: string };
  stopped: { readonly name: string; readonly durationMs: number };
}

/** The name of a lifecycle event. */
export type LifecycleEventName = keyof LifecycleEvents;

/** A listener of event `E`. */
export type LifecycleListener<E extends LifecycleEventName> = (event: LifecycleEvents[E]) => void;
