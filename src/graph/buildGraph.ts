import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { DependsOnTarget } from '../decorators/DependsOnTarget.js';
import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import { isLayer, type Layer } from '../decorators/layer.js';
import { isLifecycleClass } from '../decorators/readDeclarations.js';
import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { displayName } from './displayName.js';
import { CycleDrawing } from './CycleDrawing.js';
import { cycleError } from './cycleError.js';
import { findCycle } from './findCycle.js';
import { Adjacency } from './Adjacency.js';
import { EdgeList, noVia } from './EdgeList.js';
import { assertHooksAreMethods } from './declarationsOf.js';
import { injectionConstraints, type InjectionConstraint } from './injectionConstraints.js';
import { assertDeferredGateNothing } from './assertDeferredGateNothing.js';
import { restartLists } from './restartLists.js';
import { isAutobound, memoisedReader, type BindingReader, type BindingView, type InjectionView } from './inversifyAdapter.js';
import { passApart } from './passApart.js';
import { resolutionOf } from './resolutionOf.js';
import { serviceBindings, type ServiceBinding } from './serviceBindings.js';
import { Reachability } from './Reachability.js';
import { Countdown } from './Countdown.js';
import type { EdgeKind } from './EdgeKind.js';
import type { LayerVertex } from './LayerVertex.js';
import type { ServiceVertex } from './ServiceVertex.js';
import type { Vertex } from './Vertex.js';
import { VertexGraph } from './VertexGraph.js';

/** Options of {@link buildGraph}. */
export interface BuildGraphOptions {
  /** Injected lifecycle services (directly or through plain services) become readiness edges. Default `true`. */
  readonly implicitDependencies?: boolean;
  /** The `name` of the Lifecycle that owns a service, when another than the asking one does (`nodes[].owner`). */
  readonly ownerOf?: (vertex: ServiceVertex) => string | undefined;
  /** The Lifecycle's `supervise` option, resolved: the policy of a service whose class declares none. */
  readonly supervisionDefaults?: ResolvedSupervisionPolicy;
  /** The Lifecycle's `services` option: lifecycle services to include although nothing injects them. Default none. */
  readonly services?: readonly ServiceIdentifier[];
}

/**
 * Builds and validates the readiness graph of the bindings `reader` sees. Pure: reads bindings and class metadata,
 * constructs nothing.
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_SCOPE` for a lifecycle service that is not a singleton,
 *   `ERR_READYGRAPH_MISSING_DEPENDENCY` for an unbound `@dependsOn` target or `services` entry, `ERR_READYGRAPH_CYCLE`
 *   for a cycle, `ERR_READYGRAPH_USAGE` for an injection of `undefined`, an `@independentOf` that removes nothing, a
 *   `restartWithDependencies` entry the service does not depend on, a service that is not deferred depending on a
 *   deferred one, or a `services` entry that is not a lifecycle service.
 */
