import { resolveSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { EdgeKind } from './EdgeKind.js';
import type { RenderOptions } from './RenderOptions.js';
import type { VertexGraph } from './VertexGraph.js';
import { redundantEdges } from './redundantEdges.js';

/* What the Mermaid and the DOT renderer share: the ids they give vertices, which edges they draw, what they mark. */

/** What a drawing marks (a cycle): edges by their index in the graph's edge list, vertices by index. */
export interface Highlight {
  readonly edges: ReadonlySet<number>;
  readonly vertices: ReadonlySet<number>;
}

/** Every vertex's id in a drawing (`S<index>` for a service, `L<index>` for a layer), made once: an edge names two. */
export function drawingIds(graph: VertexGraph): string[] {
  return graph.vertices.map((vertex) => (vertex.kind === 'layer' ? `L${vertex.index}` : `S${vertex.index}`));
}

/**
 * Whether a drawing shows edge `edge`: not the edges between a layer and its members (membership is drawn as
 * containment, and a member's wait for its layer's dependencies by the layer's own edge).
 */
function isDrawn(graph: VertexGraph, edge: number): boolean {
  if (graph.edgeList.kinds[edge] !== 'layer') return true;
  return graph.vertices[graph.edgeList.from[edge] as number]?.kind === 'layer' && graph.vertices[graph.edgeList.to[edge] as number]?.kind === 'layer';
}

/**
 * Calls `draw` for every edge a drawing shows (see {@link isDrawn}), in the graph's edge order, leaving out those
 * `reduce` leaves out. `reduce` needs a graph without cycles: it is ignored for one that has a cycle (every edge of
 * the cycle must be seen).
 */
export function forEachDrawnEdge(
  graph: VertexGraph,
  options: RenderOptions,
  draw: (from: number, to: number, kind: EdgeKind, via: readonly string[], edge: number) => void,
): void {
  const acyclic = graph.topologicalOrder.length === graph.vertices.length;
  const hidden = options.reduce === true && acyclic ? redundantEdges(graph) : undefined;
  const { from, to, kinds } = graph.edgeList;
  for (let edge = 0; edge < from.length; edge += 1) {
    if (hidden?.has(edge) === true || !isDrawn(graph, edge)) continue;
    draw(from[edge] as number, to[edge] as number, kinds[edge] as EdgeKind, graph.edgeList.via(edge), edge);
  }
}

/**
 * What a drawing marks for `cycle` (edge indices, as `findCycle` returns them): every vertex on it, and every drawn
 * edge that carries a step of it. A step a drawing does not show is marked where it is drawn: a service's wait for a
 * layer its own layer depends on by the edge between the two layers (and its layer); a layer's wait for its member
 * by the member.
 */
export function cycleHighlight(graph: VertexGraph, cycle: readonly number[]): Highlight {
  const edges = new Set<number>();
  const vertices = new Set<number>();
  const { from, to } = graph.edgeList;
  for (const edge of cycle) {
    const source = from[edge] as number;
    const target = to[edge] as number;
    vertices.add(source);
    vertices.add(target);
    if (isDrawn(graph, edge)) {
      edges.add(edge);
      continue;
    }
    const vertex = graph.vertices[source];
    if (vertex?.kind !== 'service' || vertex.layer === undefined) continue;
    const ownLayer = graph.layerVertexOf(vertex.layer);
    if (ownLayer === undefined) continue;
    for (let other = 0; other < from.length; other += 1) {
      if (from[other] !== ownLayer || to[other] !== target || !isDrawn(graph, other)) continue;
      edges.add(other);
      vertices.add(ownLayer); // The marked edge leaves it.
    }
  }
  return { edges, vertices };
}

/**
 * Whether the edge from `from` is a restart-with edge: `from` is a service whose policy (its `@supervise` over the
 * Lifecycle's `supervise` option) has `restartWithDependencies`, so a restart of what the edge leads to restarts it too.
 */
export function restartsWith(graph: VertexGraph, from: number): boolean {
  const vertex = graph.vertices[from];
  return vertex?.kind === 'service' && resolveSupervisionPolicy(graph.supervisionDefaults, vertex.supervise).restartWithDependencies;
}

/**
 * An edge's label in a drawing, as parts: the plain services it goes through, whether it is a restart-with edge, and
 * whether it is on the cycle `highlight` marks.
 */
export function edgeNotes(graph: VertexGraph, from: number, via: readonly string[], onCycle: boolean): string[] {
  const notes = via.length > 0 ? [`via ${via.join(', ')}`] : [];
  if (restartsWith(graph, from)) notes.push('restarts with');
  if (onCycle) notes.push('cycle');
  return notes;
}
