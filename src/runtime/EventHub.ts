import type { LifecycleEventName, LifecycleEvents, LifecycleListener } from './LifecycleEvents.js';

/**
 * The typed listeners of one lifecycle. A listener that throws cannot break the lifecycle: the error is reported as a
 * process warning and the other listeners still run.
 */
export class EventHub {
  readonly #listeners = new Map<LifecycleEventName, Set<(event: never) => void>>();

  public on<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
  }

  public off<E extends LifecycleEventName>(event: E, listener: LifecycleListener<E>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  public has(event: LifecycleEventName): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  public emit<E extends LifecycleEventName>(event: E, payload: LifecycleEvents[E]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    // A copy, so that a listener that removes itself (a once-listener) does not disturb this round.
    for (const listener of Array.from(set)) {
      try {
        (listener as LifecycleListener<E>)(payload);
      } catch (error) {
        process.emitWarning(`a "${event}" listener threw: ${error instanceof Error ? error.message : String(error)}`, {
          code: 'READYGRAPH_LISTENER_ERROR',
          detail: error instanceof Error ? error.stack : undefined,
        } as never);
      }
    }
  }
}
