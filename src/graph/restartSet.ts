import { transitiveDependents } from './transitiveDependents.js';
import type { VertexGraph } from './VertexGraph.js';

/** What a failure of one service touches, by service index (each list in binding order). */
export interface RestartImpactIndices {
  /** The restart set: the service and every service that restarts with it. */
  readonly restarts: readonly number[];
  /** Services that stay up but are unavailable while the restart lasts: they depend on a member, directly or not. */
  readonly heldUnavailable: readonly number[];
  /** Everything else: untouched. */
  readonly keepsRunning: readonly number[];
}

/**
 * The restart set of `service` (API.md, "Precise rules"): the service plus, repeatedly, every service with
 * `restartWithDependencies` that depends directly on a member. In the order found (the service first).
 */
export function restartSet(graph: VertexGraph, service: number, restartsWithDependencies: (service: number) => boolean): number[] {
  const members = [service];
  const seen = new Set(members);
  for (let head = 0; head < members.length; head += 1) {
    for (const dependent of graph.serviceDependents(members[head] as number)) {
      if (seen.has(dependent) || !restartsWithDependencies(dependent)) continue;
      seen.add(dependent);
      members.push(dependent);
    }
  }
  return members;
}

/**
 * What a failure of `service` touches when it restarts: its restart set, the services held unavailable meanwhile
 * (every other service that depends on a member, directly or not: availability needs every dependency available),
 * and those that keep running as they are.
 */
export function restartImpactIndices(graph: VertexGraph, service: number, restartsWithDependencies: (service: number) => boolean): RestartImpactIndices {
  const restarts = restartSet(graph, service, restartsWithDependencies);
  const members = new Set(restarts);
  const touched = transitiveDependents(graph, restarts);
  const inOrder = (keep: (index: number) => boolean): number[] => graph.services.map((vertex) => vertex.index).filter(keep);
  return {
    restarts: inOrder((index) => members.has(index)),
    heldUnavailable: inOrder((index) => touched.has(index) && !members.has(index)),
    keepsRunning: inOrder((index) => !touched.has(index)),
  };
}
