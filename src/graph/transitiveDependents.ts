import { at } from './Adjacency.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The vertices of `sources` and every vertex that depends on one of them, directly or not (through services and
 * layers): what cannot be available while they are not. Pure graph work, for the runtime (what a given-up service
 * blocks) and for a restart's impact (what is held unavailable while a restart set is down).
 */
export function transitiveDependents(graph: VertexGraph, sources: readonly number[]): Set<number> {
  const found = new Set<number>(sources);
  const stack = [...sources];
  const { offsets, targets } = graph.dependents;
  while (stack.length > 0) {
    const next = stack.pop() as number;
    for (let edge = at(offsets, next); edge < at(offsets, next + 1); edge += 1) {
      const dependent = at(targets, edge);
      if (!found.has(dependent)) {
        found.add(dependent);
        stack.push(dependent);
      }
    }
  }
  return found;
}
