import type { EdgeKind } from './EdgeKind.js';
import type { VertexEdge } from './VertexEdge.js';

/** The `via` of a direct edge: no plain service in between. */
export const noVia: readonly string[] = Object.freeze([]);

/**
 * The edges of a graph as parallel arrays — edge `i` says `from[i]` waits for `to[i]`, for the reason
 * `kinds[i]` — rather than an object per edge: the build of a large graph then allocates a handful of arrays instead
 * of one object per edge. The plain services an edge passes through (`via`) are rare and kept aside.
 */
export class EdgeList {
  public readonly from: number[] = [];
  public readonly to: number[] = [];
  public readonly kinds: EdgeKind[] = [];
  readonly #via = new Map<number, readonly string[]>();

  public get size(): number {
    return this.from.length;
  }

  public add(from: number, to: number, kind: EdgeKind, via: readonly string[]): void {
    if (via.length > 0) this.#via.set(this.from.length, via);
    this.from.push(from);
    this.to.push(to);
    this.kinds.push(kind);
  }

  /** The plain services edge `index` passes through (empty for a direct edge). */
  public via(index: number): readonly string[] {
    return this.#via.get(index) ?? noVia;
  }

  /** Edge `index` as an object, for code off the hot path (error messages, `edges()`). */
  public edge(index: number): VertexEdge {
    return { from: this.from[index] as number, to: this.to[index] as number, kind: this.kinds[index] as EdgeKind, via: this.via(index) };
  }
}
