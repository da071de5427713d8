// The declarations of Lifecycle (AsyncDisposable, Symbol.asyncDispose) need this lib, whatever lib a consumer sets.
/// <reference lib="esnext.disposable" preserve="true" />
import type { Container } from 'inversify';
import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { DependsOnTarget } from '../decorators/DependsOnTarget.js';
import { runAlongsideError } from '../errors/messages.js';
import type { InversifyContainer } from '../graph/ContainerAccess.js';
import { containerAccessOf } from '../graph/containerAccessOf.js';
import { ReadinessGraph } from '../graph/ReadinessGraph.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { attachLogger } from '../logging/attachLogger.js';
import { buildReport } from './buildReport.js';
import { ContainerGraph } from './ContainerGraph.js';
import { EventHub } from './EventHub.js';
import type { BeforeStopContext } from './hooks.js';
import type { LifecycleEventName, LifecycleListener } from './LifecycleEvents.js';
import { resolveLifecycleOptions, type LifecycleOptions, type ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { LifecycleStatus } from './LifecycleStatus.js';
import { Runtime } from './Runtime.js';
import { pendingStatus } from './serviceStatus.js';
import type { StartupReport } from './StartupReport.js';
import { runMain } from '../signals/runMain.js';
import { installSignalHandlers, type StopOnSignalsOptions } from '../signals/stopOnSignals.js';
import type { LifecycleState } from './states.js';
import { describeTarget, targetVertices } from './targetVertices.js';
import { asOwner } from './serviceOwners.js';
import type { StartOptions, WhenReadyOptions } from './StartOptions.js';

export type { StartOptions, WhenReadyOptions } from './StartOptions.js';

/**
 * Starts, supervises and stops the lifecycle services of an Inversify container in readiness order: the public face
 * of the runtime, which holds no state of its own beyond the container and its options. What it enforces is stated
 * where it is enforced: {@link Runtime} (the whole's state machine, from `idle` to its end), `ServiceMachine` (one
 * service's), `states.ts` (every legal move), `Scheduler` (bringing services up), `ServiceStopper` (taking them down),
 * `Supervisor` (failures into restarts or giving up) and `Availability` (what `whenReady`, `status()` and the probes
 * read).
 */
export class Lifecycle implements AsyncDisposable {
  readonly #options: ResolvedLifecycleOptions;
  readonly #events = new EventHub();
  readonly #beforeStopHooks = new Set<(context: BeforeStopContext) => void | Promise<void>>();
  readonly #runtime: Runtime;
  readonly #containerGraph: ContainerGraph;
  /** Which of `run()`, `start()` and `stopOnSignals()` was called first: `run()` goes with neither of the others. */
  #entry: 'run()' | 'start()' | 'stopOnSignals()' | undefined;

  /**
   * @param container The container whose bindings make the graph; read at `graph()` and `start()`, so bind first.
   * @param options See {@link LifecycleOptions}.
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a container that is not an InversifyJS 5.1, 6, 7.5.2+ or 8 container, or for bad
   *   options (the message quotes the value).
   */
  public constructor(container: InversifyContainer, options?: LifecycleOptions) {
    // Recognises the container's major (its reader and resolution), or throws what was found and what is supported.
    containerAccessOf(container);
    this.#options = resolveLifecycleOptions(options);
    // How other Lifecycles see this one when it owns a service they include.
    this.#containerGraph = new ContainerGraph(container as unknown as Container, this.#options, asOwner(this.#options.name, this, this.#events));
    this.#runtime = new Runtime(this.#options, this.#events, this.#beforeStopHooks);
    this.#events.channelPayload = (payload) => ({ ...payload, lifecycle: this });
    if (this.#options.logger !== undefined) attachLogger(this, this.#options.logger, this.#options.slowHookMs);
  }

  /**
   * Builds and validates the readiness graph from the container's current bindings without constructing anything.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_CYCLE`, `ERR_READYGRAPH_MISSING_DEPENDENCY` or `ERR_READYGRAPH_SCOPE`.
   */
  public graph(): ReadinessGraph {
    return new ReadinessGraph(this.#containerGraph.build());
  }

  /**
   * Validates the whole graph, resolves the lifecycle services through the container and brings them up in readiness
   * order. Resolves when every service has become ready once, deferred services aside (the lifecycle is then
   * `ready`, or `degraded` if some service is unavailable by then); deferred services start right after it resolved.
   * Calling it again while starting returns the same promise.
   *
   * `only` starts just the closure of those targets (a layer: its members), with everything they depend on; the rest
   * stays `idle`, never resolved or called. Called again while `ready` or `degraded`, `start()` (or
   * `start({ only })`) widens the run: it starts what is missing and resolves when that is ready; if one of those
   * fails, only what the widening started is rolled back (it is `idle` again). `start({ only })` while starting waits
   * for that start, then widens.
   *
   * @throws ReadyGraphError a graph error itself (nothing was constructed); `ERR_READYGRAPH_STARTUP` when a start
   *   or a widening failed (after its rollback) or `stop()` abandoned it; `ERR_READYGRAPH_USAGE` for a graph without
   *   any lifecycle service (unless the option `allowEmpty`), after `stop()`, and for an `only` that is empty or names
   *   something unbound or a layer nobody is in.
   */
  public start(options?: StartOptions): Promise<void> {
    if (this.#entry === 'run()') return Promise.reject(runAlongsideError('start()', 'run()'));
    this.#entry ??= 'start()';
    const only = options?.only;
    if (only === undefined) return this.#runtime.start(() => this.#containerGraph.prepare());
    const described = Array.isArray(only) ? `start({ only: [${only.map(describeTarget).join(', ')}] })` : 'start({ only })';
    return this.#runtime.start(() => this.#containerGraph.prepare(), { only, described });
  }

  /**
   * The process's main, like fx's `Run`: starts the lifecycle, installs {@link Lifecycle.stopOnSignals} with these
   * options, and exits the process when the lifecycle has ended, with the code a process supervisor (systemd, Docker,
   * Kubernetes) needs: `0` after a clean stop (a signal, or `stop()` called by the application — also a signal during
   * the start whose rollback was clean); `1` after a failed start (once it rolled back), after supervision gave up
   * (once everything stopped), or after a stop whose `onStop` failed; 130/143 when a second signal or `forceAfterMs`
   * forces the exit. Before exiting it says why on the `logger` (error for a failure, info for a clean stop), or on
   * stderr (or `report`) without one. The process stays alive until then.
   *
   * @example await lifecycle.run({ forceAfterMs: 30_000 }); // the last line of main: nothing after it runs
   * @returns A promise that never resolves.
   * @throws ReadyGraphError (as a rejection) `ERR_READYGRAPH_USAGE` with `start()` or `stopOnSignals()` called as well
   *   (before or after), or bad options.
   */
  public run(options: StopOnSignalsOptions = {}): Promise<never> {
    if (this.#entry !== undefined) return Promise.reject(runAlongsideError('run()', this.#entry));
    try {
      const started = runMain(
        { start: () => this.#runtime.start(() => this.#containerGraph.prepare()), whenStopped: () => this.whenStopped(), stop: () => this.stop(), status: () => this.status() },
        { clock: this.#options.clock, ...options },
        { name: this.#options.name, logger: this.#options.logger },
      );
      this.#entry = 'run()';
      return started;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Stops every service that became ready, in reverse readiness order, independent ones concurrently; cancels
   * pending restarts and aborts the hooks that run. Best effort: a failing or timed-out `onStop` does not prevent the
   * others. Idempotent. Called during `start()`, it abandons the start (which rejects with `ERR_READYGRAPH_STARTUP`)
   * and then stops. While supervision escalates, it resolves when that stop ends.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_STOP` listing every `onStop` that failed or timed out.
   */
  public stop(): Promise<void> {
    return this.#runtime.stop();
  }

  /**
   * Resolves when the lifecycle has stopped after `stop()`. Rejects with `ERR_READYGRAPH_GAVE_UP` when supervision
   * gave up (`escalate: true`) and stopped it, with the start's error after a failed start, or with `stop()`'s own
   * error when some `onStop` failed. The promise a `main()` awaits to know how the process should exit.
   */
  public whenStopped(): Promise<void> {
    return this.#runtime.whenStopped();
  }

  /** The lifecycle's state, without building a snapshot (cheap enough for a probe on every request). */
  public get state(): LifecycleState {
    return this.#runtime.state;
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
   * Resolves when `target` (a service identifier or a layer) is *available* — ready, with everything it depends on
   * available — at once if it is; waits through unreadiness and restarts. A bound plain service stands for the
   * lifecycle services it reaches by injection. The latch for code outside the hooks (a request handler, an
   * incoming peer connection).
   *
   * @throws ReadyGraphError (as a rejection) `ERR_READYGRAPH_USAGE` for an unbound target or once the lifecycle
   *   stops; the start's error if the start fails first; `ERR_READYGRAPH_GAVE_UP` if supervision gave up on the
   *   target or a dependency of it; `signal`'s reason when it aborts.
   */
  public whenReady(target: ServiceIdentifier | DependsOnTarget, options?: WhenReadyOptions): Promise<void> {
    let vertices: number[];
    try {
      vertices = targetVertices(this.#runtimeGraph(), this.#containerGraph.reader, target, 'whenReady');
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return this.#runtime.waitFor(vertices, options?.signal, describeTarget(target));
  }

  /**
   * True while `target` (a service identifier or a layer) is available: ready, with everything it depends on
   * available. What `/readyz` with the `readiness` option asks on every request.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a target that is neither bound nor a layer.
   */
  public isAvailable(target: ServiceIdentifier | DependsOnTarget): boolean {
    return this.#runtime.isAvailable(targetVertices(this.#runtimeGraph(), this.#containerGraph.reader, target, 'isAvailable'));
  }

  /**
   * Restarts one service of this lifecycle on request (a configuration reload, a rotated certificate), like a
   * restart after a failure but at once and not counted against `maxRestarts`: the services that restart with it
   * are stopped in reverse order, then its `onStop` (reason `'restart'`), its `onReady` on the same instance, then
   * theirs. Also brings back a service supervision gave up on. Resolves when the service is available again.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` unless the lifecycle is `ready` or `degraded` and `target` is
   *   a lifecycle service of its own.
   */
  public restart(target: ServiceIdentifier): Promise<void> {
    return this.#runtime.restart(target, describeTarget(target));
  }

  /** A JSON-serialisable snapshot: the lifecycle's state and each service's state, availability, restarts, times and error. */
  public status(): LifecycleStatus {
    const runtime = this.#runtime;
    if (runtime.graph !== undefined) return { state: runtime.state, services: runtime.machines.map((machine) => runtime.serviceStatus(machine)) };
    let nodes: ReadinessGraph['nodes'] = [];
    try {
      nodes = this.#containerGraph.build().nodes;
    } catch {
      // An invalid graph has no services to show; graph() and start() report why.
    }
    return { state: runtime.state, services: nodes.map(pendingStatus) };
  }

  /**
   * What the start cost and why: per service its layer, start, end and duration; the critical path (the chain of
   * services that decided the total time); the slowest hooks. Meaningful after a start, successful or not.
   */
  public report(): StartupReport {
    if (this.#runtime.graph === undefined) return buildReport(this.state, this.status().services.map((status) => ({ status, endedAt: undefined })), () => []);
    return this.#runtime.report();
  }

  /**
   * Stops the lifecycle on SIGINT/SIGTERM (or the given signals): the first signal stops gracefully and exits 0
   * (1 if the stop failed); a second signal, or `forceAfterMs` after the first, exits at once with 128 + the signal's
   * number (130 for SIGINT, 143 for SIGTERM), naming the hooks still running. Its messages go to `report` (default
   * `console.error`). Returns a function that uninstalls the handlers. For a program's main, {@link Lifecycle.run}
   * does this and owns the exit code.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for bad options, or after `run()`.
   */
  public stopOnSignals(options: StopOnSignalsOptions = {}): () => void {
    if (this.#entry === 'run()') throw runAlongsideError('stopOnSignals()', 'run()');
    const handlers = installSignalHandlers(this, { clock: this.#options.clock, ...options });
    this.#entry ??= 'stopOnSignals()';
    return handlers.uninstall;
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

  /** The graph the runtime runs (built by start()), or a fresh one before it. */
  #runtimeGraph(): VertexGraph {
    return this.#runtime.graph ?? this.#containerGraph.build();
  }
}
