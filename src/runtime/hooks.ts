/** What `onReady` receives. */
export interface ReadyContext {
  /** The service's name in the graph. */
  readonly name: string;
  /**
   * Aborts when the hook's `startTimeoutMs` expires or when the start is abandoned (another service failed, or
   * `stop()` was called) while the hook runs. A hook that sees it abort should release what it acquired and return.
   */
  readonly signal: AbortSignal;
}

/** What `onStop` receives. */
export interface StopContext {
  /** The service's name in the graph. */
  readonly name: string;
  /** Aborts when the hook's `stopTimeoutMs` expires. */
  readonly signal: AbortSignal;
}

/**
 * A service that does work before it counts as ready. `onReady` is called once all the service's dependencies are
 * ready; when it returns (or its promise resolves) the service is ready. If it throws, rejects or times out, the
 * start fails and is rolled back; a service whose `onReady` failed cleans up in `onReady` itself (its `onStop` is not
 * called).
 */
export interface OnReady {
  onReady(context: ReadyContext): void | Promise<void>;
}

/**
 * A service with work to do on shutdown. `onStop` is called only for a service that became ready, after every
 * service that depends on it has stopped. A failure is collected and does not prevent the other stops.
 */
export interface OnStop {
  onStop(context: StopContext): void | Promise<void>;
}

/** What a `lifecycle.beforeStop()` hook receives. */
export interface BeforeStopContext {
  /** Aborts when the hook's `stopTimeoutMs` expires. */
  readonly signal: AbortSignal;
  /** True if the lifecycle was ready when the stop began (false for a stop that abandons a start). */
  readonly wasReady: boolean;
}
