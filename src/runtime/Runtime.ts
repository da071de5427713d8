import type { Container } from 'inversify';
import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { Layer } from '../decorators/layer.js';
import {
  idleTargetError,
  notReadyAgainError,
  restartOfOwnedError,
  restartOfUnknownError,
  restartWhileNotRunningError,
  startAbandonedReason,
  startAfterStopError,
  startupAbortedError,
  startupFailedError,
  stopFailedError,
  stoppedBeforeStartError,
} from '../errors/messages.js';
import type { ReadyGraphError, ServiceFailure } from '../errors/ReadyGraphError.js';
import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import { closureOf, closureOfVertices } from '../graph/closureOf.js';
import { supervisionOf } from '../graph/supervisionOf.js';
import { transitiveDependents } from '../graph/transitiveDependents.js';
import type { ServiceVertex } from '../graph/ServiceVertex.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { afterTheCall } from './afterTheCall.js';
import { Availability } from './Availability.js';
import { buildReport } from './buildReport.js';
import type { EventHub } from './EventHub.js';
import { HookSlots } from './HookSlots.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { ServiceStatus } from './LifecycleStatus.js';
import { runBeforeStopHooks, type BeforeStopHook } from './runBeforeStopHooks.js';
import type { RuntimeContext } from './RuntimeContext.js';
import { Scheduler } from './Scheduler.js';
import { ServiceMachine } from './ServiceMachine.js';
import type { ServiceOwner } from './serviceOwners.js';
import { serviceStatus } from './serviceStatus.js';
import { ServiceStopper } from './ServiceStopper.js';
import type { StartupReport } from './StartupReport.js';
import { assertLifecycleMove, type LifecycleEnd, type LifecycleState } from './states.js';
import { Supervisor } from './Supervisor.js';
import { Widening, type Included } from './Widening.js';

/** What `start()` hands the runtime: the validated graph and the services this lifecycle runs. */
export interface StartInput {
  readonly graph: VertexGraph;
  readonly container: Container;
  /** The services another Lifecycle runs, by service index. */
  readonly external: ReadonlyMap<number, ServiceOwner>;
  /** Gives the services this lifecycle claimed back (called once, when it has ended). */
  readonly release: () => void;
}

/** What `start({ only })` asks for: the targets, and how messages name them. */
export interface StartOnly {
  readonly only: ReadonlyArray<ServiceIdentifier | Layer>;
  /** `start({ only: [Db, layer "web"] })`: what an error about a service it left out quotes. */
  readonly described: string;
}

/** The parts of a started runtime, made by `start()`. */
interface Parts {
  readonly graph: VertexGraph;
  readonly machines: readonly ServiceMachine[];
  readonly availability: Availability;
  readonly scheduler: Scheduler;
  readonly supervisor: Supervisor;
  readonly stopper: ServiceStopper;
  readonly release: () => void;
}

/**
 * The state machine of the whole lifecycle, from the constructor (`idle`) to its end, and the one owner of its state:
 * every move goes through `assertLifecycleMove`, and the end carries its cause (`LifecycleEnd`). The rules, as this
 * class enforces them:
 * - `start()` resolves when every service has become ready once; the lifecycle is then `ready`, or `degraded` if
 *   something is unavailable by then. Until then any failure is a start failure (rollback in reverse order,
 *   `ERR_READYGRAPH_STARTUP` with the root causes) unless the failing service has `retryStart`.
 * - After the start the lifecycle is `ready` while every service is available and `degraded` while some is not; the
 *   change is made inside the call that causes it.
 * - A stop wins: it halts the runtime (no new `onReady`, no restart), cancels backoff delays, aborts the hooks that
 *   run, runs the `beforeStop` hooks, stops every run that became ready in reverse order, and waits for the late
 *   stops owed to hooks that outlived their timeout. Its failures are collected and reported at the end.
 * - Giving up with `escalate` is a stop that ends `failed`; `whenStopped()` rejects with `ERR_READYGRAPH_GAVE_UP`.
 *
 * The parts it makes at `start()` share one {@link RuntimeContext}: the `Scheduler` brings services up, the
 * `ServiceStopper` takes them down, the `Supervisor` turns failures into restarts, each service's `ServiceMachine`
 * owns that service's state; a `start()` while started is a {@link Widening}, with its own rules.
 */
