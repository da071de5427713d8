import type { Clock } from './Clock.js';

interface Entry {
  readonly deadline: number;
  onExpire: (() => void) | undefined;
}

/** What {@link TimeoutQueue.add} returns, to hand back to {@link TimeoutQueue.cancel}. */
export type TimeoutHandle = object;

/**
 * Timeouts of one fixed duration, with a single clock timer between them. Entries added later expire later (same
 * duration, monotonic clock), so they form a queue: the timer waits for the oldest live entry, cancelled entries are
 * skipped when reached, and the timer is cleared as soon as no entry is live (so a finished start leaves no timer
 * behind to keep the process up). A start of 10,000 services then sets a handful of timers instead of 10,000.
 */
export class TimeoutQueue {
  readonly #clock: Clock;
  readonly #durationMs: number;
  #entries: Entry[] = [];
  #head = 0;
  #timer: unknown;
  #armedFor: Entry | undefined;
  #live = 0;

  public constructor(clock: Clock, durationMs: number) {
    this.#clock = clock;
    this.#durationMs = durationMs;
  }

  /**
   * Calls `onExpire` after the duration, counted from `now` (the clock's time, read here unless the caller has just
   * read it), unless {@link TimeoutQueue.cancel} is called first with the returned handle.
   */
  public add(onExpire: () => void, now: number = this.#clock.now()): TimeoutHandle {
    const entry: Entry = { deadline: now + this.#durationMs, onExpire };
    this.#entries.push(entry);
    this.#live += 1;
    if (this.#armedFor === undefined) this.#arm();
    return entry;
  }

  /** Cancels the timeout of `handle`; a handle that expired or was cancelled already is ignored. */
  public cancel(handle: TimeoutHandle): void {
    const entry = handle as Entry;
    if (entry.onExpire === undefined) return;
    entry.onExpire = undefined;
    this.#live -= 1;
    if (this.#live === 0) this.clear();
  }

  #arm(): void {
    while (this.#head < this.#entries.length && this.#entries[this.#head]?.onExpire === undefined) this.#head += 1;
    if (this.#head === this.#entries.length) {
      this.#entries = [];
      this.#head = 0;
      this.#armedFor = undefined;
      return;
    }
    const entry = this.#entries[this.#head] as Entry;
    this.#armedFor = entry;
    this.#timer = this.#clock.setTimeout(() => this.#expire(), Math.max(0, entry.deadline - this.#clock.now()));
  }

  #expire(): void {
    const now = this.#clock.now();
    while (this.#head < this.#entries.length) {
      const entry = this.#entries[this.#head] as Entry;
      if (entry.onExpire !== undefined && entry.deadline > now) break;
      this.#head += 1;
      const onExpire = entry.onExpire;
      if (onExpire === undefined) continue;
      entry.onExpire = undefined;
      this.#live -= 1;
      onExpire();
    }
    this.#armedFor = undefined;
    this.#arm();
  }

  /** Stops the timer; entries still waiting never expire. */
  public clear(): void {
    if (this.#armedFor !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#armedFor = undefined;
    for (const entry of this.#entries) entry.onExpire = undefined;
    this.#entries = [];
    this.#head = 0;
    this.#live = 0;
  }
}
