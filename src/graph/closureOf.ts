import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer, type Layer } from '../decorators/layer.js';
import { describeValue } from '../errors/describeValue.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { at } from './Adjacency.js';
import { displayName } from './displayName.js';
import type { VertexGraph } from './VertexGraph.js';

/**
 * The closure of `only` (API.md, "Partial start and deferred services"): the targets — a service identifier's
 * services, a layer's members — and, transitively, everything they depend on, the members of the layers they depend
 * on included, but not their layer-mates. Service indices in a start order: every service after all it depends on.
 * Deferred services of the closure are in it (the runtime starts them after the rest). Costs in proportion to the
 * closure (its services and their edges), not to the graph.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an `only` that is not a non-empty array, or an entry that is
 *   no lifecycle service of the graph (not bound, or bound to a plain service) or a layer nobody is in, naming it.
 */
export function closureOf(graph: VertexGraph, only: ReadonlyArray<ServiceIdentifier | Layer>): number[] {
  if (!Array.isArray(only) || only.length === 0) {
    throw new ReadyGraphError(
      errorCodes.usage,
      `start({ only }): only must be a non-empty array of service identifiers and layers; got ${describeValue(only)} (to start everything, call start() without it)`,
    );
  }
  const starts: number[] = [];
  only.forEach((target: unknown, index) => {
    if (isLayer(target)) {
      const vertex = graph.layerVertexOf(target);
      if (vertex === undefined || !graph.dependencies.list(vertex).some((to) => graph.vertices[to]?.kind === 'service' && (graph.vertices[to] as { layer?: Layer }).layer === target)) {
        throw new ReadyGraphError(errorCodes.usage, `start({ only }): entry ${index + 1} is layer "${target.name}", which nobody is in: no service of this graph has @inLayer(${target.name}); name a layer with members, or a service`);
      }
      starts.push(vertex);
      return;
    }
    const services = typeof target === 'function' || typeof target === 'symbol' || typeof target === 'string' ? graph.servicesOf(target) : [];
    if (services.length === 0) {
      const name = typeof target === 'function' || typeof target === 'symbol' || typeof target === 'string' ? `"${displayName(target)}"` : describeValue(target);
      throw new ReadyGraphError(
        errorCodes.usage,
        `start({ only }): entry ${index + 1}, ${name}, is not a lifecycle service of this graph (not bound, or bound to a service without hooks or declarations); ` +
          `name a bound lifecycle service or a layer`,
      );
    }
    starts.push(...services);
  });
  return closureOfVertices(graph, starts);
}

/**
 * The services `starts` (vertices: services or layers) need, themselves included, in a start order: a depth-first
 * walk of their dependencies that lists each service once all it depends on is listed.
 */
export function closureOfVertices(graph: VertexGraph, starts: readonly number[]): number[] {
  const { offsets, targets } = graph.dependencies;
  const serviceCount = graph.services.length;
  const order: number[] = [];
  const seen = new Set<number>();
  // Each frame: a vertex and the next of its dependencies to look at.
  const vertices: number[] = [];
  const slots: number[] = [];
  for (const start of starts) {
    if (seen.has(start)) continue;
    seen.add(start);
    vertices.push(start);
    slots.push(at(offsets, start));
    while (vertices.length > 0) {
      const top = vertices.length - 1;
      const vertex = vertices[top] as number;
      const slot = slots[top] as number;
      if (slot < at(offsets, vertex + 1)) {
        slots[top] = slot + 1;
        const next = at(targets, slot);
        if (seen.has(next)) continue;
        seen.add(next);
        vertices.push(next);
        slots.push(at(offsets, next));
        continue;
      }
      vertices.pop();
      slots.pop();
      if (vertex < serviceCount) order.push(vertex);
    }
  }
  return order;
}

/**
 * The closure of the services and layers `names` names (a service's node name, or a layer's name; a service first,
 * should the two coincide), as {@link closureOfVertices} orders it.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an empty list, a name no service or layer has, or a layer nobody
 *   is in.
 */
export function closureOfNames(graph: VertexGraph, names: readonly string[]): number[] {
  if (names.length === 0) {
    throw new ReadyGraphError(errorCodes.usage, 'closure([]): name at least one service or layer (an empty closure starts nothing)');
  }
  const starts = names.map((name) => {
    const service = graph.services.find((vertex) => vertex.name === name);
    if (service !== undefined) return service.index;
    const layer = graph.layerVertices.find((vertex) => vertex.name === name);
    if (layer !== undefined && graph.services.some((vertex) => vertex.layer === layer.layer)) return layer.index;
    const why = layer === undefined ? 'no service or layer has that name' : 'nobody is in that layer';
    throw new ReadyGraphError(errorCodes.usage, `only ${JSON.stringify(name)}: ${why}; name a service (its node name, as \`readygraph graph\` prints it) or a layer with members`);
  });
  return closureOfVertices(graph, starts);
}
