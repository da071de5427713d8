import type { Container } from 'inversify';
import { errorCodes } from '../errors/errorCodes.js';
import { messageOf } from '../errors/messageOf.js';
import { ReadyGraphError, type ServiceFailure } from '../errors/ReadyGraphError.js';
import { Countdown } from '../graph/Countdown.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { resolveVertex } from '../graph/resolveVertex.js';
import { arrowHookError } from '../graph/arrowHookError.js';
import { displayName } from '../graph/displayName.js';
import { ownHookProperties } from '../graph/ownHookProperties.js';
import { Availability } from './Availability.js';
import { callHook } from './callHook.js';
import type { EventHub } from './EventHub.js';
import { healthResult, HealthMonitor } from './HealthMonitor.js';
import { HookContext, StopHookContext } from './HookContext.js';
import type { StopReason } from './hooks.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import { Run, type RunControl } from './Run.js';
import { runHook } from './runHook.js';
import type { ServiceSlot } from './ServiceSlot.js';
import { assertServiceMove, type ServiceState } from './states.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/** What the scheduler tells the lifecycle and the supervisor. */
export interface SchedulerReports {
  /** A run failed on its own (not because it was asked to end): its `onReady`, `fail()` or its health checks. */
  runFailed(slot: ServiceSlot, error: unknown, phase: 'start' | 'run'): void;
  /** A run's `onReady` succeeded: the service is ready. */
  serviceReady(slot: ServiceSlot): void;
  /** Some service's own readiness changed (the lifecycle's `ready`/`degraded` may follow). */
  readinessChanged(): void;
}

/**
 * Brings services up in dependency order and takes sets of them down in reverse: the one mechanism behind a start,
 * a stop, a rollback and a restart. The rules it enforces:
 * - An `onReady` starts only when its service is wanted (not held back by its own restart, not given up, no stop
 *   under way), has no run and no hook in flight, and every service it depends on is available at that moment. So
 *   an `onReady` never runs while a dependency is unavailable, and never overlaps the previous run's `onStop`.
 * - A take-down stops a service's run only after every member of the set that depends on it has ended its run;
 *   services outside the set are left running (unavailable while a dependency is).
 * - Every run whose `onReady` succeeded gets exactly one `onStop`: {@link Scheduler.endRun} is idempotent per run,
 *   and an `onReady` that succeeds after its timeout or after its run was asked to end is stopped then.
 * - Changes reported through a run's context take effect at once; the hooks they allow are started afterwards,
 *   in a microtask, never inside the call.
 * - At most `concurrency` hooks (`onReady` and `onStop`) run at once.
 */
export class Scheduler implements RunControl {
  public readonly availability: Availability;
  /** No new `onReady` starts: a stop, a rollback or an escalation is under way. */
  public halted = false;
  readonly #graph: VertexGraph;
  readonly #slots: readonly ServiceSlot[];
  readonly #container: Container;
  readonly #options: ResolvedLifecycleOptions;
  readonly #events: EventHub;
  readonly #eventBase: (slot: ServiceSlot) => ServiceEventBase;
  readonly #reports: SchedulerReports;
  readonly #startTimeouts: TimeoutQueue | undefined;
  readonly #stopTimeouts: TimeoutQueue | undefined;
  #due: number[] = [];
  #dueHead = 0;
  #pumpScheduled = false;
  #running = 0;
  /** Stops waiting for a free hook slot (only with a finite `concurrency`). */
  readonly #waitingStops: Array<() => void> = [];
  readonly #lateStops = new Set<Promise<unknown>>();