export class Runtime {
  readonly #options: ResolvedLifecycleOptions;
  readonly #events: EventHub;
  readonly #beforeStopHooks: ReadonlySet<BeforeStopHook>;
  #state: LifecycleState = 'idle';
  #end: LifecycleEnd | undefined;
  readonly #endWaiters: Array<(end: LifecycleEnd) => void> = [];
  #parts: Parts | undefined;
  /** Work waiting for the parts (a `whenReady` called before `start()`): run once they exist, rejected otherwise. */
  #waitingForStart: Array<{ run: () => void; reject: (error: Error) => void }> = [];
  #origin = 0;
  #readyOnce = 0;
  /** How many services the start waits for: the non-deferred services of what it starts. */
  #toReady = 0;
  /** The deferred services of what was started, released once `start()` resolved. */
  #deferred: readonly number[] = [];
  /** Deferred services not yet ready once; `settled` when it reaches 0. */
  #deferredLeft = 0;
  #settledAt: number | undefined;
  #readyAt: number | undefined;
  /** The `only` of the latest partial start or widening (what an error about an idle service quotes). */
  #onlyDescribed: string | undefined;
  #widening: Widening | undefined;
  #degradedSince = 0;
  #settleStart: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #startPromise: Promise<void> | undefined;
  #stopPromise: Promise<void> | undefined;
  /** The start was abandoned: by a failure (its root causes) or by `stop()`; what the stops are then (a rollback). */
  #abandonedBy: 'failure' | 'stop' | undefined;
  readonly #rootCauses: ServiceFailure[] = [];
  readonly #rollbackFailures: ServiceFailure[] = [];
  /** What `start()` rejected with (and what a later `whenReady` rejects with). */
  #startError: Error | undefined;

  public constructor(options: ResolvedLifecycleOptions, events: EventHub, beforeStopHooks: ReadonlySet<BeforeStopHook>) {
    this.#options = options;
    this.#events = events;
    this.#beforeStopHooks = beforeStopHooks;
  }

  public get state(): LifecycleState {
    return this.#state;
  }

  /** The graph the runtime runs, once started. */
  public get graph(): VertexGraph | undefined {
    return this.#parts?.graph;
  }

  /** The services' machines, once started (empty before). */
  public get machines(): readonly ServiceMachine[] {
    return this.#parts?.machines ?? [];
  }

  #move(to: LifecycleState): void {
    assertLifecycleMove(this.#state, to);
    this.#state = to;
  }

  // ---- start ------------------------------------------------------------------------------------------------------

