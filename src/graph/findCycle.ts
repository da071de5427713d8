import type { EdgeList } from './EdgeList.js';
import type { Vertex } from './Vertex.js';

/**
 * Finds a cycle among the vertices `inCycleRegion` accepts (every one of them waits for at least one other of them,
 * which is what Kahn's algorithm leaves behind). Returns the cycle as indices into `edges`, in the order the edges
 * follow one another, starting at an edge that leaves a service (layers are the reason of a step, not a step).
 */
export function findCycle(vertices: readonly Vertex[], edges: EdgeList, inCycleRegion: (vertex: number) => boolean): number[] {
  const outgoing = new Map<number, number[]>();
  for (let edge = 0; edge < edges.size; edge += 1) {
    const from = edges.from[edge] as number;
    if (!inCycleRegion(from) || !inCycleRegion(edges.to[edge] as number)) continue;
    const list = outgoing.get(from);
    if (list === undefined) outgoing.set(from, [edge]);
    else list.push(edge);
  }
  // Walk from the first service left over, always taking its first remaining edge, until a vertex repeats.
  const start = vertices.findIndex((vertex) => vertex.kind === 'service' && inCycleRegion(vertex.index));
  const positionOnPath = new Map<number, number>();
  const path: number[] = [];
  let current = start;
  while (!positionOnPath.has(current)) {
    positionOnPath.set(current, path.length);
    const next = outgoing.get(current)?.[0];
    if (next === undefined) break; // Cannot happen for a region left by Kahn's algorithm; guarded all the same.
    path.push(next);
    current = edges.to[next] as number;
  }
  const cycle = path.slice(positionOnPath.get(current) ?? 0);
  const firstService = cycle.findIndex((edge) => vertices[edges.from[edge] as number]?.kind === 'service');
  return [...cycle.slice(firstService), ...cycle.slice(0, firstService)];
}
