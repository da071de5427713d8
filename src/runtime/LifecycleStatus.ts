import type { LifecycleState, ServiceState } from './states.js';

/** One service in {@link LifecycleStatus}. Times are milliseconds from the start of `start()`. */
export interface ServiceStatus {
  readonly name: string;
  readonly layer?: string;
  readonly state: ServiceState;
  readonly dependsOn: string[];
  readonly startedAt?: number;
  readonly readyAt?: number;
  readonly stoppedAt?: number;
  /** The message of what went wrong: the start failure, else the stop failure. */
  readonly error?: string;
}

/** A JSON-serialisable snapshot of a lifecycle. */
export interface LifecycleStatus {
  readonly state: LifecycleState;
  readonly services: ServiceStatus[];
}
