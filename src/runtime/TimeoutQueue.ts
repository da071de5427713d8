import type { Clock } from './Clock.js';

/** What {@link TimeoutQueue.add} returns, to hand back to {@link TimeoutQueue.cancel}: the entry's sequence number. */
export type TimeoutHandle = number;

type Callback = (argument: unknown) => void;

/**
 * Timeouts of one fixed duration, with a single clock timer between them. Entries added later expire later (same
 * duration, monotonic clock), so they form a queue: the timer waits for the oldest live entry, cancelled entries are
 * skipped when reached, and the timer is cleared as soon as no entry is live (so a finished start leaves no timer
 * behind to keep the process up). A start of 10,000 services then sets a handful of timers instead of 10,000.
 *
 * An entry is a deadline, a callback and the callback's argument, kept in three parallel arrays (a caller may pass
 * one callback for many entries, what differs as the argument). The hook runner passes a closure per hook: one
 * object per hook with a shared callback instead was measured at 10,000 services (callgrind, one process each) to
 * save the start 2 % of its instructions and cost the stop 7 % (790 vs 733 M), so it was taken back.
 */
export class TimeoutQueue {
  readonly #clock: Clock;
  readonly #durationMs: number;
  #deadlines: number[] = [];
  #callbacks: Array<Callback | undefined> = [];
  #arguments: unknown[] = [];
  /** The handle of the entry at index 0; handles are never reused, so a stale one cancels nothing. */
  #base = 0;
  #head = 0;
  #timer: unknown;
  #armed = false;
  #live = 0;

  public constructor(clock: Clock, durationMs: number) {
    this.#clock = clock;
    this.#durationMs = durationMs;
  }

  /**
   * Calls `onExpire(argument)` after the duration, counted from `now` (the clock's time, read here unless the caller
   * has just read it), unless {@link TimeoutQueue.cancel} is called first with the returned handle.
   */
  public add<T>(onExpire: (argument: T) => void, argument?: T, now: number = this.#clock.now()): TimeoutHandle {
    this.#deadlines.push(now + this.#durationMs);
    this.#callbacks.push(onExpire as Callback);
    this.#arguments.push(argument);
    this.#live += 1;
    if (!this.#armed) this.#arm();
    return this.#base + this.#callbacks.length - 1;
  }

  /** Cancels the timeout of `handle`; a handle that expired or was cancelled already is ignored. */
  public cancel(handle: TimeoutHandle): void {
    const index = handle - this.#base;
    if (index < 0 || index >= this.#callbacks.length || this.#callbacks[index] === undefined) return;
    this.#callbacks[index] = undefined;
    this.#arguments[index] = undefined;
    this.#live -= 1;
    if (this.#live === 0) this.clear();
  }

  #arm(): void {
    while (this.#head < this.#callbacks.length && this.#callbacks[this.#head] === undefined) this.#head += 1;
    if (this.#head === this.#callbacks.length) {
      this.#reset();
      return;
    }
    this.#armed = true;
    const deadline = this.#deadlines[this.#head] as number;
    this.#timer = this.#clock.setTimeout(() => this.#expire(), Math.max(0, deadline - this.#clock.now()));
  }

  #expire(): void {
    this.#armed = false;
    const now = this.#clock.now();
    while (this.#head < this.#callbacks.length) {
      const onExpire = this.#callbacks[this.#head];
      if (onExpire !== undefined && (this.#deadlines[this.#head] as number) > now) break;
      const argument = this.#arguments[this.#head];
      this.#callbacks[this.#head] = undefined;
      this.#arguments[this.#head] = undefined;
      this.#head += 1;
      if (onExpire === undefined) continue;
      this.#live -= 1;
      onExpire(argument);
    }
    if (!this.#armed) this.#arm();
  }

  /** Stops the timer; entries still waiting never expire. */
  public clear(): void {
    if (this.#armed) this.#clock.clearTimeout(this.#timer);
    this.#armed = false;
    this.#live = 0;
    this.#reset();
  }

  /** Drops every entry; their handles stay unique because the numbering goes on. */
  #reset(): void {
    this.#base += this.#callbacks.length;
    this.#deadlines = [];
    this.#callbacks = [];
    this.#arguments = [];
    this.#head = 0;
  }
}
