import type { Container } from 'inversify';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError, type ServiceFailure } from '../errors/ReadyGraphError.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { resolveVertex } from '../graph/resolveVertex.js';
import { arrowHookError } from '../graph/arrowHookError.js';
import { displayName } from '../graph/displayName.js';
import { ownHookProperties } from '../graph/ownHookProperties.js';
import { Availability } from './Availability.js';
import { callHook } from './callHook.js';
import type { EventHub } from './EventHub.js';
import { HookContext } from './HookContext.js';
import type { StopReason } from './hooks.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import { Run } from './Run.js';
import { ServiceReadiness } from './ServiceReadiness.js';
import { HookSlots } from './HookSlots.js';
import { ServiceStopper } from './ServiceStopper.js';
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
 * - Changes reported through a run's context (see `ServiceReadiness`) take effect at once; the hooks they allow are
 *   started afterwards, in a microtask, never inside the call.
 * - At most `concurrency` hooks (`onReady` and `onStop`) run at once.
 */
export class Scheduler {
  public readonly availability: Availability;
  readonly #readiness: ServiceReadiness;
  /** No new `onReady` starts: a stop, a rollback or an escalation is under way. */
  public halted = false;
  /** What the stops are once halted: a rollback while the start is abandoned, else a stop. */
  public haltedFor: StopReason = 'stop';
  readonly #slots: readonly ServiceSlot[];
  readonly #container: Container;
  readonly #options: ResolvedLifecycleOptions;
  readonly #events: EventHub;
  readonly #eventBase: (slot: ServiceSlot) => ServiceEventBase;
  readonly #reports: SchedulerReports;
  readonly #startTimeouts: TimeoutQueue | undefined;
  #due: number[] = [];
  #dueHead = 0;
  #pumpScheduled = false;
  /** Stops waiting for a free hook slot (only with a finite `concurrency`). */
  readonly #hookSlots: HookSlots;
  readonly #stopper: ServiceStopper;
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
    this.#slots = slots;
    this.#container = container;
    this.#options = options;
    this.#events = events;
    this.#eventBase = eventBase;
    this.#reports = reports;
    const { clock, startTimeoutMs } = options;
    this.#startTimeouts = startTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, startTimeoutMs);
    this.availability = new Availability(graph, (service) => this.#markDue(service));
    this.#hookSlots = new HookSlots(options.concurrency, () => {
      if (this.#dueHead < this.#due.length && !this.#pumpScheduled) {
        this.#pumpScheduled = true;
        queueMicrotask(() => this.#pump());
      }
    });
    this.#stopper = new ServiceStopper({
      graph,
      slots,
      clock: options.clock,
      stopTimeoutMs: options.stopTimeoutMs,
      events,
      hookSlots: this.#hookSlots,
      eventBase,
      move: (slot, to, announce) => this.move(slot, to, announce),
      hookSettled: (slot, hook) => this.#hookSettled(slot, hook),
    });
    this.#readiness = new ServiceReadiness(slots, options.clock, events, eventBase, reports, (slot, to, announce) => this.move(slot, to, announce));
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
    while (this.#dueHead < this.#due.length && this.#hookSlots.free) {
      const slot = this.#slots[this.#due[this.#dueHead] as number] as ServiceSlot;
      this.#dueHead += 1;
      if (this.#mayStart(slot) && this.#hookSlots.tryTake()) this.#startRun(slot);
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
    slot.generation += 1;
    const run = new Run(slot.index, slot.name, slot.generation, this.#readiness);
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
          this.#hookSlots.release();
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
        void this.#stopper.stopRun(slot, run).then(waiter);
        return;
      }
      run.phase = 'up';
      slot.everReady = true;
      slot.readyAt = now;
      slot.selfUnready = undefined;
      slot.healthUnready = undefined;
      const restart = slot.restartNumber;
      this.move(
        slot,
        'ready',
        this.#events.wants('service:ready')
          ? () =>
              this.#events.emit('service:ready', restart === undefined ? { ...this.#eventBase(slot), durationMs } : { ...this.#eventBase(slot), durationMs, restart })
          : undefined,
      );
      slot.restartNumber = undefined;
      this.#readiness.follow(slot, run);
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
    const reason: StopReason = run.endReason ?? (this.halted ? this.haltedFor : 'restart');
    run.phase = 'up';
    // A service still failed from that start shows this stop; one that has moved on (restarting, stopped) keeps its
    // state, and only the events tell of the stop.
    const shown = slot.state === 'failed';
    if (shown) run.endState = slot.givenUp ? 'failed' : 'stopped';
    const stopping = this.#stopper.callOnStop(slot, run, reason, shown);
    this.#lateStops.add(stopping);
    void stopping.finally(() => this.#lateStops.delete(stopping));
  }

  /** `hook` of `slot` has settled: unless another hook of it has begun since, its next run may start. */
  #hookSettled(slot: ServiceSlot, hook: 'onReady' | 'onStop'): void {
    if (slot.hook !== hook) return;
    slot.hook = undefined;
    // A service with a run cannot start (its next start follows that run's onStop, which settles here again), and
    // once halted nothing starts: a start queues no futile entry per service, nor does a stop.
    if (!this.halted && slot.run === undefined) this.#markDue(slot.index);
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

  // ---- taking down ------------------------------------------------------------------------------------------------

  /** See {@link ServiceStopper.endRun}. */
  public endRun(slot: ServiceSlot, reason: StopReason, endState: ServiceState): Promise<ServiceFailure | undefined> {
    return this.#stopper.endRun(slot, reason, endState);
  }

  /** See {@link ServiceStopper.takeDown}. */
  public takeDown(members: (slot: ServiceSlot) => boolean, reason: StopReason, endState: (slot: ServiceSlot) => ServiceState): Promise<ServiceFailure[]> {
    return this.#stopper.takeDown(members, reason, endState);
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

