import { at } from './Adjacency.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The edges a drawing can leave out because another path already implies them (the transitive reduction): `A -> C`
 * is redundant when `A -> B -> … -> C` exists. Edges between layers are always kept. Returns their indices in
 * `graph.edgeList`. Pure; O(V·E/32) with a bitset of descendants per vertex, so it is for drawings, not for
 * scheduling.
 */
export function redundantEdges(graph: VertexGraph): Set<number> {
  const count = graph.vertices.length;
  const words = Math.ceil(count / 32);
  const { offsets, targets } = graph.dependencies;
  // below[v]: every vertex v waits for, directly or not (v excluded).
  const below = new Uint32Array(count * words);
  const has = (row: number, vertex: number): boolean => ((below[row * words + (vertex >>> 5)] ?? 0) & (1 << (vertex & 31))) !== 0;
  for (const vertex of graph.topologicalOrder) {
    for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
      const dependency = at(targets, slot);
      below[vertex * words + (dependency >>> 5)] = (below[vertex * words + (dependency >>> 5)] ?? 0) | (1 << (dependency & 31));
      for (let word = 0; word < words; word += 1) {
        below[vertex * words + word] = (below[vertex * words + word] ?? 0) | (below[dependency * words + word] ?? 0);
      }
    }
  }
  const redundant = new Set<number>();
  const { from, to } = graph.edgeList;
  for (let edge = 0; edge < from.length; edge += 1) {
    const source = from[edge] as number;
    const target = to[edge] as number;
    // Layer-to-layer edges stay: a drawing shows membership as containment, so they carry the paths through members.
    if (graph.vertices[source]?.kind === 'layer' && graph.vertices[target]?.kind === 'layer') continue;
    for (let slot = at(offsets, source); slot < at(offsets, source + 1); slot += 1) {
      const other = at(targets, slot);
      if (other !== target && has(other, target)) {
        redundant.add(edge);
        break;
      }
    }
  }
  return redundant;
}
