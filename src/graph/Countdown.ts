import { at, type Adjacency } from './Adjacency.js';

/**
 * Kahn's countdown, written once: the graph's validation runs it forwards (a vertex is due once every vertex it waits
 * for is released: the topological order) and the runtime's take-down backwards (a vertex is due once every vertex
 * that waits for it is released: the stop order). Each vertex counts its neighbours in `waitsFor`; releasing a vertex
 * counts down each of its neighbours in `releases` (the same edges the other way round), and one whose count reaches
 * 0 is due. Pure bookkeeping: when a due vertex is released is the caller's affair (at once, or when its hook ends).
 */
export class Countdown {
  readonly #remaining: Int32Array;
  readonly #releases: Adjacency;

  /**
   * @param waitsFor what each vertex waits for (dependencies forwards, dependents backwards)
   * @param releases the same edges the other way round
   */
  public constructor(waitsFor: Adjacency, releases: Adjacency) {
    this.#remaining = waitsFor.degrees();
    this.#releases = releases;
  }

  /** The vertices that wait for nothing, due from the start, in index order. */
  public free(): number[] {
    const free: number[] = [];
    for (let vertex = 0; vertex < this.#remaining.length; vertex += 1) if (this.#remaining[vertex] === 0) free.push(vertex);
    return free;
  }

  /** Releases `vertex` (once, after it was due): calls `due` for every vertex whose last wait it was. */
  public release(vertex: number, due: (vertex: number) => void): void {
    const { offsets, targets } = this.#releases;
    for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
      const waiting = at(targets, slot);
      const left = at(this.#remaining, waiting) - 1;
      this.#remaining[waiting] = left;
      if (left === 0) due(waiting);
    }
  }
}
