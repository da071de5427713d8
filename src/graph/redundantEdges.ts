import type { ReadinessGraph } from './ReadinessGraph.js';

/**
 * The edges a drawing can leave out because another path already implies them (the transitive reduction): `A -> C`
 * is redundant when `A -> B -> … -> C` exists. Edges between layers are always kept. Returns their indices in
 * `graph.vertexEdges`. Pure; O(V·E/32) with a
 * bitset of descendants per vertex, so it is for drawings, not for scheduling.
 */
export function redundantEdges(graph: ReadinessGraph): Set<number> {
  const count = graph.vertices.length;
  const words = Math.ceil(count / 32);
  // below[v]: every vertex v waits for, directly or not (v excluded).
  const below = new Uint32Array(count * words);
  const set = (row: number, vertex: number): void => {
    below[row * words + (vertex >>> 5)] = (below[row * words + (vertex >>> 5)] ?? 0) | (1 << (vertex & 31));
  };
  const has = (row: number, vertex: number): boolean => ((below[row * words + (vertex >>> 5)] ?? 0) & (1 << (vertex & 31))) !== 0;
  for (const vertex of graph.topologicalOrder) {
    for (const dependency of graph.dependencies[vertex] ?? []) {
      set(vertex, dependency);
      for (let word = 0; word < words; word += 1) {
        below[vertex * words + word] = (below[vertex * words + word] ?? 0) | (below[dependency * words + word] ?? 0);
      }
    }
  }
  const redundant = new Set<number>();
  graph.vertexEdges.forEach((edge, index) => {
    // Layer-to-layer edges stay: a drawing shows membership as containment, so they carry the paths through members.
    if (graph.vertices[edge.from]?.kind === 'layer' && graph.vertices[edge.to]?.kind === 'layer') return;
    for (const other of graph.dependencies[edge.from] ?? []) {
      if (other !== edge.to && has(other, edge.to)) {
        redundant.add(index);
        return;
      }
    }
  });
  return redundant;
}
