import type { SupervisionPolicy } from 'readygraph';
import type { PlannedDependency } from '../support/plannedDependencies.js';

// One random run of the supervision property (property.test.ts): a graph of services, how each one's hooks and
// health checks behave, the faults and restarts to inject, and when stop() is called. Made by
// supervisionPlanArbitrary, played and checked by runSupervisionPlan.

export type ReadyKind = 'ok' | 'throw' | 'hang' | 'late' | 'fail-early' | 'cooperative';
export type CheckKind = 'pass' | 'false' | 'throw' | 'slow';
export type ActionKind = 'unready' | 'ready' | 'fail' | 'restart' | 'stale';

export interface ServicePlan {
  /** Dependencies on earlier services: index and how the edge is made. */
  readonly dependencies: readonly PlannedDependency[];
  readonly policy: SupervisionPolicy;
  /** How the onReady of run n behaves: `ready[n % length]`. */
  readonly ready: ReadonlyArray<{ readonly kind: ReadyKind; readonly delay: number }>;
  /** How the onStop of run n behaves: `stop[n % length]`. */
  readonly stop: ReadonlyArray<{ readonly delay: number; readonly fails: boolean }>;
  /** How health check n behaves, if the service has a health check. */
  readonly checks: readonly CheckKind[] | undefined;
}

export interface SupervisionPlan {
  readonly services: readonly ServicePlan[];
  readonly actions: ReadonlyArray<{ readonly at: number; readonly service: number; readonly kind: ActionKind }>;
  /** When stop() is called: at a simulated time, or soon after an action (a fault, a restart), else at the horizon. */
  readonly stopAt: { readonly at: number } | { readonly afterAction: number; readonly by: number } | undefined;
  readonly concurrency: number;
  /** Services from this index on are `@deferred()` (a suffix: a service depends only on earlier ones, so no service that is not deferred depends on a deferred one). */
  readonly deferredFrom: number;
  /** `start({ only })` with these services (by index), or a full `start()`. */
  readonly only: readonly number[] | undefined;
  /** Later starts (widenings) at simulated times: `start({ only })`, or `start()` for everything. */
  readonly widenings: ReadonlyArray<{ readonly at: number; readonly only: readonly number[] | undefined }>;
}

/** The lifecycle's start timeout in every run: a `late` onReady resolves after it, a `cooperative` one is aborted at it. */
export const START_TIMEOUT = 80;
/** The lifecycle's stop timeout in every run. */
export const STOP_TIMEOUT = 80;
/** Actions and stop() happen within this much simulated time. */
export const HORIZON = 600;
