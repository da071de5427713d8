import type { EdgeKind, ReadinessGraph, RenderOptions } from './ReadinessGraph.js';
import { redundantEdges } from './redundantEdges.js';

/* What the Mermaid and the DOT renderer share: the ids they give vertices, and which edges they draw. */

/** Every vertex's id in a drawing (`S<index>` for a service, `L<index>` for a layer), made once: an edge names two. */
export function drawingIds(graph: ReadinessGraph): string[] {
  return graph.vertices.map((vertex) => (vertex.kind === 'layer' ? `L${vertex.index}` : `S${vertex.index}`));
}

/**
 * Calls `draw` for every edge a drawing shows, in the graph's edge order: not the edges `reduce` leaves out, and not
 * the edges between a layer and its members (membership is drawn as containment, and a member's wait for its layer's
 * dependencies by the layer's own edge).
 */
export function forEachDrawnEdge(
  graph: ReadinessGraph,
  options: RenderOptions,
  draw: (from: number, to: number, kind: EdgeKind, via: readonly string[]) => void,
): void {
  const hidden = options.reduce === true ? redundantEdges(graph) : undefined;
  const { from, to, kinds } = graph.edgeList;
  for (let edge = 0; edge < from.length; edge += 1) {
    if (hidden?.has(edge) === true) continue;
    const source = from[edge] as number;
    const target = to[edge] as number;
    const kind = kinds[edge] as EdgeKind;
    if (kind === 'layer' && !(graph.vertices[source]?.kind === 'layer' && graph.vertices[target]?.kind === 'layer')) continue;
    draw(source, target, kind, graph.edgeList.via(edge));
  }
}

/**
 * Whether the edge from `from` is a restart-with edge: `from` is a service whose own `@supervise` policy has
 * `restartWithDependencies`, so a restart of what the edge leads to restarts it too. (A drawing has only the graph:
 * the Lifecycle's `supervise` option is not seen here.)
 */
export function restartsWith(graph: ReadinessGraph, from: number): boolean {
  const vertex = graph.vertices[from];
  return vertex?.kind === 'service' && vertex.supervise?.restartWithDependencies === true;
}

/** An edge's label in a drawing, as parts: the plain services it goes through, and whether it is a restart-with edge. */
export function edgeNotes(graph: ReadinessGraph, from: number, via: readonly string[]): string[] {
  const notes = via.length > 0 ? [`via ${via.join(', ')}`] : [];
  if (restartsWith(graph, from)) notes.push('restarts with');
  return notes;
}
