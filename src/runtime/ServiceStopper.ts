import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { Countdown } from '../graph/Countdown.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { callHook } from './callHook.js';
import type { Clock } from './Clock.js';
import type { EventHub } from './EventHub.js';
import { HookContext, StopHookContext } from './HookContext.js';
import type { HookSlots } from './HookSlots.js';
import type { StopReason } from './hooks.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { Run } from './Run.js';
import { runHook } from './runHook.js';
import type { ServiceSlot } from './ServiceSlot.js';
import type { ServiceState } from './states.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/** What the stopper needs of the scheduler it works for. */
export interface StopperHost {
  readonly graph: VertexGraph;
  readonly slots: readonly ServiceSlot[];
  readonly clock: Clock;
  readonly stopTimeoutMs: number;
  readonly events: EventHub;
  readonly hookSlots: HookSlots;
  eventBase(slot: ServiceSlot): ServiceEventBase;
  move(slot: ServiceSlot, to: ServiceState, announce?: () => void): void;
  /** A hook of `slot` settled: its next run may start. */
  hookSettled(slot: ServiceSlot, hook: 'onReady' | 'onStop'): void;
}

/**
 * Takes services down: ends runs and walks a set of services in reverse readiness order — the second half of every
 * stop, rollback and restart. The rules it enforces:
 * - A take-down stops a service's run only after every member of the set that depends on it has ended its run;
 *   services outside the set are left running (unavailable while a dependency is).
 * - Every run whose `onReady` succeeded gets exactly one `onStop`: {@link ServiceStopper.endRun} is idempotent per
 *   run; a stop or rollback that reaches a run a restart is already ending decides where its service ends.
 * - Before `onStop`, readiness is withdrawn, the run's signal aborts and its health checks (or the following of its
 *   owner) end. Best effort: a failed or timed-out `onStop` is reported and the walk goes on.
 */
export class ServiceStopper {
  readonly #graph: VertexGraph;
  readonly #slots: readonly ServiceSlot[];
  readonly #clock: Clock;
  readonly #stopTimeoutMs: number;
  readonly #stopTimeouts: TimeoutQueue | undefined;
  readonly #events: EventHub;
  readonly #hookSlots: HookSlots;
  readonly #host: StopperHost;

  public constructor(host: StopperHost) {
    this.#host = host;
    this.#graph = host.graph;
    this.#slots = host.slots;
    this.#clock = host.clock;
    this.#stopTimeoutMs = host.stopTimeoutMs;
    this.#stopTimeouts = host.stopTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(host.clock, host.stopTimeoutMs);
    this.#events = host.events;
    this.#hookSlots = host.hookSlots;
  }

