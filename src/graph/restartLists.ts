import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer, type Layer } from '../decorators/layer.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { Adjacency } from './Adjacency.js';
import { displayName } from './displayName.js';
import type { ServiceVertex } from './ServiceVertex.js';

/**
 * The dependencies each service with a list-valued `restartWithDependencies` restarts with, by service index: the
 * services its entries stand for (a layer: its members) among those it depends on, directly or transitively. Each
 * list in index order; services without a list are absent. Reads the class's own `@supervise` (the `supervise`
 * option cannot hold a list).
 *
 * @param services The graph's service vertices (vertex index = service index).
 * @param dependencies For each vertex, what it waits for (services and layers).
 * @param resolve The service indices an entry stands for: an identifier's services, a layer's members.
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an entry none of whose services the service depends on.
 */
export function restartLists(
  services: readonly ServiceVertex[],
  dependencies: Adjacency,
  resolve: (target: ServiceIdentifier | Layer) => readonly number[],
): Map<number, readonly number[]> {
  const lists = new Map<number, readonly number[]>();
  for (let index = 0; index < services.length; index += 1) {
    const service = services[index] as ServiceVertex;
    const listed = service.supervise?.restartWithDependencies;
    if (!Array.isArray(listed)) continue;
    const reached = transitiveDependencies(dependencies, service.index, services.length);
    const chosen = new Set<number>();
    for (const entry of listed as ReadonlyArray<ServiceIdentifier | Layer>) {
      const hits = resolve(entry).filter((candidate) => reached.has(candidate));
      if (hits.length === 0) throw notADependencyError(service.name, isLayer(entry) ? `layer "${entry.name}"` : `"${displayName(entry)}"`);
      for (const hit of hits) chosen.add(hit);
    }
    lists.set(service.index, Object.freeze([...chosen].sort((a, b) => a - b)));
  }
  return lists;
}

/** The services `from` waits for, directly or transitively, looking through layer vertices. */
function transitiveDependencies(dependencies: Adjacency, from: number, serviceCount: number): Set<number> {
  const services = new Set<number>();
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const next of dependencies.list(stack.pop() as number)) {
      if (seen.has(next)) continue;
      seen.add(next);
      if (next < serviceCount) services.add(next);
      stack.push(next);
    }
  }
  return services;
}

function notADependencyError(service: string, entry: string): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.usage,
    `@supervise on "${service}": restartWithDependencies lists ${entry}, but "${service}" does not depend on it (directly or transitively, ` +
      `by @dependsOn, a layer or injection), so it could never restart with it: remove it from the list, or declare the dependency`,
    { service },
  );
}
