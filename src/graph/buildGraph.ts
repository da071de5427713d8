import type { ServiceIdentifier } from 'inversify';
import type { DependsOnTarget } from '../decorators/DependsOnTarget.js';
import { isLazyServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer, type Layer } from '../decorators/layer.js';
import { isLifecycleClass, readDeclarations } from '../decorators/readDeclarations.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from './displayName.js';
import { findCycle } from './findCycle.js';
import { injectionsOf, type BindingReader, type BindingView } from './inversifyAdapter.js';
import { Reachability } from './Reachability.js';
import { ReadinessGraph, type EdgeKind, type LayerVertex, type ServiceVertex, type Vertex, type VertexEdge } from './ReadinessGraph.js';

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Injected lifecycle services (directly or through plain services) become readiness edges. Default `true`. */
  readonly implicitDependencies?: boolean;
}

/**
 * Builds and validates the readiness graph of the bindings `reader` sees. Pure: reads bindings and class metadata,
 * constructs nothing.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_SCOPE` for a lifecycle service that is not a singleton,
 *   `ERR_READYGRAPH_MISSING_DEPENDENCY` for an unbound `@dependsOn` target, `ERR_READYGRAPH_CYCLE` for a cycle.
 */
export function buildGraph(reader: BindingReader, options: BuildGraphOptions = {}): ReadinessGraph {
  const implicit = options.implicitDependencies ?? true;
  const vertices: Vertex[] = [];
  const vertexByBinding = new Map<number, number>();
  const declarations: Array<readonly DependsOnTarget[]> = [];
  const usedNames = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const seen = usedNames.get(base) ?? 0;
    usedNames.set(base, seen + 1);
    return seen === 0 ? base : `${base}#${seen + 1}`;
  };

  // 1. Lifecycle services: Instance bindings whose class has a hook or declares a layer or dependencies.
  for (const serviceIdentifier of reader.boundServices()) {
    const bindings = reader.bindings(serviceIdentifier);
    bindings.forEach((binding, bindingIndex) => {
      const type = binding.type === 'Instance' ? binding.implementationType : undefined;
      if (type === undefined) return;
      const declared = readDeclarations(type);
      if (!isLifecycleClass(declared)) return;
      const name = uniqueName(displayName(serviceIdentifier));
      if (binding.scope !== 'Singleton') throw scopeError(name, type, binding, declared.hasOnReady, declared.hasOnStop);
      const vertex: ServiceVertex = {
        kind: 'service',
        index: vertices.length,
        name,
        layer: declared.layer,
        serviceIdentifier,
        bindingIndex,
        bindingCount: bindings.length,
        implementationType: type,
        hasOnReady: declared.hasOnReady,
        hasOnStop: declared.hasOnStop,
        bindingId: binding.id,
      };
      vertexByBinding.set(binding.id, vertices.length);
      vertices.push(vertex);
      declarations.push(declared.dependsOn);
    });
  }
  const serviceCount = vertices.length;

  // 2. Layers: those of the members, those named in @dependsOn, and what they depend on.
  const layerVertexOf = new Map<Layer, number>();
  const usedLayerNames = new Map<string, number>();
  const addLayer = (layer: Layer): number => {
    const known = layerVertexOf.get(layer);
    if (known !== undefined) return known;
    for (const dependency of layer.dependsOn) addLayer(dependency);
    const seen = usedLayerNames.get(layer.name) ?? 0;
    usedLayerNames.set(layer.name, seen + 1);
    const vertex: LayerVertex = { kind: 'layer', index: vertices.length, name: seen === 0 ? layer.name : `${layer.name}#${seen + 1}`, layer };
    layerVertexOf.set(layer, vertex.index);
    vertices.push(vertex);
    return vertex.index;
  };
  for (let index = 0; index < serviceCount; index += 1) {
    const service = vertices[index] as ServiceVertex;
    if (service.layer !== undefined) addLayer(service.layer);
    for (const target of declarations[index] ?? []) if (isLayer(target)) addLayer(target);
  }

  // 3. Edges.
  const edges: VertexEdge[] = [];
  // The targets each vertex already has an edge to (small-integer keys, so the sets stay cheap at any size).
  const targetsOf: Array<Set<number> | undefined> = [];
  const addEdge = (from: number, to: number, kind: EdgeKind, via: readonly string[]): void => {
    // One edge per pair; the first reason found is kept (declared and layer edges are added before injected ones).
    let targets = targetsOf[from];
    if (targets === undefined) {
      targets = new Set();
      targetsOf[from] = targets;
    } else if (targets.has(to)) {
      return;
    }
    targets.add(to);
    edges.push({ from, to, kind, via });
  };
  for (const [layer, index] of layerVertexOf) {
    for (const dependency of layer.dependsOn) addEdge(index, layerVertexOf.get(dependency) as number, 'layer', []);
  }
  const reachability = new Reachability(reader, vertexByBinding);

  for (let index = 0; index < serviceCount; index += 1) {
    const service = vertices[index] as ServiceVertex;
    if (service.layer !== undefined) {
      const layerIndex = layerVertexOf.get(service.layer) as number;
      addEdge(layerIndex, index, 'layer', []);
      for (const dependency of service.layer.dependsOn) addEdge(index, layerVertexOf.get(dependency) as number, 'layer', []);
    }
    for (const rawTarget of declarations[index] ?? []) {
      const target = isLazyServiceIdentifier(rawTarget) ? (rawTarget.unwrap() as unknown) : rawTarget;
      if (isLayer(target)) {
        addEdge(index, layerVertexOf.get(target) as number, 'declared', []);
        continue;
      }
      const bindings = target === undefined ? [] : reader.bindings(target as ServiceIdentifier);
      if (bindings.length === 0) throw missingDependencyError(service.name, displayName(target));
      for (const binding of bindings) {
        for (const [vertex, via] of reachability.ofBinding(binding)) addEdge(index, vertex, 'declared', via);
      }
    }
  }
  if (implicit) {
    for (let index = 0; index < serviceCount; index += 1) {
      const service = vertices[index] as ServiceVertex;
      for (const injection of injectionsOf(service.implementationType)) {
        for (const binding of reachability.injectedBindings(injection, service.serviceIdentifier)) {
          for (const [vertex, via] of reachability.ofBinding(binding)) addEdge(index, vertex, 'injected', via);
        }
      }
    }
  }

  // 4. Validation: a topological order exists, or the cycle is reported with every edge on it.
  const order = topologicalOrder(vertices.length, edges);
  if (order.length < vertices.length) {
    const placed = new Set(order);
    throw findCycle(vertices, edges, (vertex) => !placed.has(vertex));
  }
  return new ReadinessGraph(vertices, edges, order);
}