  #move(slot: ServiceSlot, to: ServiceState, announce?: () => void): void {
    this.#host.move(slot, to, announce);
  }

  #hookSettled(slot: ServiceSlot, hook: 'onReady' | 'onStop'): void {
    this.#host.hookSettled(slot, hook);
  }

  #eventBase(slot: ServiceSlot): ServiceEventBase {
    return this.#host.eventBase(slot);
  }

  /**
   * Ends the current run of `slot`, if it has one, for `reason`; the service is in `endState` afterwards. A run whose
   * `onReady` runs has its signal aborted and is awaited (and stopped if it succeeds); a ready run (also a failed
   * one) gets its `onStop`. Idempotent per run: every caller gets the same end.
   */
  public endRun(slot: ServiceSlot, reason: StopReason, endState: ServiceState): Promise<ServiceFailure | undefined> {
    const run = slot.run;
    if (run === undefined) return Promise.resolve(undefined);
    if (run.ended !== undefined) {
      // A stop or rollback that reaches a run a restart is already ending decides where the service ends.
      if (reason !== 'restart') run.endState = endState;
      return run.ended;
    }
    run.endReason = reason;
    run.endState = endState;
    if (run.phase === 'starting') {
      HookContext.abortLazily(run.context, () => new DOMException(`the run of "${slot.name}" is being stopped (${reason})`, 'AbortError'));
      run.ended = new Promise((resolve) => {
        run.endWaiter = resolve;
      });
      return run.ended;
    }
    run.ended = this.stopRun(slot, run);
    return run.ended;
  }

  /**
   * Takes down the services `members` accepts, in reverse readiness order: a vertex is released once every vertex
   * that depends on it is released; a member is released when its run has ended, anything else at once. Independent
   * stops run together. Best effort: a failure is collected and the walk goes on.
   */
  public takeDown(members: (slot: ServiceSlot) => boolean, reason: StopReason, endState: (slot: ServiceSlot) => ServiceState): Promise<ServiceFailure[]> {
    const graph = this.#graph;
    const failures: ServiceFailure[] = [];
    const vertexCount = graph.vertices.length;
    const serviceCount = this.#slots.length;
    // Kahn's countdown backwards: a vertex waits for its dependents, and releases its dependencies.
    const countdown = new Countdown(graph.dependents, graph.dependencies);
    const ready = countdown.free();
    const due = (vertex: number): void => {
      ready.push(vertex);
    };
    let released = 0;
    return new Promise<ServiceFailure[]>((resolve) => {
      const release = (vertex: number): void => {
        released += 1;
        countdown.release(vertex, due);
      };
      const drain = (): void => {
        while (ready.length > 0) {
          const vertex = ready.pop() as number;
          const slot = vertex < serviceCount ? (this.#slots[vertex] as ServiceSlot) : undefined;
          if (slot === undefined || slot.run === undefined || !members(slot)) {
            if (slot !== undefined && members(slot) && slot.state !== endState(slot)) this.#settleIdle(slot, endState(slot));
            release(vertex);
            continue;
          }
          void this.endRun(slot, reason, endState(slot)).then((failure) => {
            if (failure !== undefined) failures.push(failure);
            release(vertex);
            drain();
          });
        }
        if (released === vertexCount) resolve(failures);
      };
      drain();
    });
  }

  /** A member of a take-down without a run (pending, failed, waiting for its restart) takes its end state. */
  #settleIdle(slot: ServiceSlot, endState: ServiceState): void {
    if (slot.state === 'pending' && endState !== 'restarting') return this.#move(slot, 'skipped');
    if (slot.state === 'failed' && endState === 'stopped') return; // A failure stays visible.
    if (slot.state === 'pending' || slot.state === 'skipped') return;
    if (slot.state !== endState) this.#move(slot, endState);
  }

  /** Calls the run's `onStop` (once a hook slot is free) and records how it ended. */
  public stopRun(slot: ServiceSlot, run: Run): Promise<ServiceFailure | undefined> {
    const waiting = this.#hookSlots.take();
    const reason = run.endReason ?? 'stop';
    if (waiting === undefined) return this.callOnStop(slot, run, reason, true, true);
    return waiting.then(() => this.callOnStop(slot, run, reason, true, true));
  }

  /**
   * The stop of one run: readiness off, the run's signal and health checks ended, then its `onStop`. `moveState`
   * false for the late stop of a run its service has left behind (the service's state is about its current run).
   * `holdsHookSlot`: the stop took a hook slot, given back once the stop has ended. Written as a promise chain, not an
   * async function: it runs once per service of every stop.
   */
  public callOnStop(slot: ServiceSlot, run: Run, reason: StopReason, moveState: boolean, holdsHookSlot = false): Promise<ServiceFailure | undefined> {
    run.phase = 'ending';
    slot.hook = 'onStop';
    const startedAt = this.#clock.now();
    const announce = this.#events.wants('service:stopping')
      ? (): void => this.#events.emit('service:stopping', { ...this.#eventBase(slot), reason })
      : undefined;
    if (moveState) this.#move(slot, 'stopping', announce);
    else announce?.();
    HookContext.abortLazily(run.context, () => new DOMException(`the run of "${slot.name}" ends (${reason})`, 'AbortError'));
    run.unfollow?.();
    const health = slot.health;
    slot.health = undefined;
    const callHookAndEnd = (): Promise<ServiceFailure | undefined> => {
      if (!slot.vertex.hasOnStop || slot.external !== undefined) {
        this.#hookSettled(slot, 'onStop');
        return Promise.resolve(this.#stopEnded(slot, run, reason, moveState, holdsHookSlot, startedAt, undefined));
      }
      const context = new StopHookContext(slot.name, reason);
      return new Promise<ServiceFailure | undefined>((resolve) => {
        runHook(
          () => callHook(slot.instance, 'onStop', context, slot.name),
          this.#stopTimeouts,
          () => {
            const timeout = stopTimeoutError(`onStop of "${slot.name}"`, slot.name, this.#stopTimeoutMs);
            HookContext.abort(context, timeout);
            return timeout;
          },
          () => new Error(`onStop of "${slot.name}" rejected without a reason`),
          { ended: (error) => resolve(this.#stopEnded(slot, run, reason, moveState, holdsHookSlot, startedAt, error)), settled: () => this.#hookSettled(slot, 'onStop') },
        );
      });
    };
    return health === undefined ? callHookAndEnd() : health.stop().then(callHookAndEnd);
  }

  /** Records how the `onStop` of `run` ended (`error` undefined: it succeeded) and reports it. */
  #stopEnded(slot: ServiceSlot, run: Run, reason: StopReason, moveState: boolean, holdsHookSlot: boolean, startedAt: number, error: unknown): ServiceFailure | undefined {
    const failure = this.#recordStop(slot, run, reason, moveState, startedAt, error);
    if (holdsHookSlot) this.#hookSlots.release();
    return failure;
  }

  #recordStop(slot: ServiceSlot, run: Run, reason: StopReason, moveState: boolean, startedAt: number, error: unknown): ServiceFailure | undefined {
    run.phase = 'over';
    if (slot.run === run) slot.run = undefined;
    const endedAt = this.#clock.now();
    if (moveState) {
      this.#move(slot, run.endState);
      slot.stoppedAt = endedAt;
    }
    const durationMs = endedAt - startedAt;
    if (error === undefined) {
      if (this.#events.wants('service:stopped')) this.#events.emit('service:stopped', { ...this.#eventBase(slot), durationMs, reason });
      return undefined;
    }
    slot.stopError = error;
    this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'stop', durationMs, aborted: false });
    this.#events.emit('service:stopped', { ...this.#eventBase(slot), durationMs, reason, error });
    return { service: slot.name, error };
  }
}

/** A stop-side hook did not settle within `stopTimeoutMs`. */
export function stopTimeoutError(what: string, service: string, stopTimeoutMs: number): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.stopTimeout,
    `${what} did not settle within ${stopTimeoutMs} ms (stopTimeoutMs); resolve its promise or raise the timeout`,
    { service, timeoutMs: stopTimeoutMs },
  );
}
