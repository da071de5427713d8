/** State of the whole lifecycle. */
export type LifecycleState = 'idle' | 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

/**
 * State of one service. `skipped`: never started because the start failed (or was stopped) first. A service whose
 * `onStop` failed is still `stopped`, with the error in its status.
 */
export type ServiceState = 'pending' | 'starting' | 'ready' | 'failed' | 'skipped' | 'stopping' | 'stopped';

// The legal moves. Anything else is a bug in the runtime and throws, instead of silently drifting.
const lifecycleMoves: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  idle: ['starting', 'stopped'],
  starting: ['ready', 'failed', 'stopping'],
  ready: ['stopping'],
  stopping: ['stopped'],
  stopped: [],
  failed: [],
};

const serviceMoves: Readonly<Record<ServiceState, readonly ServiceState[]>> = {
  pending: ['starting', 'skipped'],
  starting: ['ready', 'failed'],
  ready: ['stopping'],
  // A hook that timed out but resolves later did make its service ready: it is stopped then.
  failed: ['stopping'],
  skipped: [],
  stopping: ['stopped'],
  stopped: [],
};

/** Throws if the lifecycle may not move from `from` to `to`. */
export function assertLifecycleMove(from: LifecycleState, to: LifecycleState): void {
  if (!lifecycleMoves[from].includes(to)) throw new Error(`readygraph internal error: lifecycle cannot go from ${from} to ${to}`);
}

/** Throws if a service may not move from `from` to `to`. */
export function assertServiceMove(name: string, from: ServiceState, to: ServiceState): void {
  if (!serviceMoves[from].includes(to)) throw new Error(`readygraph internal error: service "${name}" cannot go from ${from} to ${to}`);
}
