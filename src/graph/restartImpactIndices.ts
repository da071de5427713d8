import { restartSetOf } from './restartSetOf.js';
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
 * What a failure of `service` touches when it restarts: its restart set (`restartSetOf`, the runtime's rule), the
 * services held unavailable meanwhile (every other service that depends on a member, directly or not: availability
 * needs every dependency available), and those that keep running as they are.
 */
export function restartImpactIndices(graph: VertexGraph, service: number): RestartImpactIndices {
  const restarts = restartSetOf(graph, service);
  const members = new Set(restarts);
  const touched = transitiveDependents(graph, restarts);
  const inOrder = (keep: (index: number) => boolean): number[] => graph.services.map((vertex) => vertex.index).filter(keep);
  return {
    restarts: inOrder((index) => members.has(index)),
    heldUnavailable: inOrder((index) => touched.has(index) && !members.has(index)),
    keepsRunning: inOrder((index) => !touched.has(index)),
  };
}
