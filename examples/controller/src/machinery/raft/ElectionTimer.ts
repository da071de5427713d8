import type { RaftClock } from './RaftCoreOptions.js';
import type { Random } from './seededRandom.js';

/**
 * The election timer of a follower or candidate (§5.2): it expires a random time in `[min, max)` after it was last
 * restarted, the time drawn from the injected random source so that elections replay under a seed. Randomness is
 * what makes split votes rare. It only says when; the core decides what expiry means.
 */
export class ElectionTimer {
  readonly #clock: RaftClock;
  readonly #random: Random;
  readonly #timeout: { readonly min: number; readonly max: number };
  #deadline: number;

  /** Starts the timer. */
  constructor(clock: RaftClock, random: Random, timeout: { readonly min: number; readonly max: number }) {
    this.#clock = clock;
    this.#random = random;
    this.#timeout = timeout;
    this.#deadline = this.#draw();
  }

  /** When the timer expires (absolute time on the injected clock). */
  get deadline(): number {
    return this.#deadline;
  }

  /** Starts a fresh timeout from now. */
  restart(): void {
    this.#deadline = this.#draw();
  }

  #draw(): number {
    const { min, max } = this.#timeout;
    return this.#clock.now() + min + Math.floor(this.#random() * (max - min));
  }
}
