import { at } from '../graph/Adjacency.js';
import type { VertexGraph } from '../graph/VertexGraph.js';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Which vertices of the graph are *available*, kept up to date as services change state.
 *
 * The rule (API.md, "Available"): a service is available when its own state is `ready` and every vertex it depends
 * on is available; a layer when every vertex it depends on (its members, the layers it depends on) is. It is kept
 * incrementally: each vertex counts its dependencies that are not available (`unavailableDependencies`), and a
 * change of one service's own readiness walks forward only as far as availability actually changes. At the start
 * every count is the vertex's number of dependencies — Kahn's countdown, run as often as readiness comes and goes.
 *
 * What reads it: the scheduler (an `onReady` may start only when its service's count is 0), `whenReady`, `status()`
 * (`available`, `blockedBy`) and the lifecycle's `ready`/`degraded` state.
 */
export class Availability {
  readonly #graph: VertexGraph;
  readonly #ownReady: Uint8Array;
  readonly #available: Uint8Array;
  readonly #unavailableDependencies: Int32Array;
  readonly #waiters = new Map<number, Waiter[]>();
  /** Which services count for the lifecycle's `ready`/`degraded` (see {@link Availability.setCounted}). */
  readonly #counted: Uint8Array;
  #countedServices = 0;
  #availableCounted = 0;
  /** Called when a service's dependencies have all become available (its `onReady` may be due). */
  readonly #onDependenciesAvailable: (service: number) => void;

  public constructor(graph: VertexGraph, onDependenciesAvailable: (service: number) => void) {
    this.#graph = graph;
    this.#onDependenciesAvailable = onDependenciesAvailable;
    const vertexCount = graph.vertices.length;
    this.#ownReady = new Uint8Array(graph.services.length);
    this.#counted = new Uint8Array(graph.services.length);
    this.#available = new Uint8Array(vertexCount);
    this.#unavailableDependencies = graph.dependencies.degrees();
  }

  /**
   * Makes the layers that wait for nothing available, once, at the start; then {@link Availability.due} for the
   * services started. Costs in proportion to the layers, not to the services.
   */
  public begin(): void {
    for (let vertex = this.#graph.services.length; vertex < this.#graph.vertices.length; vertex += 1) {
      if (at(this.#unavailableDependencies, vertex) === 0) this.#update(vertex);
    }
  }

  /** Of `services` (a start's or a widening's), those that wait for nothing are due now. */
  public due(services: readonly number[]): void {
    // Indexed, not for…of: at a start this runs once per service before V8 has optimised it.
    for (let position = 0; position < services.length; position += 1) {
      const service = services[position] as number;
      if (at(this.#unavailableDependencies, service) === 0) this.#onDependenciesAvailable(service);
    }
  }

  /**
   * Whether `service` counts for {@link Availability.allAvailable}: a service counts once it became ready in what
   * was started (the services of `start()` are all ready once it resolves; a deferred or widened one from its first
   * readiness), and no longer once it is `idle` again.
   */
  public setCounted(service: number, counted: boolean): void {
    const value = counted ? 1 : 0;
    if (this.#counted[service] === value) return;
    this.#counted[service] = value;
    const step = counted ? 1 : -1;
    this.#countedServices += step;
    if (this.#available[service] === 1) this.#availableCounted += step;
  }

  /** True if `vertex` is available. */
  public isAvailable(vertex: number): boolean {
    return this.#available[vertex] === 1;
  }

  /** True if every dependency of `service` is available: its `onReady` may run. */
  public dependenciesAvailable(service: number): boolean {
    return this.#unavailableDependencies[service] === 0;
  }

  /** True while every service that counts (see {@link Availability.setCounted}) is available. */
  public get allAvailable(): boolean {
    return this.#availableCounted === this.#countedServices;
  }

  /** True if `service` counts for {@link Availability.allAvailable}. */
  public counts(service: number): boolean {
    return this.#counted[service] === 1;
  }

  /** The services `service` depends on directly (looking through layers) that are not available. */
  public blockedBy(service: number): number[] {
    if (this.#unavailableDependencies[service] === 0) return [];
    return this.#graph.serviceDependencies(service).filter((dependency) => this.#available[dependency] !== 1);
  }

  /**
   * Records whether `service`'s own state is `ready`, and moves availability forward from it. Resolves the waiters
   * of every vertex that became available, after the whole change is recorded.
   */
  public setOwnReady(service: number, ready: boolean): void {
    const value = ready ? 1 : 0;
    if (this.#ownReady[service] === value) return;
    this.#ownReady[service] = value;
    this.#update(service);
  }

  /** Resolves when `vertex` is available (at once if it is); `reject` is kept for {@link Availability.rejectWaiters}. */
  public wait(vertex: number): Promise<void> {
    if (this.#available[vertex] === 1) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const list = this.#waiters.get(vertex);
      if (list === undefined) this.#waiters.set(vertex, [{ resolve, reject }]);
      else list.push({ resolve, reject });
    });
  }

  /**
   * Resolves when every vertex of `vertices` is available at the same moment (waiting on one, then checking them all
   * again); rejects with `signal`'s reason when it aborts, or with what {@link Availability.rejectWaiters} is given.
   */
  public waitAll(vertices: readonly number[], signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    const waiting = new Promise<void>((resolve, reject) => {
      const next = (): void => {
        const missing = vertices.find((vertex) => this.#available[vertex] !== 1);
        if (missing === undefined) return resolve();
        this.wait(missing).then(next, reject);
      };
      next();
    });
    if (signal === undefined) return waiting;
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => reject(abortReason(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      void waiting.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Rejects the waiters of the vertices `which` accepts (all of them without a filter). */
  public rejectWaiters(error: unknown, which?: (vertex: number) => boolean): void {
    // A copy: entries are deleted while walking.
    for (const [vertex, list] of Array.from(this.#waiters)) {
      if (which !== undefined && !which(vertex)) continue;
      this.#waiters.delete(vertex);
      for (const waiter of list) waiter.reject(error);
    }
  }

  /** Recomputes `first`'s availability and, where it changed, its dependents' in turn. */
  #update(first: number): void {
    const services = this.#graph.services.length;
    const { offsets, targets } = this.#graph.dependents;
    let resolved: Waiter[] | undefined;
    // Most changes reach a handful of vertices; a stack is made only when one reaches further.
    let stack: number[] | undefined;
    for (let vertex: number | undefined = first; vertex !== undefined; vertex = stack?.pop()) {
      const now = at(this.#unavailableDependencies, vertex) === 0 && (vertex >= services || this.#ownReady[vertex] === 1) ? 1 : 0;
      if (this.#available[vertex] === now) continue;
      this.#available[vertex] = now;
      if (vertex < services && this.#counted[vertex] === 1) this.#availableCounted += now === 1 ? 1 : -1;
      if (now === 1 && this.#waiters.size > 0) {
        const waiters = this.#waiters.get(vertex);
        if (waiters !== undefined) {
          this.#waiters.delete(vertex);
          (resolved ??= []).push(...waiters);
        }
      }
      for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
        const dependent = at(targets, slot);
        const left = at(this.#unavailableDependencies, dependent) + (now === 1 ? -1 : 1);
        this.#unavailableDependencies[dependent] = left;
        if (dependent < services) {
          // A service's availability also needs its own readiness; its onReady may be due when the count reaches 0.
          if (left === 0 && this.#ownReady[dependent] === 0) this.#onDependenciesAvailable(dependent);
          if (this.#ownReady[dependent] === 0) continue;
        }
        (stack ??= []).push(dependent);
      }
    }
    if (resolved !== undefined) for (const waiter of resolved) waiter.resolve();
  }
}

/** What an aborted signal rejects a wait with: its reason (an Error unless somebody aborted it with something else). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException(String(reason), 'AbortError');
}
