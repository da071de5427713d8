import type { LifecycleState, ServiceState } from './states.js';

/** One service in a {@link StartupReport}. Times are milliseconds from the start of `start()`. */
export interface ReportedService {
  readonly name: string;
  readonly layer?: string;
  readonly state: ServiceState;
  /** A deferred service (`@deferred()`): it did not gate readiness. */
  readonly deferred?: true;
  readonly dependsOn: readonly string[];
  readonly startedAt?: number;
  /** When it became ready, or when its `onReady` failed. */
  readonly endedAt?: number;
  readonly durationMs?: number;
  readonly error?: string;
  /** Whether it was available when the report was made (absent in reports written before supervision). */
  readonly available?: boolean;
  /** The services it depends on directly that were not available. */
  readonly blockedBy?: readonly string[];
  /** Its own restarts, and the last failure that caused one. */
  readonly restarts?: number;
  readonly lastCause?: string;
  /** While `unready`: why. */
  readonly reason?: string;
  /** True for the services on the critical path. */
  readonly critical: boolean;
}

/**
 * What a start cost and why: every service's start and end, the critical path (the chain that decided the total
 * time) and the slowest hooks. JSON-serialisable; renderers turn it into text or an SVG waterfall.
 */
export interface StartupReport {
  readonly state: LifecycleState;
  /** When `start()` resolved (the non-deferred services were ready once), from `start()`. */
  readonly readyAtMs?: number;
  /** When every deferred service became ready once (the `settled` event), from `start()`. */
  readonly settledAtMs?: number;
  /** From `start()` to the last service's end (ready or failed); 0 before a start. */
  readonly totalMs: number;
  readonly services: readonly ReportedService[];
  /** Names along the critical path, first to last. */
  readonly criticalPath: readonly string[];
  /** The hooks that took longest, slowest first (at most ten). */
  readonly slowest: ReadonlyArray<{ readonly name: string; readonly durationMs: number }>;
}
