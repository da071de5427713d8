/**
 * State of the whole lifecycle. `degraded`: started, but some service is not available (unready, restarting or
 * failed); it is `ready` again once every service is available.
 */
export type LifecycleState = 'idle' | 'starting' | 'ready' | 'degraded' | 'stopping' | 'stopped' | 'failed';

/**
 * State of one service. `skipped`: never started because the start failed (or was stopped) first. `unready`: it
 * withdrew its readiness (`unready()` or failing health checks). `restarting`: its run failed (or a restart was
 * requested) and it, or a dependency it restarts with, is on the way back. A service whose `onStop` failed is still
 * `stopped`, with the error in its status.
 */
export type ServiceState = 'pending' | 'starting' | 'ready' | 'unready' | 'failed' | 'restarting' | 'skipped' | 'stopping' | 'stopped';

// The legal moves. Anything else is a bug in the runtime and throws, instead of silently drifting.
const lifecycleMoves: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  idle: ['starting', 'stopped'],
  starting: ['ready', 'degraded', 'failed', 'stopping'],
  ready: ['degraded', 'stopping'],
  degraded: ['ready', 'stopping'],
  // An escalation (supervision gave up) stops everything and ends failed.
  stopping: ['stopped', 'failed'],
  stopped: [],
  failed: [],
};

const serviceMoves: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  pending: ['starting', 'skipped', 'restarting'],
  // A restart of a dependency can reach a service whose onReady runs: it is restarted with it.
  starting: ['ready', 'failed', 'restarting', 'stopping', 'stopped'],
  ready: ['unready', 'failed', 'restarting', 'stopping'],
  unready: ['ready', 'failed', 'restarting', 'stopping'],
  // A failed run still gets its onStop (stopping); a timed-out onReady that resolves late is stopped too.
  failed: ['restarting', 'stopping', 'failed'],
  restarting: ['starting', 'stopping', 'failed', 'stopped'],
  skipped: [],
  stopping: ['stopped', 'restarting', 'failed'],
  // With escalate: false the services that restarted with a given-up one end stopped; restart() brings them back.
  stopped: ['restarting'],
};

/** Throws if the lifecycle may not move from `from` to `to`. */
export function assertLifecycleMove(from: LifecycleState, to: LifecycleState): void {
  if (!lifecycleMoves[from].includes(to)) throw new Error(`readygraph internal error: lifecycle cannot go from ${from} to ${to}`);
}

/** Throws if a service may not move from `from` to `to`. */
export function assertServiceMove(name: string, from: ServiceState, to: ServiceState): void {
  if (!serviceMoves[from].includes(to)) throw new Error(`readygraph internal error: service "${name}" cannot go from ${from} to ${to}`);
}
