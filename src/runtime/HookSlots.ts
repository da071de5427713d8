/**
 * At most `concurrency` hooks (`onReady` and `onStop`) at once. A start that finds no free slot is not queued here
 * (the scheduler keeps its due starts and asks again when a slot frees); a stop waits for one, and gets it before
 * any start.
 */
export class HookSlots {
  readonly #concurrency: number;
  readonly #onFree: () => void;
  #running = 0;
  readonly #waitingStops: Array<() => void> = [];

  /** @param onFree Called when a slot frees with no stop waiting (the scheduler pumps its due starts). */
  public constructor(concurrency: number, onFree: () => void) {
    this.#concurrency = concurrency;
    this.#onFree = onFree;
  }

  /** Takes a slot if one is free. */
  public tryTake(): boolean {
    if (this.#running >= this.#concurrency) return false;
    this.#running += 1;
    return true;
  }

  /** Takes a slot, waiting for one (stops only). */
  public take(): Promise<void> | undefined {
    if (this.tryTake()) return undefined;
    return new Promise<void>((resolve) => this.#waitingStops.push(resolve));
  }

  /** A hook ended: its slot goes to a waiting stop, else it frees. */
  public release(): void {
    const next = this.#waitingStops.shift();
    if (next !== undefined) return next();
    this.#running -= 1;
    this.#onFree();
  }
}
