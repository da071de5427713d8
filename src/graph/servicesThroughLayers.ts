import { at, type Adjacency } from './Adjacency.js';

/**
 * The services next to `vertex` in `adjacency` (its dependencies, or its dependents), looking through layer vertices:
 * a layer is passed through to its own neighbours, so that an empty layer passes its dependencies on. Services are
 * the vertices below `serviceCount` (they come first in a graph). Each one once, in index order.
 */
export function servicesThroughLayers(adjacency: Adjacency, vertex: number, serviceCount: number): number[] {
  const { offsets, targets } = adjacency;
  const found: number[] = [];
  let direct = true;
  for (let slot = at(offsets, vertex); slot < at(offsets, vertex + 1); slot += 1) {
    const next = at(targets, slot);
    if (next < serviceCount) found.push(next);
    else direct = false;
  }
  // Most services are next to services only, each edge once: nothing to look through, nothing repeated.
  if (direct) return found.sort((a, b) => a - b);
  const services = new Set<number>(found);
  const seenLayers = new Set<number>();
  const stack = [vertex];
  while (stack.length > 0) {
    const current = stack.pop() as number;
    for (let slot = at(offsets, current); slot < at(offsets, current + 1); slot += 1) {
      const next = at(targets, slot);
      if (next < serviceCount) services.add(next);
      else if (!seenLayers.has(next)) {
        seenLayers.add(next);
        stack.push(next);
      }
    }
  }
  return [...services].sort((a, b) => a - b);
}