/** Kahn's algorithm over `from waits for to`: returns the vertices it could order (all of them unless there is a cycle). */
function topologicalOrder(vertexCount: number, edges: readonly VertexEdge[]): number[] {
  const waiting = new Int32Array(vertexCount);
  const dependents: number[][] = Array.from({ length: vertexCount }, () => []);
  for (const edge of edges) {
    waiting[edge.from] = (waiting[edge.from] ?? 0) + 1;
    dependents[edge.to]?.push(edge.from);
  }
  const order: number[] = [];
  for (let vertex = 0; vertex < vertexCount; vertex += 1) if (waiting[vertex] === 0) order.push(vertex);
  for (let next = 0; next < order.length; next += 1) {
    for (const dependent of dependents[order[next] as number] ?? []) {
      waiting[dependent] = (waiting[dependent] ?? 0) - 1;
      if (waiting[dependent] === 0) order.push(dependent);
    }
  }
  return order;
}

function scopeError(name: string, type: Function, binding: BindingView, hasOnReady: boolean, hasOnStop: boolean): ReadyGraphError {
  const why = hasOnReady || hasOnStop ? `it has ${hasOnReady ? 'onReady' : 'onStop'}` : 'it declares @inLayer or @dependsOn';
  const bound = typeof binding.serviceIdentifier === 'function' ? binding.serviceIdentifier.name : displayName(binding.serviceIdentifier);
  const bindCall = typeof binding.serviceIdentifier === 'function' ? bound : JSON.stringify(bound);
  return new ReadyGraphError(
    errorCodes.scope,
    `"${name}" is a lifecycle service (${why}) but is bound in ${binding.scope ?? 'no'} scope; a lifecycle service must be a singleton, ` +
      `so that the instance that became ready is the one everybody gets. Fix: container.bind(${bindCall}).to${
        type === binding.serviceIdentifier ? 'Self()' : `(${type.name})`
      }.inSingletonScope(), or @injectable('Singleton') on ${type.name}, or new Container({ defaultScope: 'Singleton' })`,
    { service: name },
  );
}

function missingDependencyError(service: string, dependency: string): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.missingDependency,
    `"${service}" depends on "${dependency}" (@dependsOn), but "${dependency}" is not bound in the container; ` +
      `bind it (container.bind(...)) or remove it from @dependsOn on ${service}`,
    { service, dependency },
  );
}
