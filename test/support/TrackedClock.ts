import type { Clock } from 'readygraph';

/**
 * A view of another clock that counts the timers set through it and still waiting, so that a test can tell the
 * lifecycle's timers from its own (hooks that sleep on the same clock): give the lifecycle this view, sleep on the
 * underlying clock, and `pending` is what the lifecycle has left behind.
 */
export class TrackedClock implements Clock {
  readonly #clock: Clock;
  readonly #live = new Set<unknown>();

  public constructor(clock: Clock) {
    this.#clock = clock;
  }

  public now(): number {
    return this.#clock.now();
  }

  public setTimeout(callback: () => void, ms: number): unknown {
    const handle = this.#clock.setTimeout(() => {
      this.#live.delete(handle);
      callback();
    }, ms);
    this.#live.add(handle);
    return handle;
  }

  public clearTimeout(handle: unknown): void {
    this.#live.delete(handle);
    this.#clock.clearTimeout(handle);
  }

  /** Timers set through this view that have neither fired nor been cleared. */
  public get pending(): number {
    return this.#live.size;
  }
}
