/**
 * Every vertex's neighbours in two flat arrays (compressed sparse rows): the neighbours of `v` are
 * `targets[offsets[v]]` up to `targets[offsets[v + 1] - 1]`, in the order their edges were added. Two typed arrays
 * instead of an array per vertex: a 100,000-service graph makes two objects here rather than 100,000, which is most
 * of what keeps the build linear (the garbage collector copies every array that survives).
 */
export class Adjacency {
  public readonly offsets: Int32Array;
  public readonly targets: Int32Array;

  private constructor(offsets: Int32Array, targets: Int32Array) {
    this.offsets = offsets;
    this.targets = targets;
  }

  /**
   * The lists of `vertexCount` vertices where edge `i` leads from `from[i]` to `to[i]`. Each pass is a function of its
   * own (see `passApart.ts`).
   */
  public static of(vertexCount: number, from: readonly number[], to: readonly number[]): Adjacency {
    const offsets = new Int32Array(vertexCount + 1);
    countFrom(from, offsets);
    sumUp(offsets);
    const targets = new Int32Array(from.length);
    place(from, to, offsets.slice(0, vertexCount), targets);
    return new Adjacency(offsets, targets);
  }

  /** How many neighbours `vertex` has. */
  public degree(vertex: number): number {
    return at(this.offsets, vertex + 1) - at(this.offsets, vertex);
  }

  /** Every vertex's number of neighbours, in a fresh array: the countdowns of Kahn's algorithm, forwards or back. */
  public degrees(): Int32Array {
    const offsets = this.offsets;
    const degrees = new Int32Array(offsets.length - 1);
    for (let vertex = 0; vertex < degrees.length; vertex += 1) degrees[vertex] = (offsets[vertex + 1] as number) - (offsets[vertex] as number);
    return degrees;
  }

  /** A copy of `vertex`'s neighbours, for code off the hot path (the hot loops read `offsets`/`targets`). */
  public list(vertex: number): number[] {
    return Array.from(this.targets.subarray(at(this.offsets, vertex), at(this.offsets, vertex + 1)));
  }
}

/** Counts each vertex's edges into `offsets[vertex + 1]`. */
function countFrom(from: readonly number[], offsets: Int32Array): void {
  for (let edge = 0; edge < from.length; edge += 1) {
    const slot = (from[edge] as number) + 1;
    offsets[slot] = (offsets[slot] as number) + 1;
  }
}

/** Turns the counts into where each vertex's list begins. */
function sumUp(offsets: Int32Array): void {
  for (let vertex = 1; vertex < offsets.length; vertex += 1) offsets[vertex] = (offsets[vertex] as number) + (offsets[vertex - 1] as number);
}

/** Writes each edge's `to` into its `from`'s list, in the order the edges come; `next` is where each list goes on. */
function place(from: readonly number[], to: readonly number[], next: Int32Array, targets: Int32Array): void {
  for (let edge = 0; edge < from.length; edge += 1) {
    const vertex = from[edge] as number;
    const slot = next[vertex] as number;
    targets[slot] = to[edge] as number;
    next[vertex] = slot + 1;
  }
}

/** `array[index]`, known to be in range. */
export function at(array: Int32Array, index: number): number {
  return array[index] as number;
}