export function buildGraph(containerReader: BindingReader, options: BuildGraphOptions = {}): VertexGraph {
  const reader = memoisedReader(containerReader);
  const implicit = options.implicitDependencies ?? true;
  const vertices: Vertex[] = [];
  const declarations: Array<readonly DependsOnTarget[]> = [];
  // A name's first use costs one set operation (the set grows); only repeats are counted.
  const usedNames = new Set<string>();
  const repeats = new Map<string, number>();
  const uniqueName = (base: string): string => {
    const before = usedNames.size;
    usedNames.add(base);
    if (usedNames.size > before) return base;
    const seen = (repeats.get(base) ?? 1) + 1;
    repeats.set(base, seen);
    return `${base}#${seen}`;
  };

  // 1. Lifecycle services: class bindings whose class has a hook or declares a layer or dependencies, and constants
  // whose value has a hook; each resolved later through its own binding.
  let constraintsByIdentifier: ReadonlyMap<unknown, readonly InjectionConstraint[]> | undefined;
  const constraintsOf = (serviceIdentifier: ServiceIdentifier): readonly InjectionConstraint[] =>
    (constraintsByIdentifier ??= injectionConstraints(reader)).get(serviceIdentifier) ?? [];
  // Each service's injections, read once (by serviceBindings) for the walk for bindings and the edges.
  const injectionsOfVertex: Array<readonly InjectionView[]> = [];
  const independentTargets: Array<readonly ServiceIdentifier[]> = [];
  // What an empty graph's error counts: the container's own bindings (not those only injection would autobind).
  let bindingCount = 0;
  let deferredCount = 0;
  const roots = options.services ?? [];
  // The loops that run once per binding or service are indexed, not for…of: a start runs them once, mostly before V8
  // has optimised them, and there an iterator (and its result objects) per loop costs several times the loop's work.
  const { found, targets, targetsFrom } = serviceBindings(reader, roots, containerReader);
  // For each binding in `found`, the lifecycle service it is if it is the sole binding of its identifier, else -1:
  // most injections and @dependsOn targets name one, found through `targets` without a look-up.
  const soleVertexOfFound = new Int32Array(found.length).fill(-1);
  // The position in `found` of each service's binding.
  const foundOfVertex: number[] = [];
  passApart(() => {
    for (let next = 0; next < found.length; next += 1) {
      const { serviceIdentifier, binding, bindings, chained, declared, injections } = found[next] as ServiceBinding;
      if (!chained && !isAutobound(binding)) bindingCount += 1;
      if (declared === undefined || !isLifecycleClass(declared)) continue;
      const type = declared.type;
      const name = uniqueName(displayName(serviceIdentifier));
      if (binding.type === 'Instance' && binding.scope !== 'Singleton') throw scopeError(name, type, binding, declared.hasOnReady, declared.hasOnStop);
      if (declared.constant !== undefined) assertHooksAreMethods(name, declared.constant.value);
      const vertex: ServiceVertex = {
        kind: 'service',
        index: vertices.length,
        name,
        layer: declared.layer,
        serviceIdentifier,
        implementationType: type,
        hasOnReady: declared.hasOnReady,
        hasOnStop: declared.hasOnStop,
        hasCheckHealth: declared.hasCheckHealth,
        supervise: declared.supervise,
        bindingId: binding.id,
        resolution: resolutionOf(name, binding, bindings, chained, constraintsOf),
        deferred: declared.deferred || declared.layer?.deferred === true,
        constant: declared.constant,
      };
      if (vertex.deferred) deferredCount += 1;
      if (bindings.length === 1 && !chained) soleVertexOfFound[next] = vertices.length;
      foundOfVertex.push(next);
      vertices.push(vertex);
      declarations.push(declared.dependsOn);
      injectionsOfVertex.push(injections);
      independentTargets.push(declared.independentOf);
    }
  });
  const serviceCount = vertices.length;
  // The identifiers bound once, to a lifecycle service, for the look-ups `targets` does not answer (a lazy or
  // unbound one, a constant's @dependsOn, `services`, @independentOf): made on first use.
  let soleVertices: Map<unknown, number> | undefined;
  const soleVertexOf = (serviceIdentifier: unknown): number | undefined => {
    if (soleVertices === undefined) {
      soleVertices = new Map();
      for (let index = 0; index < serviceCount; index += 1) {
        if (soleVertexOfFound[foundOfVertex[index] as number] === index) soleVertices.set((vertices[index] as ServiceVertex).serviceIdentifier, index);
      }
    }
    return soleVertices.get(serviceIdentifier);
  };

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
  passApart(() => {
    for (let index = 0; index < serviceCount; index += 1) {
      const service = vertices[index] as ServiceVertex;
      if (service.layer !== undefined) addLayer(service.layer);
      const declared = declarations[index] as readonly DependsOnTarget[];
      for (let position = 0; position < declared.length; position += 1) {
        const target = declared[position];
        if (isLayer(target)) addLayer(target);
      }
    }
  });

  // 3. Edges. One edge per pair, the first reason found kept (declared and layer edges before injected ones). The
  // edges leaving a vertex are added together, so remembering, for each target, the last vertex that reached it is
  // enough to see a repeat — no set per vertex, which matters at 100k services.
  const edges = new EdgeList();
  const lastFrom = new Int32Array(vertices.length).fill(-1);
  const addEdge = (from: number, to: number, kind: EdgeKind, via: readonly string[]): void => {
    if (lastFrom[to] === from) return;
    lastFrom[to] = from;
    edges.add(from, to, kind, via);
  };
  for (const [layer, index] of layerVertexOf) {
    for (const dependency of layer.dependsOn) addEdge(index, layerVertexOf.get(dependency) as number, 'layer', noVia);
  }
  const reachability = new Reachability(reader, vertices);
  // `from` waits for every lifecycle service `bindings` reach: themselves, or through plain services.
  const addReached = (from: number, bindings: readonly BindingView[], kind: EdgeKind): void => {
    for (let position = 0; position < bindings.length; position += 1) {
      const binding = bindings[position] as BindingView;
      const vertex = reachability.vertexOf(binding);
      if (vertex !== undefined) addEdge(from, vertex, kind, noVia);
      else reachability.ofBinding(binding).forEach((via, reached) => addEdge(from, reached, kind, via));
    }
  };
  const verticesOf = (serviceIdentifier: ServiceIdentifier): number[] => {
    const sole = soleVertexOf(serviceIdentifier);
    if (sole !== undefined) return [sole];
    const found: number[] = [];
    for (const binding of reader.bindings(serviceIdentifier)) {
      const vertex = reachability.vertexOf(binding);
      if (vertex !== undefined) found.push(vertex);
    }
    return found;
  };
  for (const root of roots) {
    if (reader.bindings(root).length === 0) throw unboundRootError(displayName(root), reader.autobinds?.() === true);
    if (verticesOf(root).length === 0) throw plainRootError(displayName(root));
  }
  // The services `@independentOf` leaves out of their injection edges, by service index (most services: none).
  const independentOf = new Map<number, number[]>();
  // A service with @independentOf: its injection edges, but none to the services of its targets (which it must reach).
  const addIndependentInjections = (
    index: number,
    service: ServiceVertex,
    injections: readonly InjectionView[],
    targets: readonly ServiceIdentifier[],
    declared: readonly DependsOnTarget[],
  ): number[] => {
    const left = new Map<number, ServiceIdentifier>();
    for (const target of targets) {
      if (declared.some((declaration) => unwrapLazy(declaration) === target)) throw independentOfError(service.name, displayName(target), 'declared');
      for (const vertex of verticesOf(target)) left.set(vertex, target);
    }
    const removed = new Set<number>();
    const reached = (to: number, via: readonly string[]): void => {
      if (left.has(to)) removed.add(to);
      else if (implicit) addEdge(index, to, 'injected', via);
    };
    for (const injection of injections) {
      for (const binding of reachability.injectedBindings(injection, service.serviceIdentifier, service.implementationType)) {
        const vertex = reachability.vertexOf(binding);
        if (vertex !== undefined) reached(vertex, noVia);
        else reachability.ofBinding(binding).forEach((via, to) => reached(to, via));
      }
    }
    for (const target of targets) {
      if (![...left].some(([vertex, of]) => of === target && removed.has(vertex))) throw independentOfError(service.name, displayName(target), 'unreached');
    }
    return [...removed].sort((a, b) => a - b);
  };

  passApart(() => {
    for (let index = 0; index < serviceCount; index += 1) {
      const service = vertices[index] as ServiceVertex;
      if (service.layer !== undefined) {
        for (const dependency of service.layer.dependsOn) addEdge(index, layerVertexOf.get(dependency) as number, 'layer', noVia);
      }
      const declared = declarations[index] as readonly DependsOnTarget[];
      const injections = injectionsOfVertex[index] as readonly InjectionView[];
      // Where this service's entries in `targets` begin (-1 for a constant: serviceBindings walks class bindings only).
      const foundAt = foundOfVertex[index] as number;
      const targetsAt = service.constant === undefined ? (targetsFrom[foundAt] as number) : -1;
      for (let position = 0; position < declared.length; position += 1) {
        const known = targetsAt < 0 ? -1 : (targets[targetsAt + injections.length + position] as number);
        const direct = known < 0 ? -1 : (soleVertexOfFound[known] as number);
        if (direct >= 0) {
          addEdge(index, direct, 'declared', noVia);
          continue;
        }
        const target = unwrapLazy(declared[position]);
        if (isLayer(target)) {
          addEdge(index, layerVertexOf.get(target) as number, 'declared', noVia);
          continue;
        }
        const sole = known < 0 ? soleVertexOf(target) : undefined;
        if (sole !== undefined) {
          addEdge(index, sole, 'declared', noVia);
          continue;
        }
        const bindings = target === undefined ? [] : reader.bindings(target as ServiceIdentifier);
        if (bindings.length === 0) throw missingDependencyError(service.name, displayName(target));
        addReached(index, bindings, 'declared');
      }
      const independent = independentTargets[index] as readonly ServiceIdentifier[];
      // A constant's value is not constructed: its class's injections are never made.
      if (service.constant !== undefined) {
        if (independent.length > 0) throw independentOfError(service.name, displayName(independent[0]), 'unreached');
        continue;
      }
      // Every injection is walked, edges or not: one that start() could not satisfy is reported now.
      reachability.walkFrom(service.name);
      if (independent.length > 0) {
        independentOf.set(index, addIndependentInjections(index, service, injections, independent, declarations[index] ?? []));
        continue;
      }
      for (let position = 0; position < injections.length; position += 1) {
        const known = targets[targetsAt + position] as number;
        const sole = known < 0 ? -1 : (soleVertexOfFound[known] as number);
        if (sole >= 0) {
          if (implicit) addEdge(index, sole, 'injected', noVia);
          continue;
        }
        const injection = injections[position] as InjectionView;
        const bindings = reachability.injectedBindings(injection, service.serviceIdentifier, service.implementationType);
        if (implicit) addReached(index, bindings, 'injected');
        else for (const binding of bindings) reachability.ofBinding(binding);
      }
    }
  });
  // A layer's edges to its members, each made once: no repeat check needed (they would interleave with the members').
  passApart(() => {
    for (let index = 0; index < serviceCount; index += 1) {
      const layer = (vertices[index] as ServiceVertex).layer;
      if (layer !== undefined) edges.add(layerVertexOf.get(layer) as number, index, 'layer', noVia);
    }
  });

  // 4. Validation: a topological order exists, or the cycle is reported with every edge on it.
  const dependencies = Adjacency.of(vertices.length, edges.from, edges.to);
  const dependents = Adjacency.of(vertices.length, edges.to, edges.from);
  const order = topologicalOrder(dependencies, dependents);
  const about = { ...options, bindingCount, autobinds: () => reader.autobinds?.() === true, independentOf, servicesOf: verticesOf };
  if (order.length < vertices.length) {
    const graph = new VertexGraph(vertices, edges, order, { dependencies, dependents }, layerVertexOf, about);
    const placed = new Set(order);
    const cycle = findCycle(vertices, edges, (vertex) => !placed.has(vertex));
    // The graph as built goes with the error, so that a drawing can show the cycle (readygraph graph).
    throw CycleDrawing.attach(cycleError(vertices, edges, cycle), graph, cycle);
  }
  const membersOf = (layer: Layer): number[] => {
    const vertex = layerVertexOf.get(layer);
    return vertex === undefined ? [] : dependencies.list(vertex).filter((to) => (vertices[to] as Vertex).kind === 'service' && (vertices[to] as ServiceVertex).layer === layer);
  };
  const restartsWithListed = restartLists(vertices.slice(0, serviceCount) as ServiceVertex[], dependencies, (target) => (isLayer(target) ? membersOf(target) : verticesOf(target)));
  const graph = new VertexGraph(vertices, edges, order, { dependencies, dependents }, layerVertexOf, { ...about, restartsWithListed });
  if (deferredCount > 0) assertDeferredGateNothing(graph);
  return graph;
}

