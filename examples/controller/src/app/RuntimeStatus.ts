/**
 * The part of readygraph's `LifecycleStatus` that the health endpoints and the runner read. The seed-style runtime
 * (`--unordered`) produces the same shape, so both are served the same way.
 */
export interface RuntimeStatus {
  readonly state: string;
  readonly services: ReadonlyArray<{ readonly name: string; readonly layer?: string; readonly state: string; readonly readyAt?: number }>;
}

/** A node's runtime, ordered (readygraph's Lifecycle) or the seed's (`--unordered`). */
export interface ControllerRuntime {
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): RuntimeStatus;
}

/** What the web layer needs of the runtime: its status. */
export interface StatusSource {
  status(): RuntimeStatus;
}
