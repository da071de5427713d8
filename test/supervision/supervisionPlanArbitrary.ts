import fc from 'fast-check';
import type { SupervisionPolicy } from 'readygraph';
import { plannedDependencies } from '../support/plannedDependencies.js';
import { HORIZON, type ActionKind, type CheckKind, type ReadyKind, type ServicePlan, type SupervisionPlan } from './SupervisionPlan.js';

// The generators of the supervision property's random runs. The order and shape of every draw is what makes a seed
// replay the same runs: change one, and the fixed seed of property.test.ts explores other runs.

const policyArbitrary: fc.Arbitrary<SupervisionPolicy> = fc.record(
  {
    restart: fc.constantFrom<'never' | 'on-failure'>('never', 'on-failure', 'on-failure'),
    backoff: fc
      .record({ initialMs: fc.integer({ min: 0, max: 60 }), extra: fc.integer({ min: 0, max: 120 }), factor: fc.constantFrom(1, 1.5, 2, 3) })
      .map(({ initialMs, extra, factor }) => ({ initialMs, maxMs: initialMs + extra, factor, jitter: 0 })),
    maxRestarts: fc.integer({ min: 0, max: 4 }),
    withinMs: fc.constantFrom(100, 500, 60_000),
    escalate: fc.boolean(),
    retryStart: fc.constantFrom(true, true, false),
    restartWithDependencies: fc.boolean(),
    health: fc.record(
      {
        intervalMs: fc.integer({ min: 10, max: 60 }),
        timeoutMs: fc.integer({ min: 5, max: 40 }),
        unreadyAfter: fc.integer({ min: 1, max: 3 }),
        failAfter: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(Number.POSITIVE_INFINITY)),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

const servicePlan = (index: number): fc.Arbitrary<ServicePlan> =>
  fc.record({
    dependencies: plannedDependencies(index),
    policy: policyArbitrary,
    ready: fc.array(
      fc.record({
        // Mostly successes, so that most starts complete and the faults after the start get their turn.
        kind: fc.constantFrom<ReadyKind>('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'throw', 'hang', 'late', 'fail-early', 'cooperative'),
        // 'late' adds START_TIMEOUT; 'cooperative' past START_TIMEOUT is aborted at its timeout.
        delay: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 120 })),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    stop: fc.array(
      fc.record({ delay: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 120 })), fails: fc.boolean() }),
      { minLength: 1, maxLength: 3 },
    ),
    checks: fc.option(fc.array(fc.constantFrom<CheckKind>('pass', 'pass', 'false', 'throw', 'slow'), { minLength: 1, maxLength: 6 }), { nil: undefined }),
  });

export const supervisionPlanArbitrary: fc.Arbitrary<SupervisionPlan> = fc.integer({ min: 1, max: 7 }).chain((count) =>
  fc.record({
    services: fc.tuple(...Array.from({ length: count }, (_, index) => servicePlan(index))),
    actions: fc.array(
      fc.record({
        at: fc.integer({ min: 0, max: HORIZON }),
        service: fc.nat(count - 1),
        kind: fc.constantFrom<ActionKind>('unready', 'ready', 'fail', 'restart', 'restart', 'stale'),
      }),
      { maxLength: 16 },
    ),
    stopAt: fc.option(
      fc.oneof(
        fc.record({ at: fc.integer({ min: 0, max: HORIZON }) }),
        // Soon after an action, so that stop() meets the restarts and stops that action began.
        fc.record({ afterAction: fc.nat(15), by: fc.integer({ min: 0, max: 40 }) }),
      ),
      { nil: undefined },
    ),
    concurrency: fc.constantFrom(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1, 2),
    // Half the runs without deferred services, the others with a random suffix of deferred ones.
    deferredFrom: fc.oneof(fc.constant(count), fc.integer({ min: 0, max: count })),
    only: fc.option(onlyArbitrary(count), { nil: undefined }),
    widenings: fc.array(fc.record({ at: fc.integer({ min: 0, max: HORIZON }), only: fc.option(onlyArbitrary(count), { nil: undefined }) }), { maxLength: 3 }),
  }),
);

/** The targets of a `start({ only })`: one to three distinct services. */
function onlyArbitrary(count: number): fc.Arbitrary<number[]> {
  return fc.uniqueArray(fc.nat(count - 1), { minLength: 1, maxLength: Math.min(3, count) });
}
