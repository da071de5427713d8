import { at } from './Adjacency.js';
import type { ReadinessGraph } from './ReadinessGraph.js';

/** What a failure of one service touches, by service index (each list in binding order). */
export interface RestartImpact {
  /** The restart set: the service and every service that restarts with it. */
  readonly restarts: readonly number[];
  /** Services that stay up but are unavailable while the restart lasts: they depend on a member, directly or not. */
  readonly heldUnavailable: readonly number[];
  /** Everything else: untouched. */
  readonly keepsRunning: readonly number[];
}

/** The services that depend on `service` directly, looking through layers (an empty layer passes them on). */
export function directDependents(graph: ReadinessGraph, service: number): number[] {
  const services = graph.services.length;
  const { offsets, targets } = graph.dependents;
  const found: number[] = [];
  const seenLayers = new Set<number>();
  const stack = [service];
  while (stack.length > 0) {
    const vertex = stack.pop() as number;
    for (let edge = at(offsets, vertex); edge < at(offsets, vertex + 1); edge += 1) {
      const dependent = at(targets, edge);
      if (dependent < services) found.push(dependent);
      else if (!seenLayers.has(dependent)) {
        seenLayers.add(dependent);
        stack.push(dependent);
      }
    }
  }
  return found;
}

/**
 * The restart set of `service` (API.md, "Precise rules"): the service plus, repeatedly, every service with
 * `restartWithDependencies` that depends directly on a member. In the order found (the service first).
 */
export function restartSet(graph: ReadinessGraph, service: number, restartsWithDependencies: (service: number) => boolean): number[] {
  const members = [service];
  const seen = new Set(members);
  for (let head = 0; head < members.length; head += 1) {
    for (const dependent of directDependents(graph, members[head] as number)) {
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
export function restartImpact(graph: ReadinessGraph, service: number, restartsWithDependencies: (service: number) => boolean): RestartImpact {
  const restarts = restartSet(graph, service, restartsWithDependencies);
  const touched = new Set(restarts);
  const held = new Set<number>();
  for (let head = 0, queue = [...restarts]; head < queue.length; head += 1) {
    for (const dependent of directDependents(graph, queue[head] as number)) {
      if (touched.has(dependent)) continue;
      touched.add(dependent);
      held.add(dependent);
      queue.push(dependent);
    }
  }
  const inOrder = (keep: (index: number) => boolean): number[] => graph.services.map((vertex) => vertex.index).filter(keep);
  return {
    restarts: inOrder((index) => restarts.includes(index)),
    heldUnavailable: inOrder((index) => held.has(index)),
    keepsRunning: inOrder((index) => !touched.has(index)),
  };
}
