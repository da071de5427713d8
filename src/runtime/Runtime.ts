import type { Container } from 'inversify';
import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import { supervisionOf } from '../graph/supervisionOf.js';
import { errorCodes } from '../errors/errorCodes.js';
import { messageOf } from '../errors/messageOf.js';
import { ReadyGraphError, type ServiceFailure } from '../errors/ReadyGraphError.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import type { EventHub } from './EventHub.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { ServiceStatus } from './LifecycleStatus.js';
import { serviceStatus } from './serviceStatus.js';
import { buildReport } from './buildReport.js';
import type { StartupReport } from './StartupReport.js';
import { runBeforeStopHooks, type BeforeStopHook } from './runBeforeStopHooks.js';
import { Scheduler } from './Scheduler.js';
import type { ServiceOwner } from './serviceOwners.js';
import { ServiceSlot } from './ServiceSlot.js';
import { assertLifecycleMove, type LifecycleState } from './states.js';
import { Supervisor } from './Supervisor.js';


/**
 * The running side of one Lifecycle, from `start()` on: its services, their scheduler and supervisor, and the state
 * machine of the whole. The rules, as this class enforces them:
 * - `start()` resolves when every service has become ready once; the lifecycle is then `ready`, or `degraded` if
 *   something is unavailable by then. Until then any failure is a start failure (rollback in reverse order,
 *   `ERR_READYGRAPH_STARTUP` with the root causes) unless the failing service has `retryStart`.
 * - After the start the lifecycle is `ready` while every service is available and `degraded` while some is not; the
 *   change is made inside the call that causes it.
 * - A stop wins: it halts the scheduler (no new `onReady`), cancels backoff delays, aborts the hooks that run, runs
 *   the `beforeStop` hooks, stops every run that became ready in reverse order, and waits for the late stops owed
 *   to hooks that outlived their timeout. Its failures are collected and reported at the end.
 * - Giving up with `escalate` is a stop that ends `failed`; `whenStopped()` rejects with `ERR_READYGRAPH_GAVE_UP`.
 */
export class Runtime {
  public readonly slots: readonly ServiceSlot[];
  public readonly scheduler: Scheduler;
  public readonly graph: VertexGraph;
  readonly #graph: VertexGraph;
  readonly #options: ResolvedLifecycleOptions;
  readonly #events: EventHub;
  readonly #beforeStopHooks: ReadonlySet<BeforeStopHook>;
  readonly #supervisor: Supervisor;
  readonly #origin: number;
  #state: LifecycleState = 'starting';
  #starting = true;
  #readyOnce = 0;
  #degradedSince = 0;
  #settleStart: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #startPromise: Promise<void> | undefined;
  #stopPromise: Promise<void> | undefined;
  #abortedBy: 'failure' | 'stop' | undefined;
  #rootCauses: ServiceFailure[] = [];
  #rollbackFailures: ServiceFailure[] = [];
  /** How the lifecycle ended, for `whenStopped()`: `null` stopped cleanly, an error otherwise; undefined until then. */
  #outcome: Error | null | undefined;
  #outcomeWaiters: Array<(outcome: Error | null) => void> = [];
  /** Called once when the lifecycle has ended (stopped or failed): the services it owns are given back. */
  readonly #onEnd: () => void;
  public startError: Error | undefined;

