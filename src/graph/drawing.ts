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
 * Whether the edge from `from` to `to` is a restart-with edge, as a note: `from` is a service whose policy (its
 * `@supervise` over the Lifecycle's `supervise` option) has `restartWithDependencies: true`, so a restart of what the
 * edge leads to restarts it too (`'restarts with'`); or `from` lists dependencies (`restartWithDependencies: [...]`)
 * and `to` is one of them (`'restarts with'`) or leads to some (`'restarts with A, B'`, naming them). `undefined` for
 * an edge a restart does not travel.
 */
export function restartNote(graph: VertexGraph, from: number, to: number): string | undefined {
  const vertex = graph.vertices[from];
  if (vertex?.kind !== 'service') return undefined;
  const listed = graph.restartsWithListed.get(from);
  if (listed === undefined) return resolveSupervisionPolicy(graph.supervisionDefaults, vertex.supervise).restartWithDependencies ? 'restarts with' : undefined;
  if (listed.includes(to)) return 'restarts with';
  const reached = listedBehind(graph, to, new Set(listed));
  return reached.length === 0 ? undefined : `restarts with ${reached.map((index) => graph.vertices[index]?.name ?? '').join(', ')}`;
}

/** The services of `listed` that `start` waits for, directly or transitively (itself included), in index order. */
function listedBehind(graph: VertexGraph, start: number, listed: ReadonlySet<number>): number[] {
  const found: number[] = [];
  const seen = new Set<number>([start]);
  const stack = [start];
  while (stack.length > 0) {
    const vertex = stack.pop() as number;
    if (listed.has(vertex)) found.push(vertex);
    for (const next of graph.dependencies.list(vertex)) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(next);
    }
  }
  return found.sort((a, b) => a - b);
}

/**
 * An edge's label in a drawing, as parts: the plain services it goes through, whether it is a restart-with edge, and
 * whether it is on the cycle `highlight` marks.
 */
export function edgeNotes(graph: VertexGraph, from: number, to: number, via: readonly string[], onCycle: boolean): string[] {
  const notes = via.length > 0 ? [`via ${via.join(', ')}`] : [];
  const restart = restartNote(graph, from, to);
  if (restart !== undefined) notes.push(restart);
  if (onCycle) notes.push('cycle');
  return notes;
}