/** Kahn's algorithm over `from waits for to`: returns the vertices it could order (all of them unless there is a cycle). */
function topologicalOrder(dependencies: Adjacency, dependents: Adjacency): number[] {
  const countdown = new Countdown(dependencies, dependents);
  const order = countdown.free();
  const place = (vertex: number): void => {
    order.push(vertex);
  };
  for (let next = 0; next < order.length; next += 1) countdown.release(order[next] as number, place);
  return order;
}

function scopeError(name: string, type: Function, binding: BindingView, hasOnReady: boolean, hasOnStop: boolean): ReadyGraphError {
  const why = hasOnReady || hasOnStop ? `it has ${hasOnReady ? 'onReady' : 'onStop'}` : 'it declares @inLayer or @dependsOn';
  const identifier = binding.serviceIdentifier;
  // How the user wrote the identifier: a class by name, a string quoted, a symbol by its description.
  const bindCall =
    typeof identifier === 'function' ? identifier.name : typeof identifier === 'symbol' ? `<the ${displayName(identifier)} symbol>` : JSON.stringify(identifier);
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

function unboundRootError(root: string, autobinds: boolean): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.missingDependency,
    `option services lists "${root}", but "${root}" is not bound in the container${autobinds ? ' (and is not a class the container could autobind)' : ''}; ` +
      `bind it (container.bind(...)), or use a container with autobind: true for a class, or remove it from the services option`,
    { dependency: root },
  );
}

function plainRootError(root: string): ReadyGraphError {
  return new ReadyGraphError(
    errorCodes.usage,
    `option services lists "${root}", but "${root}" is not a lifecycle service (no onReady, onStop or checkHealth method, no @inLayer, ` +
      `@dependsOn, @supervise or @deferred): there is nothing to start; remove it from the services option, or give it its hooks as methods`,
  );
}

function independentOfError(service: string, target: string, why: 'declared' | 'unreached'): ReadyGraphError {
  const what =
    why === 'declared'
      ? `"${target}" is also in its @dependsOn, which keeps the edge: drop one of the two`
      : `"${service}" does not reach "${target}" (a lifecycle service) through injection, so there is no injection edge to remove: remove "${target}" from @independentOf`;
  return new ReadyGraphError(errorCodes.usage, `@independentOf(...) on "${service}" names "${target}", but ${what}`, { service, dependency: target });
}