  public constructor(
    graph: VertexGraph,
    slots: readonly ServiceSlot[],
    container: Container,
    options: ResolvedLifecycleOptions,
    events: EventHub,
    eventBase: (slot: ServiceSlot) => ServiceEventBase,
    reports: SchedulerReports,
  ) {
    this.#graph = graph;
    this.#slots = slots;
    this.#container = container;
    this.#options = options;
    this.#events = events;
    this.#eventBase = eventBase;
    this.#reports = reports;
    const { clock, startTimeoutMs, stopTimeoutMs } = options;
    this.#startTimeouts = startTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, startTimeoutMs);
    this.#stopTimeouts = stopTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, stopTimeoutMs);
    this.availability = new Availability(graph, (service) => this.#markDue(service));
  }

  /** Brings every wanted service up: the roots at once, the others as their dependencies become available. */
  public begin(): void {
    this.availability.begin();
    this.#pump();
  }

  /**
   * Moves a service to `to`, keeping availability (its own readiness is its state being `ready`) in step. `announce`
   * emits the service's own event after the move and before what the whole lifecycle makes of it (`ready`/`degraded`).
   */
  public move(slot: ServiceSlot, to: ServiceState, announce?: () => void): void {
    if (slot.state === to) return announce?.();
    assertServiceMove(slot.name, slot.state, to);
    const was = slot.state;
    slot.state = to;
    if ((was === 'ready') !== (to === 'ready')) this.availability.setOwnReady(slot.index, to === 'ready');
    announce?.();
    if ((was === 'ready') !== (to === 'ready')) this.#reports.readinessChanged();
  }

  /** `slot` may be able to start now (it is wanted again, its backoff passed, its last hook settled). */
  public wake(slot: ServiceSlot): void {
    this.#markDue(slot.index);
  }

  /**
   * The end of a stop: resolves when every `onStop` owed to an `onReady` that resolved after its timeout has ended.
   * Then it drops the start timeouts still set: those of `onReady` hooks that called `fail()` and still run, which
   * nothing waits for any more — so that no timer of the lifecycle is left once the stop settles.
   */
  public async lateStops(): Promise<void> {
    while (this.#lateStops.size > 0) await Promise.all(this.#lateStops);
    this.#startTimeouts?.clear();
  }

  /** Aborts the signal of every `onReady` that runs (the start is abandoned). */
  public abortStarting(reason: unknown): void {
    for (const slot of this.#slots) if (slot.run?.phase === 'starting') HookContext.abort(slot.run.context, reason);
  }

  // ---- bringing up ------------------------------------------------------------------------------------------------

  #markDue(service: number): void {
    this.#due.push(service);
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    queueMicrotask(() => this.#pump());
  }

  #pump(): void {
    this.#pumpScheduled = false;
    while (this.#dueHead < this.#due.length && this.#running < this.#options.concurrency) {
      const slot = this.#slots[this.#due[this.#dueHead] as number] as ServiceSlot;
      this.#dueHead += 1;
      if (this.#mayStart(slot)) this.#startRun(slot);
    }
    if (this.#dueHead === this.#due.length) {
      this.#due = [];
      this.#dueHead = 0;
    }
  }

  #mayStart(slot: ServiceSlot): boolean {
    return (
      !this.halted &&
      slot.wanted &&
      !slot.held &&
      slot.run === undefined &&
      slot.hook === undefined &&
      (slot.state === 'pending' || slot.state === 'restarting') &&
      this.availability.dependenciesAvailable(slot.index)
    );
  }

  /**
   * Starts a run: resolves the service (once; its instance is kept for later runs), calls its `onReady`, and ends the
   * start once — at the hook's end or at its timeout, whichever comes first.
   */
  #startRun(slot: ServiceSlot): void {
    this.#running += 1;
    slot.generation += 1;
    const run = new Run(slot.index, slot.name, slot.generation, this);
    slot.run = run;
    slot.hook = 'onReady';
    this.move(slot, 'starting');
    slot.startedAt = this.#options.clock.now();
    if (this.#events.wants('service:starting')) this.#events.emit('service:starting', this.#eventBase(slot));
    const vertex = slot.vertex;
    const callOnReady = (instance: unknown): unknown => (vertex.hasOnReady ? callHook(instance, 'onReady', run.context, slot.name) : undefined);
    const external = slot.external;
    runHook(
      // A service another Lifecycle owns is ready here when it is available there; its hooks are the owner's.
      external !== undefined
        ? () => external.whenReady(vertex.serviceIdentifier)
        : slot.resolved
        ? () => callOnReady(slot.instance)
        : () =>
            resolveVertex(this.#container, vertex).then((instance) => {
              assertHooksAreMethods(slot, instance);
              slot.instance = instance;
              slot.resolved = true;
              return callOnReady(instance);
            }),
      external === undefined ? this.#startTimeouts : undefined,
      () => {
        const error = this.#startTimeoutError(slot);
        run.timedOut = true;
        HookContext.abort(run.context, error);
        return error;
      },
      () => new Error(`onReady of "${slot.name}" rejected without a reason`),
      {
        ended: (error) => {
          this.#release();
          this.#startEnded(slot, run, error);
        },
        settled: (error) => {
          // A success after the timeout did make the service ready: its onStop is owed, and comes now.
          if (run.timedOut && error === undefined && !run.failedEarly) this.#lateReady(slot, run);
          else this.#hookSettled(slot, 'onReady');
        },
      },
    );
  }

  #startEnded(slot: ServiceSlot, run: Run, error: unknown): void {
    const now = this.#options.clock.now();
    const durationMs = now - (slot.startedAt ?? now);
    if (run.failedEarly) return; // fail() was called during onReady: the run failed then, nothing more is called.
    if (error === undefined) {
      if (run.endReason !== undefined) {
        // Asked to end while starting (a stop, a rollback, a restart of a dependency): it did become ready, and is
        // stopped at once, without becoming available in between.
        if (this.#events.wants('service:ready')) this.#events.emit('service:ready', { ...this.#eventBase(slot), durationMs });
        run.phase = 'up';
        const waiter = run.endWaiter;
        run.endWaiter = undefined;
        void this.#stopRun(slot, run).then(waiter);
        return;
      }
      run.phase = 'up';
      slot.everReady = true;
      slot.readyAt = now;
      slot.selfUnready = undefined;
      slot.healthUnready = undefined;
      this.move(slot, 'ready', () => {
        if (!this.#events.wants('service:ready')) return;
        this.#events.emit(
          'service:ready',
          slot.restartNumber === undefined ? { ...this.#eventBase(slot), durationMs } : { ...this.#eventBase(slot), durationMs, restart: slot.restartNumber },
        );
      });
      slot.restartNumber = undefined;
      if (slot.vertex.hasCheckHealth && slot.external === undefined) this.#watchHealth(slot, run);
      this.#reports.serviceReady(slot);
      return;
    }
    run.failed = true;
    run.phase = 'over';
    if (slot.run === run) slot.run = undefined;
    HookContext.abort(run.context, error);
    const aborted = run.endReason !== undefined || this.halted;
    // A run asked to end for a restart stays on its way back; any other failed start shows as failed.
    this.move(slot, run.endReason === 'restart' ? 'restarting' : 'failed');
    slot.error = error;
    slot.failedAt = now;
    this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'start', durationMs, aborted });
    const waiter = run.endWaiter;
    run.endWaiter = undefined;
    waiter?.(undefined);
    if (!aborted) this.#reports.runFailed(slot, error, 'start');
  }

