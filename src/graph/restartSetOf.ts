import { resolveSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { VertexGraph } from './VertexGraph.js';

// For each graph, which services list each service in their restartWithDependencies: made once, on first need.
const listedByOf = new WeakMap<VertexGraph, Map<number, number[]>>();

/**
 * The restart set of `failed` (API.md, 'After start' and 'Fitting real applications'): the service plus, repeatedly,
 * every service whose `restartWithDependencies` is `true` and that depends directly on a member of the set, or that
 * lists that member (or its layer) and depends on it directly or transitively (`VertexGraph.restartsWithListed`).
 * Service indices, in the order found (`failed` first). `eligible` leaves services out (an `idle` one, say); default:
 * every service. Costs in proportion to the set's members and their dependents.
 */
export function restartSetOf(graph: VertexGraph, failed: number, eligible: (service: number) => boolean = () => true): number[] {
  let listedBy = listedByOf.get(graph);
  if (listedBy === undefined) {
    listedBy = new Map();
    for (const [service, listed] of graph.restartsWithListed) {
      for (const dependency of listed) {
        const list = listedBy.get(dependency);
        if (list === undefined) listedBy.set(dependency, [service]);
        else list.push(service);
      }
    }
    listedByOf.set(graph, listedBy);
  }
  const withAll = (service: number): boolean => {
    const vertex = graph.services[service];
    return vertex !== undefined && resolveSupervisionPolicy(graph.supervisionDefaults, vertex.supervise).restartWithDependencies;
  };
  const members = [failed];
  const seen = new Set(members);
  const add = (service: number): void => {
    if (seen.has(service) || !eligible(service)) return;
    seen.add(service);
    members.push(service);
  };
  for (let head = 0; head < members.length; head += 1) {
    const member = members[head] as number;
    for (const dependent of graph.serviceDependents(member)) if (withAll(dependent)) add(dependent);
    for (const lister of listedBy.get(member) ?? []) add(lister);
  }
  return members;
}
