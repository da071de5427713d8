import type { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { cycleHighlight, type Highlight } from './drawing.js';
import type { VertexGraph } from './VertexGraph.js';
import { renderDot } from './renderDot.js';
import { renderMermaid } from './renderMermaid.js';

// Kept beside the error rather than on it: the error's fields stay those the contract lists, and the graph it holds
// goes with the error.
const drawings = new WeakMap<ReadyGraphError, CycleDrawing>();

/**
 * The drawing of a graph that failed validation with a cycle, the cycle marked (red, thick, edges labelled `cycle`):
 * what `readygraph graph` prints for a cyclic graph, where a picture helps most. The graph it draws is the one the
 * build made before validation failed; nothing else may read it (it has no topological order).
 */
export class CycleDrawing {
  readonly #graph: VertexGraph;
  readonly #highlight: Highlight;

  private constructor(graph: VertexGraph, cycle: readonly number[]) {
    this.#graph = graph;
    this.#highlight = cycleHighlight(graph, cycle);
  }

  /** Keeps the drawing of `graph` with `cycle` (indices into its edge list) for `error`, the cycle's error. */
  public static attach(error: ReadyGraphError, graph: VertexGraph, cycle: readonly number[]): ReadyGraphError {
    drawings.set(error, new CycleDrawing(graph, cycle));
    return error;
  }

  /**
   * The drawing kept for `error`, if it is an `ERR_READYGRAPH_CYCLE` from this copy of readygraph (an error from
   * another copy, or of another code, has none).
   */
  public static of(error: unknown): CycleDrawing | undefined {
    return typeof error === 'object' && error !== null ? drawings.get(error as ReadyGraphError) : undefined;
  }

  /** A Mermaid flowchart of every edge, the cycle marked. */
  public toMermaid(): string {
    return renderMermaid(this.#graph, {}, this.#highlight);
  }

  /** A Graphviz digraph of every edge, the cycle marked. */
  public toDot(): string {
    return renderDot(this.#graph, {}, this.#highlight);
  }
}