  /** An `onReady` that timed out has succeeded after all: its run is stopped now (nothing leaks). */
  #lateReady(slot: ServiceSlot, run: Run): void {
    this.#events.emit('service:ready', { ...this.#eventBase(slot), durationMs: this.#options.clock.now() - (slot.startedAt ?? 0), late: true });
    const reason: StopReason = run.endReason ?? (this.halted ? 'rollback' : 'restart');
    run.phase = 'up';
    // A service still failed from that start shows this stop; one that has moved on (restarting, stopped) keeps its
    // state, and only the events tell of the stop.
    const shown = slot.state === 'failed';
    if (shown) run.endState = slot.givenUp ? 'failed' : 'stopped';
    const stopping = this.#callOnStop(slot, run, reason, shown);
    this.#lateStops.add(stopping);
    void stopping.finally(() => this.#lateStops.delete(stopping));
  }

  /** `hook` of `slot` has settled: unless another hook of it has begun since, its next run may start. */
  #hookSettled(slot: ServiceSlot, hook: 'onReady' | 'onStop'): void {
    if (slot.hook !== hook) return;
    slot.hook = undefined;
    this.#markDue(slot.index);
  }

  #startTimeoutError(slot: ServiceSlot): ReadyGraphError {
    const { startTimeoutMs } = this.#options;
    return new ReadyGraphError(
      errorCodes.startTimeout,
      slot.resolved
        ? `onReady of "${slot.name}" did not settle within ${startTimeoutMs} ms (startTimeoutMs); resolve its promise or raise the timeout`
        : `resolving "${slot.name}" from the container (its async activation) did not settle within ${startTimeoutMs} ms (startTimeoutMs); ` +
            'resolve the activation promise or raise the timeout',
      { service: slot.name, timeoutMs: startTimeoutMs },
    );
  }

  // ---- the run's context ------------------------------------------------------------------------------------------

  #current(run: Run): ServiceSlot | undefined {
    const slot = this.#slots[run.service] as ServiceSlot;
    return slot.run === run && !run.failed && run.endReason === undefined ? slot : undefined;
  }

  public unready(run: Run, reason: string): void {
    const slot = this.#current(run);
    if (slot === undefined || (slot.state !== 'ready' && slot.state !== 'unready')) return;
    slot.selfUnready = reason;
    this.#showReadiness(slot);
  }

  public ready(run: Run): void {
    const slot = this.#current(run);
    if (slot === undefined || slot.state !== 'unready') return;
    slot.selfUnready = undefined;
    this.#showReadiness(slot);
  }

  public fail(run: Run, error: unknown): void {
    const slot = this.#current(run);
    if (slot === undefined) return;
    this.#runFailed(slot, run, error ?? new Error(`"${slot.name}" called fail() without a reason`));
  }

  /** Moves a ready or unready service to what its reasons say, with the events of the change. */
  #showReadiness(slot: ServiceSlot): void {
    const reason = slot.unreadyReason;
    const now = this.#options.clock.now();
    if (reason !== undefined) {
      if (slot.state === 'ready') slot.unreadySince = now;
      this.move(slot, 'unready', () => this.#events.emit('service:unready', { ...this.#eventBase(slot), reason }));
    } else if (slot.state === 'unready') {
      this.move(slot, 'ready', () => this.#events.emit('service:ready', { ...this.#eventBase(slot), durationMs: now - slot.unreadySince }));
    }
  }

  /**
   * A run failed on its own: before its `onReady` settled (that hook's failure) or after (a failed run). What
   * supervision sets going (a restart's take-down, a rollback) starts after the call that reported it returned.
   */
  #runFailed(slot: ServiceSlot, run: Run, error: unknown): void {
    const now = this.#options.clock.now();
    run.failed = true;
    HookContext.abort(run.context, error);
    slot.error = error;
    slot.failedAt = now;
    if (run.phase === 'starting') {
      // The hook still runs (and keeps its hook slot) until it settles; nothing more is called for the run.
      run.failedEarly = true;
      run.phase = 'over';
      slot.run = undefined;
      this.move(slot, 'failed', () =>
        this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'start', durationMs: now - (slot.startedAt ?? now), aborted: false }),
      );
      this.#reports.runFailed(slot, error, 'start');
      return;
    }
    this.move(slot, 'failed', () =>
      this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'run', durationMs: now - (slot.readyAt ?? now), aborted: false }),
    );
    this.#reports.runFailed(slot, error, 'run');
  }

  #watchHealth(slot: ServiceSlot, run: Run): void {
    const { health } = slot.policy;
    slot.health = new HealthMonitor(
      slot.name,
      (context) => {
        const result = callHook(slot.instance, 'checkHealth', context, slot.name);
        return typeof (result as Promise<unknown> | undefined)?.then === 'function'
          ? (result as Promise<unknown>).then((value) => healthResult(slot.name, value))
          : healthResult(slot.name, result);
      },
      this.#options.clock,
      health,
      {
        failed: (inARow, error) => {
          if (this.#current(run) === undefined) return;
          if (inARow >= health.failAfter) return this.#runFailed(slot, run, error);
          if (inARow >= health.unreadyAfter) {
            slot.healthUnready = `checkHealth failed: ${messageOf(error)}`;
            this.#showReadiness(slot);
          }
        },
        passed: () => {
          if (this.#current(run) === undefined || slot.healthUnready === undefined) return;
          slot.healthUnready = undefined;
          this.#showReadiness(slot);
        },
      },
    );
  }

  // ---- taking down ------------------------------------------------------------------------------------------------

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
      HookContext.abort(run.context, new DOMException(`the run of "${slot.name}" is being stopped (${reason})`, 'AbortError'));
      run.ended = new Promise((resolve) => {
        run.endWaiter = resolve;
      });
      return run.ended;
    }
    run.ended = this.#stopRun(slot, run);
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
    if (slot.state === 'pending' && endState !== 'restarting') return this.move(slot, 'skipped');
    if (slot.state === 'failed' && endState === 'stopped') return; // A failure stays visible.
    if (slot.state === 'pending' || slot.state === 'skipped') return;
    if (slot.state !== endState) this.move(slot, endState);
  }

  /** Calls the run's `onStop` (once a hook slot is free) and records how it ended. */
  async #stopRun(slot: ServiceSlot, run: Run): Promise<ServiceFailure | undefined> {
    if (this.#running >= this.#options.concurrency) await new Promise<void>((resolve) => this.#waitingStops.push(resolve));
    else this.#running += 1;
    const failure = await this.#callOnStop(slot, run, run.endReason ?? 'stop', true);
    this.#release();
    return failure;
  }

  /**
   * The stop of one run: readiness off, the run's signal and health checks ended, then its `onStop`. `moveState`
   * false for the late stop of a run its service has left behind (the service's state is about its current run).
   */
  async #callOnStop(slot: ServiceSlot, run: Run, reason: StopReason, moveState: boolean): Promise<ServiceFailure | undefined> {
    const clock = this.#options.clock;
    run.phase = 'ending';
    slot.hook = 'onStop';
    const startedAt = clock.now();
    const announce = (): void => {
      if (this.#events.wants('service:stopping')) this.#events.emit('service:stopping', { ...this.#eventBase(slot), reason });
    };
    if (moveState) this.move(slot, 'stopping', announce);
    else announce();
    HookContext.abort(run.context, new DOMException(`the run of "${slot.name}" ends (${reason})`, 'AbortError'));
    const health = slot.health;
    slot.health = undefined;
    if (health !== undefined) await health.stop();
    let error: unknown;
    if (slot.vertex.hasOnStop && slot.external === undefined) {
      const context = new StopHookContext(slot.name, reason);
      error = await new Promise<unknown>((resolve) => {
        runHook(
          () => callHook(slot.instance, 'onStop', context, slot.name),
          this.#stopTimeouts,
          () => {
            const timeout = stopTimeoutError(`onStop of "${slot.name}"`, slot.name, this.#options.stopTimeoutMs);
            HookContext.abort(context, timeout);
            return timeout;
          },
          () => new Error(`onStop of "${slot.name}" rejected without a reason`),
          { ended: resolve, settled: () => this.#hookSettled(slot, 'onStop') },
        );
      });
    } else {
      this.#hookSettled(slot, 'onStop');
    }
    run.phase = 'over';
    if (slot.run === run) slot.run = undefined;
    if (moveState) {
      this.move(slot, run.endState);
      slot.stoppedAt = clock.now();
    }
    const durationMs = clock.now() - startedAt;
    if (error === undefined) {
      if (this.#events.wants('service:stopped')) this.#events.emit('service:stopped', { ...this.#eventBase(slot), durationMs, reason });
      return undefined;
    }
    slot.stopError = error;
    this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'stop', durationMs, aborted: false });
    this.#events.emit('service:stopped', { ...this.#eventBase(slot), durationMs, reason, error });
    return { service: slot.name, error };
  }

  /** A hook ended: its slot goes to a waiting stop, else to the starts that are due. */
  #release(): void {
    const next = this.#waitingStops.shift();
    if (next !== undefined) return next();
    this.#running -= 1;
    if (this.#dueHead < this.#due.length && !this.#pumpScheduled) {
      this.#pumpScheduled = true;
      queueMicrotask(() => this.#pump());
    }
  }
}

/**
 * The latest moment an arrow-function hook can be caught: the instance inversify constructed carries `onReady`,
 * `onStop` or `checkHealth` as an own property, which the graph (reading the class) could not see. Running it
 * anyway would silently skip a hook the class did not declare, or run one it did not expect: it is a usage error.
 */
function assertHooksAreMethods(slot: ServiceSlot, instance: unknown): void {
  if (slot.vertex.constant !== undefined || typeof instance !== 'object' || instance === null) return;
  const hooks = ownHookProperties(instance);
  if (hooks.length > 0) throw arrowHookError(slot.name, displayName(slot.vertex.implementationType), hooks);
}

/** A stop-side hook did not settle within `stopTimeoutMs`. */
export function stopTimeoutError(what: string, service: string, stopTimeoutMs: number): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.stopTimeout,
    `${what} did not settle within ${stopTimeoutMs} ms (stopTimeoutMs); resolve its promise or raise the timeout`,
    { service, timeoutMs: stopTimeoutMs },
  );
}
