import type { Container, ServiceIdentifier } from 'inversify';
import type { DependsOnTarget } from '../decorators/DependsOnTarget.js';
import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer } from '../decorators/layer.js';
import { errorCodes } from '../errors/errorCodes.js';
import { describeValue } from '../errors/describeValue.js';
import { ReadyGraphError, type ServiceFailure } from '../errors/ReadyGraphError.js';
import { at } from '../graph/Adjacency.js';
import { buildGraph } from '../graph/buildGraph.js';
import { displayName } from '../graph/displayName.js';
import { bindingReaderOf, type BindingReader } from '../graph/inversifyAdapter.js';
import { Reachability } from '../graph/Reachability.js';
import { resolveVertex } from '../graph/resolveVertex.js';
import type { ReadinessGraph, ServiceVertex } from '../graph/ReadinessGraph.js';
import { EventHub } from './EventHub.js';
import type { BeforeStopContext } from './hooks.js';
import type { LifecycleEventName, LifecycleListener, ServiceEventBase } from './LifecycleEvents.js';
import { resolveLifecycleOptions, type LifecycleOptions, type ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { LifecycleStatus, ServiceStatus } from './LifecycleStatus.js';
import { callHook } from './callHook.js';
import { runHook, succeeded, type HookOutcome } from './runHook.js';
import { HookContext } from './HookContext.js';
import { TimeoutQueue, type TimeoutHandle } from './TimeoutQueue.js';
import { installSignalHandlers, type StopOnSignalsOptions } from './stopOnSignals.js';
import { stopInReverse } from './stopInReverse.js';
import type { StartupReport } from './StartupReport.js';
import { buildReport } from './buildReport.js';
import { attachLogger } from './attachLogger.js';
import { assertLifecycleMove, assertServiceMove, type LifecycleState, type ServiceState } from './states.js';
import { messageOf } from '../errors/messageOf.js';

/** What the runtime knows of one service during a run. Times are on the clock's scale. */
interface ServiceRun {
  readonly vertex: ServiceVertex;
  readonly layer: string | undefined;
  state: ServiceState;
  instance: unknown;
  /** The context of its `onReady` while its start runs (made when the start begins), so that an abort reaches it. */
  context: HookContext | undefined;
  /** While its start runs: whether the container has resolved it yet, and its start timeout. */
  resolved: boolean;
  timeout: TimeoutHandle | undefined;
  startedAt: number | undefined;
  readyAt: number | undefined;
  failedAt: number | undefined;
  stoppedAt: number | undefined;
  error: unknown;
  stopError: unknown;
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface PendingTarget extends Waiter {
  readonly target: DependsOnTarget;
}

type AbortKind = 'failure' | 'stop';

/**
 * Starts and stops the lifecycle services of an Inversify container in readiness order.
 *
 * The rules, as this class enforces them:
 * - `start()` validates the graph before constructing anything, then calls each `onReady` as soon as everything the
 *   service waits for is ready; independent services start concurrently (at most `concurrency` hooks at once).
 * - The first failure (a throw, a rejection, a timeout) abandons the start: nothing new starts, running hooks see
 *   their signal abort and are awaited (each within its timeout), and every service that became ready is stopped in
 *   reverse order before `start()` rejects with `ERR_READYGRAPH_STARTUP`.
 * - `stop()` runs backwards: a service's `onStop` runs only after every service that waits for it has stopped. It
 *   keeps going after errors and reports them all at the end.
 * - A lifecycle runs once: it is not restarted after a stop.
 */
export class Lifecycle implements AsyncDisposable {
  readonly #container: Container;
  readonly #options: ResolvedLifecycleOptions;
  readonly #events = new EventHub();
  #reader: BindingReader | undefined;
  #state: LifecycleState = 'idle';
  #graph: ReadinessGraph | undefined;
  #runs: ServiceRun[] = [];
  #origin = 0;
  #stopOrigin = 0;
  #startPromise: Promise<void> | undefined;
  #stopPromise: Promise<void> | undefined;
  #startError: Error | undefined;
  #aborted: AbortKind | undefined;
  #rootCauses: ServiceFailure[] = [];
  #rollbackFailures: ServiceFailure[] = [];
  // Scheduling of the start: vertices whose dependencies are all ready wait in #queue until a slot is free.
  #remaining: Int32Array = new Int32Array(0);
  #vertexReady: Uint8Array = new Uint8Array(0);
  #queue: number[] = [];
  #queueHead = 0;
  #running = 0;
  #readyServices = 0;
  #settle: (() => void) | undefined;
  #waiters = new Map<number, Waiter[]>();
  #pendingTargets: PendingTarget[] = [];
  #lateStops = new Set<Promise<void>>();
  #beforeStopHooks = new Set<(context: BeforeStopContext) => void | Promise<void>>();
  #wasReady = false;
  // One timer per kind of hook at a time, whatever the number of hooks (see TimeoutQueue).
  readonly #startTimeouts: TimeoutQueue | undefined;
  readonly #stopTimeouts: TimeoutQueue | undefined;

  /**
   * @param container The container whose bindings make the graph; read at `graph()` and `start()`, so bind first.
   * @param options See {@link LifecycleOptions}.
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a container that is not an InversifyJS 8 container or for bad
   *   options (the message quotes the value).
   */
  public constructor(container: Container, options?: LifecycleOptions) {
    const candidate = container as Partial<Container> | undefined;
    if (typeof candidate !== 'object' || candidate === null || typeof candidate.getAsync !== 'function' || typeof candidate.register !== 'function') {
      throw new ReadyGraphError(
        errorCodes.usage,
        `new Lifecycle(container): container must be an InversifyJS 8 Container; got ${describeValue(container)}`,
      );
    }
    this.#container = container;
    this.#options = resolveLifecycleOptions(options);
    const { clock, startTimeoutMs, stopTimeoutMs } = this.#options;
    this.#startTimeouts = startTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, startTimeoutMs);
    this.#stopTimeouts = stopTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, stopTimeoutMs);
    this.#events.channelPayload = (payload) => ({ ...payload, lifecycle: this });
    if (this.#options.logger !== undefined) attachLogger(this, this.#options.logger, this.#options.slowHookMs);
  }

  /**
   * Builds and validates the readiness graph from the container's current bindings without constructing anything.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_CYCLE`, `ERR_READYGRAPH_MISSING_DEPENDENCY` or `ERR_READYGRAPH_SCOPE`.
   */
  public graph(): ReadinessGraph {
    this.#reader ??= bindingReaderOf(this.#container);
    return buildGraph(this.#reader, { implicitDependencies: this.#options.implicitDependencies });
  }

  /**
   * Validates the graph, resolves the lifecycle services through the container and brings them up in readiness
   * order. Resolves when every lifecycle service is ready. Calling it again while starting or started returns the
   * same promise.
   *
   * @throws ReadyGraphError a graph error itself (nothing was constructed); `ERR_READYGRAPH_STARTUP` when a hook
   *   failed (after the rollback) or `stop()` abandoned the start; `ERR_READYGRAPH_USAGE` after `stop()`.
   */
  public start(): Promise<void> {
    if (this.#state === 'idle') {
      this.#startPromise = this.#start();
      return this.#startPromise;
    }
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      return Promise.reject(
        new ReadyGraphError(errorCodes.usage, `start() after stop(): a Lifecycle runs once; make a new Lifecycle (and container) to start again`),
      );
    }
    return this.#startPromise as Promise<void>;
  }

  /**
   * Stops every service that became ready, in reverse readiness order, independent ones concurrently. Best effort:
   * a failing or timed-out `onStop` does not prevent the others. Idempotent. Called during `start()`, it abandons
   * the start (which rejects with `ERR_READYGRAPH_STARTUP`) and then stops.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_STOP` listing every `onStop` that failed or timed out.
   */
  public stop(): Promise<void> {
    if (this.#stopPromise !== undefined) return this.#stopPromise;
    switch (this.#state) {
      case 'idle':
        this.#move('stopped');
        this.#stopPromise = Promise.resolve();
        break;
      case 'starting':
        this.#stopPromise = this.#stopDuringStart();
        break;
      case 'ready':
        this.#stopPromise = this.#stopAfterReady();
        break;
      case 'failed':
        // The failed start rolls back on its own; stopping waits for that, and for late stops, and reports nothing.
        this.#stopPromise = (this.#startPromise ?? Promise.resolve()).then(
          () => this.#awaitLateStops(),
          () => this.#awaitLateStops(),
        );
        break;
      case 'stopping':
      case 'stopped':
        this.#stopPromise = Promise.resolve();
        break;
    }
    return this.#stopPromise;
  }

  /** The lifecycle's state, without building a snapshot (cheap enough for a probe on every request). */
  public get state(): LifecycleState {
    return this.#state;
  }

  /**
   * Adds work to do when a stop begins, after the `stopping` event (readiness is already off) and before the first
   * `onStop` — for example a drain delay that lets load balancers notice. Hooks run together, each within
   * `stopTimeoutMs`; a failure is reported by `stop()` like a failed `onStop` and the stop goes on. Returns a function
   * that removes the hook.
   */
  public beforeStop(hook: (context: BeforeStopContext) => void | Promise<void>): () => void {
    this.#beforeStopHooks.add(hook);
    return () => {
      this.#beforeStopHooks.delete(hook);
    };
  }

  /** Stops the lifecycle: `await using lifecycle = new Lifecycle(container)`. */
  public async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /**
   * Resolves when `target` (a service identifier or a layer) is ready, at once if it already is. The latch for code
   * outside the hooks (a request handler, an incoming peer connection). A bound service that is not a lifecycle
   * service has no readiness of its own and resolves at once.
   *
   * @throws ReadyGraphError (as a rejection) `ERR_READYGRAPH_USAGE` for an unbound target; the start's error if the
   *   start fails (or is stopped) before the target is ready.
   */
  public whenReady(target: ServiceIdentifier | DependsOnTarget): Promise<void> {
    if (this.#graph === undefined) {
      // Before start(): check the target now, map it onto the graph start() builds.
      try {
        this.#targetVertices(this.graph(), target);
      } catch (error) {
        return Promise.reject(asError(error));
      }
      if (this.#state === 'idle') {
        return new Promise<void>((resolve, reject) => this.#pendingTargets.push({ target, resolve, reject }));
      }
      return this.#startError !== undefined ? Promise.reject(this.#startError) : Promise.reject(this.#stoppedError(target));
    }
    let vertices: number[];
    try {
      vertices = this.#targetVertices(this.#graph, target);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    return Promise.all(vertices.map((vertex) => this.#waitFor(vertex, target))).then(() => undefined);
  }

  /** A JSON-serialisable snapshot: the lifecycle's state and each service's state, times and error. */
  public status(): LifecycleStatus {
    if (this.#graph === undefined) {
      let nodes: ReadinessGraph['nodes'] = [];
      try {
        nodes = this.graph().nodes;
      } catch {
        // An invalid graph has no services to show; graph() and start() report why.
      }
      return {
        state: this.#state,
        services: nodes.map((node) => ({ ...node, dependsOn: [...node.dependsOn], state: 'pending' as const })),
      };
    }
    return { state: this.#state, services: this.#runs.map((run) => this.#serviceStatus(run)) };
  }

  /**
   * What the start cost and why: per service its layer, start, end and duration; the critical path (the chain of
   * services that decided the total time); the slowest hooks. Meaningful after a start, successful or not.
   */
  public report(): StartupReport {
    const graph = this.#graph;
    if (graph === undefined) return buildReport(this.#state, this.status().services.map((status) => ({ status, endedAt: undefined })), () => []);
    const inputs = this.#runs.map((run) => {
      const ended = run.readyAt ?? run.failedAt;
      return { status: this.#serviceStatus(run), endedAt: ended === undefined ? undefined : ended - this.#origin };
    });
    return buildReport(this.#state, inputs, (service) => graph.serviceDependencies(service));
  }

  /**
   * Stops the lifecycle on SIGINT/SIGTERM (or the given signals): the first signal stops gracefully and exits 0
   * (1 if the stop failed); a second signal, or `forceAfterMs` after the first, exits at once with 128 + the signal's
   * number (130 for SIGINT, 143 for SIGTERM), naming the hooks still running. Returns a function that uninstalls the
   * handlers.
   */
  public stopOnSignals(options: StopOnSignalsOptions = {}): () => void {
    return installSignalHandlers(this, options);
  }

  /** Adds a listener; see {@link LifecycleEvents} for the events and what they carry. */
  public on<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): this {
    this.#events.on(event, listener);
    return this;
  }

  /** Removes a listener added with {@link Lifecycle.on}. */
  public off<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): this {
    this.#events.off(event, listener);
    return this;
  }

  // ---- start ------------------------------------------------------------------------------------------------------

  async #start(): Promise<void> {
    this.#move('starting');
    this.#origin = this.#options.clock.now();
    this.#events.emit('starting', { name: this.#options.name });
    let graph: ReadinessGraph;
    try {
      graph = this.graph();
    } catch (caught) {
      const error = asError(caught);
      this.#move('failed');
      this.#startError = error;
      this.#events.emit('failed', { name: this.#options.name, error, durationMs: this.#options.clock.now() - this.#origin });
      for (const pending of this.#pendingTargets.splice(0)) pending.reject(error);
      throw error;
    }
    this.#graph = graph;
    this.#runs = graph.services.map((vertex) => ({
      vertex,
      layer: vertex.layer === undefined ? undefined : graph.layerNameOf(vertex.layer),

      state: 'pending',
      instance: undefined,
      context: undefined,
      resolved: false,
      timeout: undefined,
      startedAt: undefined,
      readyAt: undefined,
      failedAt: undefined,
      stoppedAt: undefined,
      error: undefined,
      stopError: undefined,
    }));
    // Targets asked for before start() now wait as if asked for now.
    for (const pending of this.#pendingTargets.splice(0)) void this.whenReady(pending.target).then(pending.resolve, pending.reject);

    const vertexCount = graph.vertices.length;
    this.#remaining = graph.dependencies.degrees();
    this.#vertexReady = new Uint8Array(vertexCount);
    const settled = new Promise<void>((resolve) => {
      this.#settle = resolve;
    });
    for (let vertex = 0; vertex < vertexCount; vertex += 1) if (this.#remaining[vertex] === 0) this.#eligible(vertex);
    this.#pump();
    this.#checkSettled();
    await settled;

    if (this.#aborted === undefined) {
      this.#move('ready');
      this.#events.emit('ready', { name: this.#options.name, durationMs: this.#options.clock.now() - this.#origin });
      return;
    }
    const error = this.#startupError();
    this.#startError = error;
    for (const list of this.#waiters.values()) for (const waiter of list) waiter.reject(error);
    this.#waiters.clear();
    if (this.#aborted === 'failure') {
      // Roll back: stop what became ready, in reverse order, before reporting the failure.
      this.#rollbackFailures.push(...(await this.#stopReadyServices()));
      this.#events.emit('failed', { name: this.#options.name, error, durationMs: this.#options.clock.now() - this.#origin });
    }
    throw error;
  }

  /** `vertex` has nothing left to wait for: a layer is ready at once, a service queues for a start slot. */
  #eligible(vertex: number): void {
    if ((this.#graph as ReadinessGraph).vertices[vertex]?.kind === 'service') this.#queue.push(vertex);
    else this.#markReady(vertex);
  }

  /** Marks `vertex` ready, releases its waiters, and makes eligible what no longer waits for anything. */
  #markReady(first: number): void {
    const graph = this.#graph as ReadinessGraph;
    // Layers that become ready in turn are handled on a stack; most vertices have none and need no array.
    let stack: number[] | undefined;
    for (let vertex: number | undefined = first; vertex !== undefined; vertex = stack?.pop()) {
      this.#vertexReady[vertex] = 1;
      if (this.#waiters.size > 0) {
        const waiters = this.#waiters.get(vertex);
        if (waiters !== undefined) {
          this.#waiters.delete(vertex);
          for (const waiter of waiters) waiter.resolve();
        }
      }
      const { offsets, targets } = graph.dependents;
      for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
        const dependent = at(targets, slot);
        const left = at(this.#remaining, dependent) - 1;
        this.#remaining[dependent] = left;
        if (left !== 0) continue;
        if (graph.vertices[dependent]?.kind === 'service') this.#queue.push(dependent);
        else (stack ??= []).push(dependent);
      }
    }
  }

  #pump(): void {
    while (this.#aborted === undefined && this.#queueHead < this.#queue.length && this.#running < this.#options.concurrency) {
      const vertex = this.#queue[this.#queueHead] as number;
      this.#queueHead += 1;
      this.#startService(this.#runs[vertex] as ServiceRun);
    }
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    }
  }

  #checkSettled(): void {
    const done = this.#aborted === undefined ? this.#readyServices === this.#runs.length : this.#running === 0;
    if (done && this.#settle !== undefined) {
      const settle = this.#settle;
      this.#settle = undefined;
      settle();
    }
  }

  /**
   * Starts one service: resolves it, calls its `onReady`, and settles it once — at the hook's end or at its timeout,
   * whichever comes first. Written out rather than through `runHook`, because this runs once per service on the path
   * of every start: a few closures and promises per service instead of a dozen.
   */
  #startService(run: ServiceRun): void {
    const vertex = run.vertex;
    this.#running += 1;
    this.#serviceMove(run, 'starting');
    run.startedAt = this.#options.clock.now();
    if (this.#events.wants('service:starting')) this.#events.emit('service:starting', this.#eventBase(run));
    const context = new HookContext(vertex.name);
    run.context = context;
    run.timeout = this.#startTimeouts?.add(this.#startTimedOut, run, run.startedAt);
    // A start is settled once — by its hook, its failure or its timeout — and its state leaves 'starting' then.
    const succeed = (): void => {
      // Resolving after its timeout, the hook did make its service ready: it is stopped now, not leaked.
      if (run.state !== 'starting') return this.#lateReady(run);
      this.#startSettled(run, undefined);
    };
    const fail = (error: unknown): void => {
      if (run.state !== 'starting') return;
      this.#startSettled(run, error ?? new Error(`onReady of "${vertex.name}" rejected without a reason`));
    };
    const callOnReady = (instance: unknown): void => {
      run.instance = instance;
      run.resolved = true;
      if (!vertex.hasOnReady) return succeed();
      let result: unknown;
      try {
        result = callHook(instance, 'onReady', context, vertex.name);
      } catch (error) {
        return fail(error);
      }
      // Followed here rather than returned from a `then` callback, which would cost one more promise and an
      // adoption step per service.
      void Promise.resolve(result).then(succeed, fail);
    };
    try {
      void resolveVertex(this.#container, vertex).then(callOnReady, fail);
    } catch (error) {
      fail(asError(error));
    }
  }

  /** A start (resolving the service, then its `onReady`) outlived `startTimeoutMs`: it fails, and its signal aborts. */
  readonly #startTimedOut = (run: ServiceRun): void => {
    if (run.state !== 'starting') return;
    const error = this.#startTimeoutError(run.vertex, run.resolved);
    if (run.context !== undefined) HookContext.abort(run.context, error);
    this.#startSettled(run, error);
  };

  #startTimeoutError(vertex: ServiceVertex, resolved: boolean): ReadyGraphError {
    const { startTimeoutMs } = this.#options;
    return new ReadyGraphError(
      errorCodes.startTimeout,
      resolved
        ? `onReady of "${vertex.name}" did not settle within ${startTimeoutMs} ms (startTimeoutMs); resolve its promise or raise the timeout`
        : `resolving "${vertex.name}" from the container (its async activation) did not settle within ${startTimeoutMs} ms (startTimeoutMs); ` +
            'resolve the activation promise or raise the timeout',
      { service: vertex.name, timeoutMs: startTimeoutMs },
    );
  }

  /** One service's start has ended: `error` undefined means ready. */
  #startSettled(run: ServiceRun, error: unknown): void {
    const clock = this.#options.clock;
    const vertex = run.vertex;
    this.#running -= 1;
    if (run.timeout !== undefined) this.#startTimeouts?.cancel(run.timeout);
    run.timeout = undefined;
    run.context = undefined;
    const endedAt = clock.now();
    const durationMs = endedAt - (run.startedAt ?? 0);
    if (error === undefined) {
      // A hook that resolves although its signal aborted did make its service ready; the rollback stops it.
      this.#serviceMove(run, 'ready');
      run.readyAt = endedAt;
      if (this.#events.wants('service:ready')) this.#events.emit('service:ready', { ...this.#eventBase(run), durationMs });
      if (this.#aborted === undefined) {
        this.#readyServices += 1;
        this.#markReady(vertex.index);
      }
    } else {
      this.#serviceMove(run, 'failed');
      run.error = error;
      run.failedAt = endedAt;
      const aborted = this.#aborted !== undefined;
      this.#events.emit('service:failed', { ...this.#eventBase(run), error, phase: 'start', durationMs, aborted });
      if (!aborted) {
        this.#rootCauses.push({ service: vertex.name, error });
        this.#abort('failure');
      }
    }
    this.#pump();
    this.#checkSettled();
  }

  /** A hook that timed out has succeeded after all: its service did become ready, and is stopped now. */
  #lateReady(run: ServiceRun): void {
    this.#events.emit('service:ready', { ...this.#eventBase(run), durationMs: this.#options.clock.now() - (run.startedAt ?? 0), late: true });
    const stopping = this.#stopService(run).then((failure) => {
      if (failure !== undefined) this.#rollbackFailures.push(failure);
    });
    this.#lateStops.add(stopping);
    void stopping.finally(() => this.#lateStops.delete(stopping));
  }

  /** Abandons the start: nothing new starts, the pending are skipped, running hooks see their signal abort. */
  #abort(kind: AbortKind): void {
    this.#aborted = kind;
    if (kind === 'failure') this.#move('failed');
    const cause = kind === 'failure' ? `"${this.#rootCauses[0]?.service ?? '?'}" failed` : 'stop() was called';
    const reason = new DOMException(`the start was abandoned because ${cause}`, 'AbortError');
    for (const run of this.#runs) {
      if (run.state === 'pending') this.#serviceMove(run, 'skipped');
      else if (run.state === 'starting' && run.context !== undefined) HookContext.abort(run.context, reason);
    }
    this.#queue = [];
    this.#queueHead = 0;
  }

  #startupError(): ReadyGraphError {
    const skipped = this.#runs.filter((run) => run.state === 'skipped').map((run) => run.vertex.name);
    const failures = [...this.#rootCauses];
    const first = failures[0];
    const skippedText = skipped.length === 0 ? '' : ` ${skipped.length} service(s) never started: ${skipped.join(', ')}.`;
    if (this.#aborted === 'stop') {
      return new ReadyGraphError(
        errorCodes.startup,
        `start() was aborted by stop(), called while starting; running hooks were aborted and awaited.${skippedText}`,
        { failures, skipped, rollbackFailures: this.#rollbackFailures },
      );
    }
    const causes = describeFailures(failures);
    return new ReadyGraphError(
      errorCodes.startup,
      `start() failed: ${causes}.${skippedText} The services that had become ready were stopped in reverse order; ` +
        'fix the failing service (see failures and cause) and start again.',
      { failures, skipped, rollbackFailures: this.#rollbackFailures, cause: first?.error },
    );
  }

  // ---- stop -------------------------------------------------------------------------------------------------------

  async #stopDuringStart(): Promise<void> {
    this.#beginStop();
    this.#abort('stop');
    this.#checkSettled();
    await (this.#startPromise as Promise<void>).catch(() => undefined);
    await this.#finishStop();
  }

  async #stopAfterReady(): Promise<void> {
    this.#beginStop();
    await this.#finishStop();
  }

  /** The stop is announced at once, so that readiness probes turn 503 before anything is torn down. */
  #beginStop(): void {
    this.#wasReady = this.#state === 'ready';
    this.#move('stopping');
    this.#stopOrigin = this.#options.clock.now();
    this.#events.emit('stopping', { name: this.#options.name });
  }

  async #finishStop(): Promise<void> {
    const failures = await this.#runBeforeStopHooks();
    failures.push(...(await this.#stopReadyServices()));
    await this.#awaitLateStops();
    // Failures of late stops (hooks that outlived their start timeout); a stop after a rolled-back start never gets here.
    failures.push(...this.#rollbackFailures);
    this.#move('stopped');
    this.#events.emit('stopped', { name: this.#options.name, durationMs: this.#options.clock.now() - this.#stopOrigin });
    if (failures.length > 0) {
      throw new ReadyGraphError(
        errorCodes.stop,
        `stop() finished, but ${failures.length} onStop hook(s) failed: ` +
          `${describeFailures(failures)}. Every other service was stopped.`,
        { failures },
      );
    }
  }

  /** Runs the `beforeStop` hooks together, each within `stopTimeoutMs`; their failures are stop failures. */
  async #runBeforeStopHooks(): Promise<ServiceFailure[]> {
    const outcomes = await Promise.all(
      [...this.#beforeStopHooks].map(async (hook) => {
        const controller = new AbortController();
        const context: BeforeStopContext = Object.freeze({ signal: controller.signal, wasReady: this.#wasReady });
        const outcome = await runHook(
          this.#stopTimeouts,
          (reason) => controller.abort(reason),
          () => hook(context),
          () => this.#stopTimeoutError('a beforeStop hook', 'beforeStop'),
        );
        return outcome.ok ? undefined : { service: 'beforeStop', error: outcome.error };
      }),
    );
    return outcomes.filter((failure): failure is ServiceFailure => failure !== undefined);
  }

  async #awaitLateStops(): Promise<void> {
    while (this.#lateStops.size > 0) await Promise.all(this.#lateStops);
  }

  /** Stops every ready service backwards through the graph (see {@link stopInReverse}). */
  #stopReadyServices(): Promise<ServiceFailure[]> {
    const graph = this.#graph;
    if (graph === undefined) return Promise.resolve([]);
    return stopInReverse(
      graph,
      (vertex) => this.#runs[vertex]?.state === 'ready',
      (vertex) => this.#stopService(this.#runs[vertex] as ServiceRun),
      this.#options.concurrency,
    );
  }

  /** A stop-side hook did not settle within `stopTimeoutMs`. */
  #stopTimeoutError(what: string, service: string): ReadyGraphError {
    const { stopTimeoutMs } = this.#options;
    return new ReadyGraphError(
      errorCodes.stopTimeout,
      `${what} did not settle within ${stopTimeoutMs} ms (stopTimeoutMs); resolve its promise or raise the timeout`,
      { service, timeoutMs: stopTimeoutMs },
    );
  }

  async #stopService(run: ServiceRun): Promise<ServiceFailure | undefined> {
    const { clock } = this.#options;
    const vertex = run.vertex;
    this.#serviceMove(run, 'stopping');
    const startedAt = clock.now();
    if (this.#events.wants('service:stopping')) this.#events.emit('service:stopping', this.#eventBase(run));
    let outcome: HookOutcome = succeeded;
    if (vertex.hasOnStop) {
      const context = new HookContext(vertex.name);
      outcome = await runHook(
        this.#stopTimeouts,
        (reason) => HookContext.abort(context, reason),
        () => callHook(run.instance, 'onStop', context, vertex.name),
        () => this.#stopTimeoutError(`onStop of "${vertex.name}"`, vertex.name),
      );
    }
    this.#serviceMove(run, 'stopped');
    run.stoppedAt = clock.now();
    const durationMs = run.stoppedAt - startedAt;
    if (outcome.ok) {
      if (this.#events.wants('service:stopped')) this.#events.emit('service:stopped', { ...this.#eventBase(run), durationMs });
      return undefined;
    }
    run.stopError = outcome.error;
    this.#events.emit('service:failed', { ...this.#eventBase(run), error: outcome.error, phase: 'stop', durationMs, aborted: false });
    this.#events.emit('service:stopped', { ...this.#eventBase(run), durationMs, error: outcome.error });
    return { service: vertex.name, error: outcome.error };
  }

  // ---- helpers ----------------------------------------------------------------------------------------------------

  /** The vertices `target` stands for; `ERR_READYGRAPH_USAGE` if it is neither a layer nor bound. */
  #targetVertices(graph: ReadinessGraph, rawTarget: unknown): number[] {
    const target = unwrapLazy(rawTarget);
    if (isLayer(target)) {
      const vertex = graph.layerVertexOf(target);
      // A layer nobody uses has no vertex; it is ready when the layers it depends on are.
      if (vertex === undefined) return target.dependsOn.flatMap((dependency) => this.#targetVertices(graph, dependency));
      return [vertex];
    }
    const reader = this.#reader as BindingReader;
    const identifier = typeof target === 'function' || typeof target === 'symbol' || typeof target === 'string' ? (target as ServiceIdentifier) : undefined;
    if (identifier !== undefined && reader.bindings(identifier).length > 0) {
      // A lifecycle service stands for itself; a plain one for the lifecycle services it reaches by injection.
      return [...new Reachability(reader, graph.vertices).ofServiceIdentifier(identifier).keys()];
    }
    throw new ReadyGraphError(
      errorCodes.usage,
      `whenReady(${typeof target === 'function' || typeof target === 'symbol' ? displayName(target) : describeValue(target)}): ` +
        'not bound in the container and not a layer; bind it first, or wait for a service or layer that is',
    );
  }

  #waitFor(vertex: number, target: unknown): Promise<void> {
    // A failed start, or a stop, ends readiness for good: even what was ready is rolled back or stopping.
    if (this.#startError !== undefined) return Promise.reject(this.#startError);
    if (this.#state === 'stopping' || this.#state === 'stopped') return Promise.reject(this.#stoppedError(target));
    if (this.#vertexReady[vertex] === 1) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const list = this.#waiters.get(vertex) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(vertex, list);
    });
  }

  #stoppedError(target: unknown): ReadyGraphError {
    const name = isLayer(target) ? `layer "${target.name}"` : `"${displayName(target)}"`;
    return new ReadyGraphError(errorCodes.usage, `whenReady(${name}): the lifecycle is ${this.#state}; it will not become ready again`);
  }

  #serviceStatus(run: ServiceRun): ServiceStatus {
    const dependsOn = [...(this.#graph as ReadinessGraph).nodes[run.vertex.index]?.dependsOn ?? []];
    const status: { -readonly [K in keyof ServiceStatus]: ServiceStatus[K] } =
      run.layer === undefined
        ? { name: run.vertex.name, state: run.state, dependsOn }
        : { name: run.vertex.name, layer: run.layer, state: run.state, dependsOn };
    if (run.startedAt !== undefined) status.startedAt = run.startedAt - this.#origin;
    if (run.readyAt !== undefined) status.readyAt = run.readyAt - this.#origin;
    if (run.stoppedAt !== undefined) status.stoppedAt = run.stoppedAt - this.#origin;
    const error = run.error ?? run.stopError;
    if (error !== undefined) status.error = messageOf(error);
    return status;
  }

  #eventBase(run: ServiceRun): ServiceEventBase {
    const at = this.#options.clock.now() - this.#origin;
    return run.layer === undefined ? { name: run.vertex.name, at } : { name: run.vertex.name, layer: run.layer, at };
  }

  #move(to: LifecycleState): void {
    assertLifecycleMove(this.#state, to);
    this.#state = to;
  }

  #serviceMove(run: ServiceRun, to: ServiceState): void {
    assertServiceMove(run.vertex.name, run.state, to);
    run.state = to;
  }
}

/** `"Name": message; "Other": message`, for the messages of the startup and stop errors. */
function describeFailures(failures: readonly ServiceFailure[]): string {
  return failures.map((failure) => `"${failure.service}": ${messageOf(failure.error)}`).join('; ');
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
