// Every state of the runtime and every legal move between states, in one file: the lifecycle's, a service's, a
// run's, and where a service ends after a take-down. Anything else is a bug in the runtime and throws, instead of
// silently drifting. The objects that own the states (Runtime for the lifecycle, ServiceMachine for a service and its
// runs) call the asserts below on every move.

/**
 * State of the whole lifecycle. `degraded`: started, but some service is not available (unready, restarting or
 * failed); it is `ready` again once every service is available.
 */
export type LifecycleState = 'idle' | 'starting' | 'ready' | 'degraded' | 'stopping' | 'stopped' | 'failed';

/**
 * Why a lifecycle ended the way it did, for `whenStopped()`: `stopped` cleanly, or one of the failures. `start-failed`
 * (a graph error or a failed start, after its rollback) and `gave-up` (supervision escalated) end the lifecycle
 * `failed`; `stop-failed` (some `onStop` failed) ends it `stopped`, and `stop()` rejects with the error.
 */
export type LifecycleEnd =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'start-failed'; readonly error: Error }
  | { readonly kind: 'gave-up'; readonly error: Error }
  | { readonly kind: 'stop-failed'; readonly error: Error };

/**
 * State of one service. `skipped`: never started because the start failed (or was stopped) first. `unready`: it
 * withdrew its readiness (`unready()` or failing health checks). `restarting`: its run failed (or a restart was
 * requested) and it, or a dependency it restarts with, is on the way back. A service whose `onStop` failed is still
 * `stopped`, with the error in its status. `idle`: outside what `start({ only })` started (a widening may start it;
 * a failed widening leaves what it started `idle` again). `deferred`: a deferred service waiting for `start()` to
 * resolve (or, in a widening, for the widening's other services to be ready); then it is `pending`.
 */
export type ServiceState = 'idle' | 'deferred' | 'pending' | 'starting' | 'ready' | 'unready' | 'failed' | 'restarting' | 'skipped' | 'stopping' | 'stopped';

const lifecycleMoves: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  // Failed from idle: the graph start() built is invalid.
  idle: ['starting', 'stopped', 'failed'],
  starting: ['ready', 'degraded', 'failed', 'stopping'],
  ready: ['degraded', 'stopping'],
  degraded: ['ready', 'stopping'],
  // An escalation (supervision gave up) stops everything and ends failed.
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

const serviceMoves: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  // A widening starts it (deferred: after the widening's other services are ready).
  idle: ['pending', 'deferred'],
  // Released once the start (or the widening) resolved; a stop first skips it, a failed widening leaves it idle.
  deferred: ['pending', 'skipped', 'idle'],
  // A failed widening leaves what it did not reach idle again.
  pending: ['starting', 'skipped', 'restarting', 'idle'],
  // A restart of a dependency can reach a service whose onReady runs: it is restarted with it.
  starting: ['ready', 'failed', 'restarting', 'stopping', 'stopped'],
  ready: ['unready', 'failed', 'restarting', 'stopping'],
  unready: ['ready', 'failed', 'restarting', 'stopping'],
  // A failed run still gets its onStop (stopping); a timed-out onReady that resolves late is stopped too.
  // A failed widening leaves its failed services idle again (a later widening may try them).
  failed: ['restarting', 'stopping', 'failed', 'idle'],
  // A failed widening leaves a service of it whose restart was under way idle (the restart no longer starts it).
  restarting: ['starting', 'stopping', 'failed', 'stopped', 'idle'],
  skipped: [],
  stopping: ['stopped', 'restarting', 'failed'],
  // With escalate: false the services that restarted with a given-up one end stopped; restart() brings them back.
  // A failed widening leaves what it rolled back idle again.
  stopped: ['restarting', 'idle'],
};

/**
 * Where one run of a service is (a run is one `onReady` … `onStop`):
 * - `starting`: its `onReady` runs (or the service is being resolved);
 * - `cancelled`: asked to end while its `onReady` runs (a stop, a rollback, a restart of a dependency): a success is
 *   stopped at once, without the service becoming available in between;
 * - `up`: its `onReady` succeeded; calls on its context (`unready`, `ready`, `fail`) take effect; owed its `onStop`;
 * - `failed`: it failed after it was up (`fail()`, health checks): no more calls through its context; still owed its
 *   `onStop`;
 * - `timed-out`: its `onReady` outlived `startTimeoutMs` and still runs: a late success owes an `onStop`;
 * - `failed-early`: `fail()` was called while its `onReady` ran: when the hook settles, nothing more is called;
 * - `ending`: its `onStop` is due or runs;
 * - `ended`: nothing more is owed.
 */