  /**
   * `start()`: the same promise while starting or started. `prepare` builds and validates the graph and claims the
   * services; a graph error fails the lifecycle before anything is constructed.
   */
  public start(prepare: () => StartInput, only?: StartOnly): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped' || this.#end?.kind === 'gave-up') return Promise.reject(startAfterStopError());
    if (this.#startPromise === undefined) {
      const starting = this.#start(prepare, only);
      this.#startPromise = starting;
      // Deferred services start once start() has resolved: after this reaction, queued before any caller's.
      void starting.then(
        () => this.#release(this.#deferred),
        () => undefined,
      );
      return starting;
    }
    // While ready or degraded, a start widens; while starting, a start without only is the same promise, and one
    // with only widens once the start has resolved.
    if (this.#state === 'ready' || this.#state === 'degraded') return this.#widen(only);
    if (only === undefined || this.#state !== 'starting') return this.#startPromise;
    return this.#startPromise.then(() => this.start(prepare, only));
  }

  async #start(prepare: () => StartInput, only: StartOnly | undefined): Promise<void> {
    this.#origin = this.#options.clock.now();
    this.#move('starting');
    this.#events.emit('starting', { name: this.#options.name });
    let input: StartInput | undefined;
    let started: readonly number[];
    try {
      input = prepare();
      started = this.#closure(input.graph, only);
    } catch (caught) {
      input?.release();
      const error = caught instanceof Error ? caught : new Error(String(caught));
      this.#startError = error;
      this.#move('failed');
      this.#events.emit('failed', { name: this.#options.name, error, durationMs: this.#options.clock.now() - this.#origin });
      for (const waiting of this.#waitingForStart.splice(0)) waiting.reject(error);
      this.#finish({ kind: 'start-failed', error });
      throw error;
    }
    const parts = this.#assemble(input);
    this.#parts = parts;
    const first = this.#include(started);
    this.#deferred = first.deferred;
    this.#deferredLeft = first.deferred.length;
    this.#toReady = first.now.length;
    for (const waiting of this.#waitingForStart.splice(0)) waiting.run();
    await new Promise<void>((resolve, reject) => {
      this.#settleStart = { resolve, reject };
      if (this.#toReady === 0) this.#finishStart();
      else parts.scheduler.begin(first.now);
    });
  }

  /** The services a start of `only` includes, in start order (all of them without `only`). */
  #closure(graph: VertexGraph, only: StartOnly | undefined): readonly number[] {
    if (only === undefined) return graph.services.map((vertex) => vertex.index);
    const closure = closureOf(graph, only.only);
    this.#onlyDescribed = only.described;
    return closure;
  }

  /** Moves the `idle` services of `services` into the run: deferred ones wait, the others are due. */
  #include(services: readonly number[]): Included {
    const machines = (this.#parts as Parts).machines;
    const now: number[] = [];
    const deferred: number[] = [];
    // Indexed, not for…of, like every loop a start runs once per service (before V8 has optimised it).
    for (let position = 0; position < services.length; position += 1) {
      const service = services[position] as number;
      const machine = machines[service] as ServiceMachine;
      if (machine.state !== 'idle') continue;
      machine.include(machine.vertex.deferred);
      (machine.vertex.deferred ? deferred : now).push(service);
    }
    return { now, deferred };
  }

  /** Deferred services start now (in graph order, as their dependencies allow); with none left, `settled`. */
  #release(deferred: readonly number[]): void {
    const parts = this.#parts;
    if (parts === undefined || this.halted()) return;
    for (const service of deferred) (parts.machines[service] as ServiceMachine).release();
    parts.scheduler.bringUp(deferred);
    if (this.#deferredLeft === 0) this.#settle();
  }

  #settle(): void {
    if (this.#settledAt !== undefined) return;
    this.#settledAt = this.#options.clock.now() - this.#origin;
    this.#events.emit('settled', { name: this.#options.name, durationMs: this.#settledAt });
  }

  /** True once a stop (or the rollback of a failed start) is under way or done. */
  public halted(): boolean {
    return this.#state === 'stopping' || this.#state === 'stopped' || this.#state === 'failed';
  }

  // ---- widening ---------------------------------------------------------------------------------------------------

  /**
   * A start while `ready`/`degraded`: starts what of `only` (everything without it) is `idle`, on top of what runs;
   * resolves when those are ready. A failure of one of them rolls back only what it started (see {@link Widening}).
   * Widenings run one after the other.
   */
  #widen(only: StartOnly | undefined): Promise<void> {
    const running = this.#widening;
    if (running !== undefined) {
      const next = (): Promise<void> => (this.#state === 'ready' || this.#state === 'degraded' ? this.#widen(only) : Promise.reject(startAfterStopError()));
      return running.promise.then(next, next);
    }
    const parts = this.#parts as Parts;
    let included: Included;
    try {
      included = this.#include(this.#closure(parts.graph, only));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Nothing missing: the start's own promise (API 'Running': start() again while started is the same promise).
    if (included.now.length === 0 && included.deferred.length === 0) return this.#startPromise as Promise<void>;
    if (this.#settledAt === undefined) this.#deferredLeft += included.deferred.length;
    const widening = new Widening(parts, included);
    this.#widening = widening;
    void widening.promise.then(
      () => this.#release(widening.deferred),
      () => undefined,
    );
    if (widening.done) this.#finishWidening(widening);
    else parts.scheduler.bringUp(widening.now);
    return widening.promise;
  }

  #finishWidening(widening: Widening): void {
    if (this.#widening !== widening) return;
    this.#widening = undefined;
    widening.resolve();
  }

  /** A member of the widening under way failed it (see {@link Widening}): its take-down, then it rejects. */
  #wideningFailed(widening: Widening, machine: ServiceMachine, error: unknown): void {
    if (!widening.fail(machine, error)) return;
    void widening.takeDown(() => this.halted()).then(({ idleAgain, error: rejection }) => {
      // Its deferred members were never released: settled no longer waits for them.
      if (idleAgain && this.#settledAt === undefined) this.#deferredLeft -= widening.deferred.length;
      if (this.#widening === widening) this.#widening = undefined;
      widening.reject(rejection);
      this.#readinessChanged();
    });
  }

  /** Rejects a widening a stop cut short. */
  #abandonWidening(): void {
    const widening = this.#widening;
    if (widening === undefined) return;
    this.#widening = undefined;
    widening.abandon();
  }

  /** Makes the parts and the context they share. */
  #assemble({ graph, container, external, release }: StartInput): Parts {
    const options = this.#options;
    const origin = this.#origin;
    const policies = supervisionOf(graph);
    const machines: ServiceMachine[] = [];
    let scheduler: Scheduler | undefined;
    let supervisor: Supervisor | undefined;
    const availability = new Availability(graph, (service) => scheduler?.markDue(service));
    const hookSlots = new HookSlots(options.concurrency, () => scheduler?.slotFreed());
    const context: RuntimeContext = {
      graph,
      machines,
      options,
      events: this.#events,
      availability,
      hookSlots,
      eventBase: (machine): ServiceEventBase => {
        const at = options.clock.now() - origin;
        return machine.layer === undefined ? { name: machine.name, at } : { name: machine.name, layer: machine.layer, at };
      },
      inStart: (machine) => this.#state === 'starting' || this.#widening?.includes(machine) === true,
      halted: () => {
        if (this.#state !== 'stopping' && this.#state !== 'stopped' && this.#state !== 'failed') return undefined;
        return this.#abandonedBy === undefined ? 'stop' : 'rollback';
      },
      serviceReady: (machine) => this.#serviceReady(machine),
      runFailed: (machine, error) => {
        const widening = this.#widening;
        // A failure of what a widening started, before it is ready, fails the widening (as a failure fails a start).
        if (widening !== undefined && widening.fails(machine)) return this.#wideningFailed(widening, machine, error);
        supervisor?.runFailed(machine, error);
      },
      failureOutlook: (machine) => {
        const widening = this.#widening;
        if (widening !== undefined && widening.fails(machine)) return {};
        return supervisor?.restartsAfterFailure(machine) === true ? { willRestart: true } : {};
      },
      wake: (machine) => scheduler?.markDue(machine.index),
    };
    const readinessChanged = (): void => this.#readinessChanged();
    for (let index = 0; index < graph.services.length; index += 1) {
      const vertex = graph.services[index] as ServiceVertex;
      const layer = vertex.layer === undefined ? undefined : graph.layerNameOf(vertex.layer);
      const policy = policies[vertex.index] as ResolvedSupervisionPolicy;
      machines.push(new ServiceMachine(vertex, layer, policy, external.size === 0 ? undefined : external.get(vertex.index), availability, readinessChanged));
    }
    const stopper = new ServiceStopper(context);
    scheduler = new Scheduler(context, container, stopper);
    supervisor = new Supervisor(context, stopper, {
      startFailed: (machine, error) => this.#startFailed(machine, error),
      escalate: (error) => void this.#escalate(error),
      gaveUp: (machine, error) => this.#gaveUp(machine, error),
    });
    return { graph, machines, availability, scheduler, supervisor, stopper, release };
  }

  #serviceReady(machine: ServiceMachine): void {
    // Counted once per service: a service that became ready, failed and came back under retryStart counts once.
    if (!machine.countReadyOnce()) return;
    const parts = this.#parts as Parts;
    // From its first readiness it counts for ready/degraded (a deferred or widened one did not before).
    parts.availability.setCounted(machine.index, true);
    this.#readinessChanged();
    if (machine.vertex.deferred) {
      this.#deferredLeft -= 1;
      if (this.#deferredLeft === 0 && this.#readyAt !== undefined) this.#settle();
      return;
    }
    if (this.#state === 'starting') {
      this.#readyOnce += 1;
      if (this.#readyOnce === this.#toReady) this.#finishStart();
      return;
    }
    const widening = this.#widening;
    if (widening !== undefined && widening.memberReady(machine)) this.#finishWidening(widening);
  }

  #finishStart(): void {
    this.#readyAt = this.#options.clock.now() - this.#origin;
    this.#showAvailability(this.#readyAt);
    this.#settleStart?.resolve();
  }

  /** A failure the supervisor does not restart, of a service in a start ({@link RuntimeContext.inStart}): it fails that start. */
  #startFailed(machine: ServiceMachine, error: unknown): void {
    if (this.#state !== 'starting') {
      const widening = this.#widening;
      if (widening?.includes(machine) === true) this.#wideningFailed(widening, machine, error);
      return;
    }
    this.#rootCauses.push({ service: machine.name, error });
    this.#move('failed');
    this.#abandonStart('failure');
    void this.#rollBack().then((startError) => {
      this.#events.emit('failed', { name: this.#options.name, error: startError, durationMs: this.#options.clock.now() - this.#origin });
      this.#finish({ kind: 'start-failed', error: startError });
    });
  }

  /** Abandons the start (the runtime is halted: nothing new starts, nothing restarts); the hooks that run see their signal abort. */
  #abandonStart(by: 'failure' | 'stop'): void {
    const parts = this.#parts as Parts;
    this.#abandonedBy = by;
    parts.supervisor.cancelDelays();
    parts.scheduler.abortStarting(startAbandonedReason(by === 'failure' ? this.#rootCauses[0]?.service : undefined));
    for (const machine of parts.machines) if (machine.state === 'pending') machine.settleAfterTakeDown('rollback');
  }

  /** Stops what became ready, in reverse order; then `start()` rejects. Resolves with the start's error. */
  async #rollBack(): Promise<Error> {
    const parts = this.#parts as Parts;
    // Never inside the call that failed the start: its hooks run after it returned.
    await afterTheCall();
    this.#rollbackFailures.push(...(await parts.stopper.takeDown(() => true, 'rollback')));
    const skipped = parts.machines.filter((machine) => machine.state === 'skipped').map((machine) => machine.name);
    const error =
      this.#abandonedBy === 'stop' ? startupAbortedError(skipped, this.#rollbackFailures) : startupFailedError([...this.#rootCauses], skipped, this.#rollbackFailures);
    this.#startError = error;
    parts.availability.rejectWaiters(error);
    this.#settleStart?.reject(error);
    return error;
  }

  // ---- after the start --------------------------------------------------------------------------------------------

  /** `ready` while every service is available, `degraded` while some is not: changed inside the call that changes it. */
  #readinessChanged(): void {
    if (this.#state !== 'ready' && this.#state !== 'degraded') return;
    const all = (this.#parts as Parts).availability.allAvailable;
    if (all === (this.#state === 'ready')) return;
    this.#showAvailability(this.#options.clock.now() - this.#degradedSince);
  }

  /** Moves to `ready` or `degraded`, by availability, with its event (`readyMs`: what `ready` reports). */
  #showAvailability(readyMs: number): void {
    const parts = this.#parts as Parts;
    if (parts.availability.allAvailable) {
      this.#move('ready');
      this.#events.emit('ready', { name: this.#options.name, durationMs: readyMs });
      return;
    }
    this.#move('degraded');
    this.#degradedSince = this.#options.clock.now();
    const unavailable = parts.machines.filter((machine) => parts.availability.counts(machine.index) && !parts.availability.isAvailable(machine.index)).map((machine) => machine.name);
    this.#events.emit('degraded', { name: this.#options.name, unavailable });
  }

  /**
   * `lifecycle.restart(target)`: resolves when the service is available again.
   * @throws ReadyGraphError (as a rejection) `ERR_READYGRAPH_USAGE` unless `ready` or `degraded` and a service of its own.
   */
  public async restart(target: unknown, described: string): Promise<void> {
    const parts = this.#parts;
    if (parts === undefined || (this.#state !== 'ready' && this.#state !== 'degraded')) throw restartWhileNotRunningError(described, this.#state);
    const machine = parts.machines.find((candidate) => candidate.vertex.serviceIdentifier === target);
    if (machine === undefined) throw restartOfUnknownError(described);
    if (machine.external !== undefined) throw restartOfOwnedError(described, machine.external.name);
    if (machine.state === 'idle') throw idleTargetError('restart', described, machine.name, this.#onlyDescribed);
    await parts.supervisor.requestRestart(machine);
    await this.waitFor([machine.index], undefined);
  }

  #gaveUp(machine: ServiceMachine, error: ReadyGraphError): void {
    const parts = this.#parts as Parts;
    const blocked = transitiveDependents(parts.graph, [machine.index]);
    parts.availability.rejectWaiters(error, (vertex) => blocked.has(vertex));
  }

  async #escalate(error: ReadyGraphError): Promise<void> {
    if (this.#state !== 'ready' && this.#state !== 'degraded') return;
    this.#stopPromise = this.#stopAll(error).catch(() => undefined);
    await this.#stopPromise;
  }

  // ---- stop -------------------------------------------------------------------------------------------------------

  /** `stop()`: idempotent; see the class comment. */
  public stop(): Promise<void> {
    if (this.#stopPromise !== undefined) return this.#stopPromise;
    switch (this.#state) {
      case 'idle':
        this.#move('stopped');
        for (const waiting of this.#waitingForStart.splice(0)) waiting.reject(stoppedBeforeStartError());
        this.#finish({ kind: 'stopped' });
        this.#stopPromise = Promise.resolve();
        break;
      case 'starting':
        this.#stopPromise = this.#stopDuringStart();
        break;
      case 'ready':
      case 'degraded':
        this.#stopPromise = this.#stopAll(undefined);
        break;
      case 'failed':
      case 'stopping':
      case 'stopped': {
        // A failed start rolls back on its own: the stop waits for that, and for late stops, and reports nothing.
        const lateStops = (): Promise<void> => this.#parts?.scheduler.lateStops() ?? Promise.resolve();
        this.#stopPromise = (this.#startPromise ?? Promise.resolve()).then(lateStops, lateStops);
      }
    }
    return this.#stopPromise;
  }

  async #stopDuringStart(): Promise<void> {
    const stopOrigin = this.#beginStop();
    this.#abandonStart('stop');
    // The stop is announced inside the call; its work (the beforeStop hooks first) begins after stop() returned.
    await afterTheCall();
    const failures = await runBeforeStopHooks(this.#beforeStopHooks, false, this.#options.clock, this.#options.stopTimeoutMs);
    await this.#rollBack();
    await this.#finishStop(stopOrigin, failures, undefined);
  }

  /** A stop after the start (by `stop()`, or an escalation when `gaveUp` is set). */
  async #stopAll(gaveUp: ReadyGraphError | undefined): Promise<void> {
    const parts = this.#parts as Parts;
    const stopOrigin = this.#beginStop();
    this.#abandonWidening();
    parts.supervisor.cancelDelays();
    parts.availability.rejectWaiters(gaveUp ?? notReadyAgainError('the lifecycle', this.#state));
    // The stop is announced inside the call (an escalation's: inside the fail() that gave up); its hooks run after.
    await afterTheCall();
    const failures = await runBeforeStopHooks(this.#beforeStopHooks, true, this.#options.clock, this.#options.stopTimeoutMs);
    failures.push(...(await parts.stopper.takeDown(() => true, 'stop')));
    await this.#finishStop(stopOrigin, failures, gaveUp);
  }

  /** The stop is announced at once, so that readiness probes turn 503 before anything is torn down. */
  #beginStop(): number {
    this.#move('stopping');
    this.#events.emit('stopping', { name: this.#options.name });
    return this.#options.clock.now();
  }

  async #finishStop(stopOrigin: number, failures: ServiceFailure[], gaveUp: ReadyGraphError | undefined): Promise<void> {
    await (this.#parts as Parts).scheduler.lateStops();
    const durationMs = this.#options.clock.now() - stopOrigin;
    if (gaveUp !== undefined) {
      this.#move('failed');
      this.#events.emit('failed', { name: this.#options.name, error: gaveUp, durationMs });
      return this.#finish({ kind: 'gave-up', error: gaveUp });
    }
    this.#move('stopped');
    this.#events.emit('stopped', { name: this.#options.name, durationMs });
    // A stop during the start ends cleanly; its failures (beforeStop hooks) are the stop's own.
    if (failures.length === 0) return this.#finish({ kind: 'stopped' });
    const error = stopFailedError(failures);
    this.#finish({ kind: 'stop-failed', error });
    throw error;
  }

  // ---- how it ended -----------------------------------------------------------------------------------------------

  #finish(end: LifecycleEnd): void {
    if (this.#end !== undefined) return;
    this.#end = end;
    this.#parts?.release();
    for (const waiter of this.#endWaiters.splice(0)) waiter(end);
  }

  /** `whenStopped()`: resolves after a clean stop, rejects with what ended the lifecycle otherwise. */
  public whenStopped(): Promise<void> {
    const settle = (end: LifecycleEnd): Promise<void> => (end.kind === 'stopped' ? Promise.resolve() : Promise.reject(end.error));
    if (this.#end !== undefined) return settle(this.#end);
    return new Promise<LifecycleEnd>((resolve) => this.#endWaiters.push(resolve)).then(settle);
  }

  // ---- waiting for availability -----------------------------------------------------------------------------------

  /**
   * Resolves when every vertex of `vertices` is available at the same moment; rejects when the start fails, a stop
   * begins, supervision gives up on one of their dependencies (`escalate: false`), or `signal` aborts. Before
   * `start()` it waits for the start (the graph start() builds has the same vertices).
   */
  public waitFor(vertices: readonly number[], signal: AbortSignal | undefined, described = 'the target'): Promise<void> {
    const parts = this.#parts;
    if (this.#startError !== undefined) return Promise.reject(this.#startError);
    if (parts === undefined) {
      if (this.#state !== 'idle') return Promise.reject(notReadyAgainError(described, this.#state));
      return new Promise<void>((resolve, reject) =>
        this.#waitingForStart.push({ run: () => void this.waitFor(vertices, signal).then(resolve, reject), reject }),
      );
    }
    if (this.#state === 'stopping' || this.#state === 'stopped' || this.#state === 'failed') return Promise.reject(notReadyAgainError('the target', this.#state));
    // A target that needs an idle service would never be available: left out by start({ only }).
    const idle = closureOfVertices(parts.graph, vertices).find((service) => parts.machines[service]?.state === 'idle');
    if (idle !== undefined) return Promise.reject(idleTargetError('whenReady', described, (parts.machines[idle] as ServiceMachine).name, this.#onlyDescribed));
    for (const machine of parts.machines) {
      const gaveUp = machine.givenUp ? machine.gaveUpError : undefined;
      if (gaveUp === undefined) continue;
      const blocked = transitiveDependents(parts.graph, [machine.index]);
      if (vertices.some((vertex) => blocked.has(vertex))) return Promise.reject(gaveUp);
    }
    return parts.availability.waitAll(vertices, signal);
  }

  /** True while every vertex of `vertices` is available (false before the start). */
  public isAvailable(vertices: readonly number[]): boolean {
    const availability = this.#parts?.availability;
    return availability !== undefined && vertices.every((vertex) => availability.isAvailable(vertex));
  }

  // ---- status -----------------------------------------------------------------------------------------------------

  /** The start-up report: each service's status with when its start ended (ready or failed). */
  public report(): StartupReport {
    const parts = this.#parts as Parts;
    const inputs = parts.machines.map((machine) => {
      const ended = machine.readyAt ?? machine.failedAt;
      return { status: this.serviceStatus(machine), endedAt: ended === undefined ? undefined : ended - this.#origin };
    });
    const report = buildReport(this.#state, inputs, (service) => parts.graph.serviceDependencies(service));
    return {
      ...report,
      ...(this.#readyAt === undefined ? {} : { readyAtMs: this.#readyAt }),
      ...(this.#settledAt === undefined ? {} : { settledAtMs: this.#settledAt }),
    };
  }

  public serviceStatus(machine: ServiceMachine): ServiceStatus {
    const parts = this.#parts as Parts;
    return serviceStatus(machine, parts.machines, parts.graph, parts.availability, this.#origin);
  }
}
