/**
 * Where the runtime reads time and sets timers. Inject one (`new Lifecycle(container, { clock })`) to make
 * timeouts deterministic in tests; the default is the process's monotonic clock and timers.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences are used). */
  now(): number;
  /** Calls `callback` once, after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer set by {@link Clock.setTimeout}; a handle of a timer that already fired is ignored. */
  clearTimeout(handle: unknown): void;
}

/** The process's clock: `performance.now()` and the global timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