export type RunPhase = 'starting' | 'cancelled' | 'up' | 'failed' | 'timed-out' | 'failed-early' | 'ending' | 'ended';

const runMoves: Readonly<Record<RunPhase, readonly RunPhase[]>> = {
  starting: ['up', 'cancelled', 'failed-early', 'timed-out', 'ended'],
  cancelled: ['ending', 'timed-out', 'ended'],
  up: ['failed', 'ending'],
  failed: ['ending'],
  'timed-out': ['ending', 'ended'],
  'failed-early': ['ended'],
  ending: ['ended'],
  ended: [],
};

/**
 * Why a set of services is taken down: `stop` (`stop()`, an escalation), `rollback` (the start was abandoned),
 * `restart` (a restart set), `give-up` (supervision gave up with `escalate: false`: the restart set stays down),
 * `unwiden` (a widening failed: what it started goes back to `idle`).
 */
export type TakeDown = 'stop' | 'rollback' | 'restart' | 'give-up' | 'unwiden';

// Where a member of a take-down ends, by why it is taken down and the state it is in when the take-down reaches it.
// A failure stays visible (failed stays failed); what never started is skipped by a stop and left pending by a
// restart; the service supervision gave up on ends failed (see endStateAfterTakeDown).
const stopEnds: Readonly<Record<ServiceState, ServiceState>> = {
  idle: 'idle',
  deferred: 'skipped',
  pending: 'skipped',
  starting: 'stopped',
  ready: 'stopped',
  unready: 'stopped',
  failed: 'failed',
  restarting: 'stopped',
  skipped: 'skipped',
  stopping: 'stopped',
  stopped: 'stopped',
};
const takeDownEnds: Readonly<Record<TakeDown, Readonly<Record<ServiceState, ServiceState>>>> = {
  stop: stopEnds,
  rollback: stopEnds,
  'give-up': stopEnds,
  // Everything a failed widening reached is idle again: what never ran at once; its rolled-back runs end stopped
  // (failed stays failed) and go idle once the take-down is done (ServiceMachine.goIdle).
  unwiden: {
    idle: 'idle',
    deferred: 'idle',
    pending: 'idle',
    starting: 'stopped',
    ready: 'stopped',
    unready: 'stopped',
    failed: 'failed',
    restarting: 'stopped',
    skipped: 'skipped',
    stopping: 'stopped',
    stopped: 'stopped',
  },
  restart: {
    idle: 'idle',
    deferred: 'deferred',
    pending: 'pending',
    starting: 'restarting',
    ready: 'restarting',
    unready: 'restarting',
    failed: 'restarting',
    restarting: 'restarting',
    skipped: 'skipped',
    stopping: 'restarting',
    stopped: 'restarting',
  },
};

/** Where a service in `state` ends after a take-down for `why` (`givenUp`: the service supervision gave up on). */
export function endStateAfterTakeDown(why: TakeDown, state: ServiceState, givenUp: boolean): ServiceState {
  // What was never started (idle) stays so, whatever the take-down.
  return givenUp && state !== 'idle' && why !== 'restart' && why !== 'unwiden' ? 'failed' : takeDownEnds[why][state];
}

/** Throws if the lifecycle may not move from `from` to `to`. */
export function assertLifecycleMove(from: LifecycleState, to: LifecycleState): void {
  if (!lifecycleMoves[from].includes(to)) throw new Error(`readygraph internal error: lifecycle cannot go from ${from} to ${to}`);
}

/** Throws if a service may not move from `from` to `to`. */
export function assertServiceMove(name: string, from: ServiceState, to: ServiceState): void {
  if (!serviceMoves[from].includes(to)) throw new Error(`readygraph internal error: service "${name}" cannot go from ${from} to ${to}`);
}

/** Throws if a run of service `name` may not move from `from` to `to`. */
export function assertRunMove(name: string, from: RunPhase, to: RunPhase): void {
  if (!runMoves[from].includes(to)) throw new Error(`readygraph internal error: a run of "${name}" cannot go from ${from} to ${to}`);
}
