import type { Clock } from 'readygraph';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

/** A clock that moves only when told to, so timeout tests are exact and never sleep. */
export class ManualClock implements Clock {
  #now = 0;
  #nextId = 1;
  #timers: Timer[] = [];

  public now(): number {
    return this.#now;
  }

  public setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.#nextId, at: this.#now + ms, callback };
    this.#nextId += 1;
    this.#timers.push(timer);
    return timer.id;
  }

  public clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** Timers still waiting. */
  public get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order and letting the promises they settle run. */
  public async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flush();
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = due.at;
      due.callback();
      await flush();
    }
    this.#now = target;
    await flush();
  }
}

/** Lets every pending promise callback (and the ones they schedule) run. */
export async function flush(): Promise<void> {
  for (let round = 0; round < 5; round += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}