  public constructor(
    graph: VertexGraph,
    container: Container,
    options: ResolvedLifecycleOptions,
    events: EventHub,
    beforeStopHooks: ReadonlySet<BeforeStopHook>,
    external: ReadonlyMap<number, ServiceOwner>,
    onEnd: () => void,
  ) {
    this.#onEnd = onEnd;
    this.graph = graph;
    this.#graph = graph;
    this.#options = options;
    this.#events = events;
    this.#beforeStopHooks = beforeStopHooks;
    this.#origin = options.clock.now();
    const policies = supervisionOf(graph);
    this.slots = graph.services.map(
      (vertex) =>
        new ServiceSlot(
          vertex,
          vertex.layer === undefined ? undefined : graph.layerNameOf(vertex.layer),
          policies[vertex.index] as ResolvedSupervisionPolicy,
          external.get(vertex.index),
        ),
    );
    const eventBase = (slot: ServiceSlot): ServiceEventBase => this.eventBase(slot);
    this.scheduler = new Scheduler(graph, this.slots, container, options, events, eventBase, {
      runFailed: (slot, error) => this.#supervisor.runFailed(slot, error),
      serviceReady: (slot) => this.#serviceReady(slot),
      readinessChanged: () => this.#readinessChanged(),
    });
    this.#supervisor = new Supervisor(graph, this.slots, this.scheduler, options.clock, events, eventBase, {
      isStarting: () => this.#starting,
      startFailed: (slot, error) => this.#startFailed(slot, error),
      escalate: (error) => void this.#escalate(error),
      gaveUp: (slot, error) => this.#gaveUp(slot, error),
    });
  }

  public get state(): LifecycleState {
    return this.#state;
  }

  /** Supervision gave up with `escalate` and stopped the lifecycle. */
  public escalated = false;

  public eventBase(slot: ServiceSlot): ServiceEventBase {
    const at = this.#options.clock.now() - this.#origin;
    return slot.layer === undefined ? { name: slot.name, at } : { name: slot.name, layer: slot.layer, at };
  }

  public start(): Promise<void> {
    this.#startPromise ??= new Promise<void>((resolve, reject) => {
      this.#settleStart = { resolve, reject };
      if (this.slots.length === 0) this.#finishStart();
      else this.scheduler.begin();
    });
    return this.#startPromise;
  }

  // ---- start ------------------------------------------------------------------------------------------------------

  #serviceReady(slot: ServiceSlot): void {
    // Counted once per service: a service that became ready, failed and came back under retryStart counts once.
    if (!this.#starting || this.#abortedBy !== undefined || slot.countedReady) return;
    slot.countedReady = true;
    this.#readyOnce += 1;
    if (this.#readyOnce === this.slots.length) this.#finishStart();
  }

  #finishStart(): void {
    this.#starting = false;
    const durationMs = this.#options.clock.now() - this.#origin;
    if (this.scheduler.availability.allAvailable) {
      this.#move('ready');
      this.#events.emit('ready', { name: this.#options.name, durationMs });
    } else {
      this.#move('degraded');
      this.#degradedSince = this.#options.clock.now();
      this.#events.emit('degraded', { name: this.#options.name, unavailable: this.#unavailable() });
    }
    this.#settleStart?.resolve();
  }

  #startFailed(slot: ServiceSlot, error: unknown): void {
    if (!this.#starting || this.#abortedBy !== undefined) return;
    this.#rootCauses.push({ service: slot.name, error });
    this.#abortStart('failure');
    this.#move('failed');
    void this.#rollBack().then((error) => {
      this.#events.emit('failed', { name: this.#options.name, error, durationMs: this.#options.clock.now() - this.#origin });
      this.#end(error);
    });
  }

  /** Abandons the start: nothing new starts, nothing restarts, the hooks that run see their signal abort. */
  #abortStart(by: 'failure' | 'stop'): void {
    this.#abortedBy = by;
    this.#halt('rollback');
    const cause = by === 'failure' ? `"${this.#rootCauses[0]?.service ?? '?'}" failed` : 'stop() was called';
    this.scheduler.abortStarting(new DOMException(`the start was abandoned because ${cause}`, 'AbortError'));
    for (const slot of this.slots) if (slot.state === 'pending') this.scheduler.move(slot, 'skipped');
  }

  /** Stops what became ready, in reverse order; then `start()` rejects. Resolves with the start's error. */
  async #rollBack(): Promise<Error> {
    // Never inside the call that failed the start: its hooks run after it returned.
    await Promise.resolve();
    this.#rollbackFailures.push(...(await this.scheduler.takeDown(() => true, 'rollback', (slot) => (slot.state === 'failed' ? 'failed' : 'stopped'))));
    const error = this.#startupError();
    this.startError = error;
    this.scheduler.availability.rejectWaiters(error);
    this.#starting = false;
    this.#settleStart?.reject(error);
    return error;
  }

  #startupError(): ReadyGraphError {
    const skipped = this.slots.filter((slot) => slot.state === 'skipped').map((slot) => slot.name);
    const failures = [...this.#rootCauses];
    const skippedText = skipped.length === 0 ? '' : ` ${skipped.length} service(s) never started: ${skipped.join(', ')}.`;
    if (this.#abortedBy === 'stop') {
      return new ReadyGraphError(errorCodes.startup, `start() was aborted by stop(), called while starting; running hooks were aborted and awaited.${skippedText}`, {
        failures,
        skipped,
        rollbackFailures: this.#rollbackFailures,
      });
    }
    return new ReadyGraphError(
      errorCodes.startup,
      `start() failed: ${describeFailures(failures)}.${skippedText} The services that had become ready were stopped in reverse order; ` +
        'fix the failing service (see failures and cause) and start again.',
      { failures, skipped, rollbackFailures: this.#rollbackFailures, cause: failures[0]?.error },
    );
  }

  // ---- after the start --------------------------------------------------------------------------------------------

  /** `ready` while every service is available, `degraded` while some is not: changed inside the call that changes it. */
  #readinessChanged(): void {
    if (this.#state !== 'ready' && this.#state !== 'degraded') return;
    const all = this.scheduler.availability.allAvailable;
    if (all && this.#state === 'degraded') {
      this.#move('ready');
      this.#events.emit('ready', { name: this.#options.name, durationMs: this.#options.clock.now() - this.#degradedSince });
    } else if (!all && this.#state === 'ready') {
      this.#move('degraded');
      this.#degradedSince = this.#options.clock.now();
      this.#events.emit('degraded', { name: this.#options.name, unavailable: this.#unavailable() });
    }
  }

  #unavailable(): string[] {
    return this.slots.filter((slot) => !this.scheduler.availability.isAvailable(slot.index)).map((slot) => slot.name);
  }

  /** `lifecycle.restart()`: resolves when the service is available again. */
  public async restart(slot: ServiceSlot): Promise<void> {
    await this.#supervisor.requestRestart(slot);
    await this.waitFor([slot.index], undefined);
  }

  #gaveUp(slot: ServiceSlot, error: ReadyGraphError): void {
    slot.gaveUpError = error;
    const blocked = this.scheduler.availability.dependentsOf(slot.index);
    this.scheduler.availability.rejectWaiters(error, (vertex) => blocked.has(vertex));
  }

  async #escalate(error: ReadyGraphError): Promise<void> {
    if (this.#state !== 'ready' && this.#state !== 'degraded') return;
    this.escalated = true;
    this.#stopPromise = this.#stopAll(error).catch(() => undefined);
    await this.#stopPromise;
  }

  // ---- stop -------------------------------------------------------------------------------------------------------

  public stop(): Promise<void> {
    if (this.#stopPromise !== undefined) return this.#stopPromise;
    switch (this.#state) {
      case 'starting':
        this.#stopPromise = this.#stopDuringStart();
        break;
      case 'ready':
      case 'degraded':
        this.#stopPromise = this.#stopAll(undefined);
        break;
      case 'idle':
      case 'failed':
      case 'stopping':
      case 'stopped':
        // A failed start rolls back on its own: the stop waits for that, and for late stops, and reports nothing.
        this.#stopPromise = (this.#startPromise ?? Promise.resolve()).then(
          () => this.scheduler.lateStops(),
          () => this.scheduler.lateStops(),
        );
    }
    return this.#stopPromise;
  }

  async #stopDuringStart(): Promise<void> {
    const stopOrigin = this.#beginStop();
    this.#abortStart('stop');
    // The stop is announced inside the call; its work (the beforeStop hooks first) begins after stop() returned.
    await Promise.resolve();
    const failures = await runBeforeStopHooks(this.#beforeStopHooks, false, this.#options.clock, this.#options.stopTimeoutMs);
    await this.#rollBack();
    await this.#finishStop(stopOrigin, failures, undefined);
  }

  /** A stop after the start (by `stop()`, or an escalation when `gaveUp` is set). */
  async #stopAll(gaveUp: ReadyGraphError | undefined): Promise<void> {
    const stopOrigin = this.#beginStop();
    this.#halt('stop');
    this.scheduler.availability.rejectWaiters(gaveUp ?? this.stoppedError('the lifecycle'));
    // The stop is announced inside the call (an escalation's: inside the fail() that gave up); its hooks run after.
    await Promise.resolve();
    const failures = await runBeforeStopHooks(this.#beforeStopHooks, true, this.#options.clock, this.#options.stopTimeoutMs);
    failures.push(...(await this.scheduler.takeDown(() => true, 'stop', (slot) => (slot.state === 'failed' ? 'failed' : 'stopped'))));
    await this.#finishStop(stopOrigin, failures, gaveUp);
  }

  /** No new `onReady`, no restart: the stops from now on are `reason` (a rollback while starting, else a stop). */
  #halt(reason: 'stop' | 'rollback'): void {
    this.scheduler.halted = true;
    this.scheduler.haltedFor = reason;
    this.#supervisor.cancelDelays();
  }

  /** The stop is announced at once, so that readiness probes turn 503 before anything is torn down. */
  #beginStop(): number {
    this.#move('stopping');
    this.#events.emit('stopping', { name: this.#options.name });
    return this.#options.clock.now();
  }

  async #finishStop(stopOrigin: number, failures: ServiceFailure[], gaveUp: ReadyGraphError | undefined): Promise<void> {
    await this.scheduler.lateStops();
    // Failures of late stops (hooks that outlived their start timeout) met during a rollback.
    if (this.#abortedBy === undefined) failures.push(...this.#rollbackFailures);
    const durationMs = this.#options.clock.now() - stopOrigin;
    if (gaveUp !== undefined) {
      this.#move('failed');
      this.#events.emit('failed', { name: this.#options.name, error: gaveUp, durationMs });
      this.#end(gaveUp);
      return;
    }
    this.#move('stopped');
    this.#events.emit('stopped', { name: this.#options.name, durationMs });
    if (failures.length === 0) {
      // A stop during the start ends cleanly; only a failed start leaves its error to whenStopped().
      this.#end(this.#abortedBy === 'failure' ? (this.startError ?? null) : null);
      return;
    }
    const error = new ReadyGraphError(
      errorCodes.stop,
      `stop() finished, but ${failures.length} onStop hook(s) failed: ${describeFailures(failures)}. Every other service was stopped.`,
      { failures },
    );
    this.#end(error);
    throw error;
  }

  // ---- how it ended -----------------------------------------------------------------------------------------------

  #end(outcome: Error | null): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#onEnd();
    for (const waiter of this.#outcomeWaiters.splice(0)) waiter(outcome);
  }

  /** `whenStopped()`: resolves after a clean stop, rejects with what ended the lifecycle otherwise. */
  public whenStopped(): Promise<void> {
    const settle = (outcome: Error | null): Promise<void> => (outcome === null ? Promise.resolve() : Promise.reject(outcome));
    if (this.#outcome !== undefined) return settle(this.#outcome);
    return new Promise<Error | null>((resolve) => this.#outcomeWaiters.push(resolve)).then(settle);
  }

  // ---- waiting for availability -----------------------------------------------------------------------------------

  /**
   * Resolves when every vertex of `vertices` is available at the same moment; rejects when the start fails, a stop
   * begins, supervision gives up on one of their dependencies (`escalate: false`), or `signal` aborts.
   */
  public waitFor(vertices: readonly number[], signal: AbortSignal | undefined): Promise<void> {
    const availability = this.scheduler.availability;
    const refused = this.#refusal(vertices);
    if (refused !== undefined) return Promise.reject(refused);
    return availability.waitAll(vertices, signal);
  }

  #refusal(vertices: readonly number[]): Error | undefined {
    if (this.startError !== undefined) return this.startError;
    if (this.#state === 'stopping' || this.#state === 'stopped' || this.#state === 'failed') return this.stoppedError('the target');
    const givenUp = this.slots.filter((slot) => slot.givenUp);
    for (const slot of givenUp) {
      const blocked = this.scheduler.availability.dependentsOf(slot.index);
      if (vertices.some((vertex) => blocked.has(vertex))) return slot.gaveUpError;
    }
    return undefined;
  }

  public stoppedError(what: string): ReadyGraphError {
    return new ReadyGraphError(errorCodes.usage, `whenReady(${what}): the lifecycle is ${this.#state}; it will not become ready again`);
  }

  // ---- status -----------------------------------------------------------------------------------------------------

  /** The start-up report: each service's status with when its start ended (ready or failed). */
  public report(): StartupReport {
    const inputs = this.slots.map((slot) => {
      const ended = slot.readyAt ?? slot.failedAt;
      return { status: this.serviceStatus(slot), endedAt: ended === undefined ? undefined : ended - this.#origin };
    });
    return buildReport(this.#state, inputs, (service) => this.#graph.serviceDependencies(service));
  }

  public serviceStatus(slot: ServiceSlot): ServiceStatus {
    return serviceStatus(slot, this.slots, this.#graph, this.scheduler.availability, this.#origin);
  }

  #move(to: LifecycleState): void {
    assertLifecycleMove(this.#state, to);
    this.#state = to;
  }
}

/** `"Name": message; "Other": message`, for the messages of the startup and stop errors. */
function describeFailures(failures: readonly ServiceFailure[]): string {
  return failures.map((failure) => `"${failure.service}": ${messageOf(failure.error)}`).join('; ');
}
