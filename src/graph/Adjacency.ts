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

  /** The lists of `vertexCount` vertices where edge `i` leads from `from[i]` to `to[i]`. */
  public static of(vertexCount: number, from: readonly number[], to: readonly number[]): Adjacency {
    const offsets = new Int32Array(vertexCount + 1);
    for (let edge = 0; edge < from.length; edge += 1) {
      const vertex = from[edge] as number;
      offsets[vertex + 1] = at(offsets, vertex + 1) + 1;
    }
    for (let vertex = 0; vertex < vertexCount; vertex += 1) offsets[vertex + 1] = at(offsets, vertex + 1) + at(offsets, vertex);
    const next = offsets.slice(0, vertexCount);
    const targets = new Int32Array(from.length);
    for (let edge = 0; edge < from.length; edge += 1) {
      const vertex = from[edge] as number;
      const slot = at(next, vertex);
      targets[slot] = to[edge] as number;
      next[vertex] = slot + 1;
    }
    return new Adjacency(offsets, targets);
  }

  /** How many neighbours `vertex` has. */
  public degree(vertex: number): number {
    return at(this.offsets, vertex + 1) - at(this.offsets, vertex);
  }

  /** Every vertex's number of neighbours, in a fresh array: the countdowns of Kahn's algorithm, forwards or back. */
  public degrees(): Int32Array {
    const vertexCount = this.offsets.length - 1;
    const degrees = new Int32Array(vertexCount);
    for (let vertex = 0; vertex < vertexCount; vertex += 1) degrees[vertex] = this.degree(vertex);
    return degrees;
  }

  /** A copy of `vertex`'s neighbours, for code off the hot path (the hot loops read `offsets`/`targets`). */
  public list(vertex: number): number[] {
    return Array.from(this.targets.subarray(at(this.offsets, vertex), at(this.offsets, vertex + 1)));
  }
}

/** `array[index]`, known to be in range. */
export function at(array: Int32Array, index: number): number {
  return array[index] as number;
}
