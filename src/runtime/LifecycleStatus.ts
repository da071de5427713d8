import type { LifecycleState, ServiceState } from './states.js';

/** One service in {@link LifecycleStatus}. Times are milliseconds from the start of `start()`. */
export interface ServiceStatus {
  readonly name: string;
  readonly layer?: string;
  readonly state: ServiceState;
  /** A deferred service (`@deferred()`): it starts after `start()` resolved and does not gate readiness. */
  readonly deferred?: true;
  readonly dependsOn: string[];
  /** Its own state is `ready` and every service it depends on is available. */
  readonly available: boolean;
  /** The services it depends on directly that are not available. */
  readonly blockedBy: string[];
  /** Its own restarts: after its failures and by `lifecycle.restart()`. */
  readonly restarts: number;
  /** While `unready`: why. */
  readonly reason?: string;
  /** While a hook of it is running: which one (a timed-out hook that never settles shows here). */
  readonly hook?: 'onReady' | 'onStop';
  /** The message of the last failure that caused a restart. */
  readonly lastCause?: string;
  /** For a service another Lifecycle runs (its owner): that Lifecycle's `name`. */
  readonly owner?: string;
  readonly startedAt?: number;
  readonly readyAt?: number;
  readonly stoppedAt?: number;
  /** The message of what went wrong: the last failure, else the stop failure. */
  readonly error?: string;
}

/** A JSON-serialisable snapshot of a lifecycle. */
export interface LifecycleStatus {
  readonly state: LifecycleState;
  readonly services: ServiceStatus[];
}
