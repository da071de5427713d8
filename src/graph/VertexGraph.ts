import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { defaultSupervisionPolicy, type ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { Layer } from '../decorators/layer.js';
import type { Adjacency } from './Adjacency.js';
import type { EdgeList } from './EdgeList.js';
import type { GraphNode } from './GraphNode.js';
import type { LayerVertex } from './LayerVertex.js';
import type { ServiceVertex } from './ServiceVertex.js';
import { servicesThroughLayers } from './servicesThroughLayers.js';
import type { Vertex } from './Vertex.js';

/** What `buildGraph` tells a graph besides its vertices and edges. */
export interface VertexGraphAbout {
  readonly ownerOf?: (vertex: ServiceVertex) => string | undefined;
  readonly supervisionDefaults?: ResolvedSupervisionPolicy;
  readonly bindingCount?: number;
  /** Asked only when wanted (an empty graph's error): for an InversifyJS 8 container it costs a copy of its binding service. */
  readonly autobinds?: () => boolean;
  readonly independentOf?: ReadonlyMap<number, readonly number[]>;
  readonly restartsWithListed?: ReadonlyMap<number, readonly number[]>;
  readonly servicesOf?: (serviceIdentifier: ServiceIdentifier) => readonly number[];
}

/**
 * The readiness graph as data: the structure `buildGraph` makes, the runtime runs and the public `ReadinessGraph`
 * describes. Vertices are the services first (vertex index = service index), then the layers; an edge says its
 * `from` waits for its `to`. Not exported from the package root.
 */
export class VertexGraph {
  public readonly vertices: readonly Vertex[];
  /** The service vertices, in binding order: `services[i].index === i`. */
  public readonly services: readonly ServiceVertex[];
  public readonly layerVertices: readonly LayerVertex[];
  /** For each vertex, the vertices it waits for. */
  public readonly dependencies: Adjacency;
  /** For each vertex, the vertices that wait for it. */
  public readonly dependents: Adjacency;
  public readonly edgeList: EdgeList;
  /**
   * Vertices in an order where every vertex comes after what it waits for. Shorter than `vertices` only in the graph
   * a cycle error carries for its drawing (the vertices on and behind the cycle have no place).
   */
  public readonly topologicalOrder: readonly number[];
  #nodes: ReadonlyArray<GraphNode> | undefined;
  readonly #layerVertexOf: ReadonlyMap<Layer, number>;
  readonly #ownerOf: (vertex: ServiceVertex) => string | undefined;
  /**
   * The supervision policy a service has when its class declares none, field by field under its own `@supervise`:
   * the Lifecycle's `supervise` option, resolved (the library's defaults for a graph built without one).
   */
  public readonly supervisionDefaults: ResolvedSupervisionPolicy;
  /** How many bindings the container (and its ancestors) holds, of any form: what an empty graph's error counts. */
  public readonly bindingCount: number;
  readonly #autobinds: () => boolean;
  /** The services each service's `@independentOf` takes out of its injection edges, by service index (index order). */
  public readonly independentOf: ReadonlyMap<number, readonly number[]>;
  /**
   * The dependencies each service with a list-valued `restartWithDependencies` restarts with, by service index
   * (resolved: a layer's members, only those it depends on; index order). What `restartSetOf` reads.
   */
  public readonly restartsWithListed: ReadonlyMap<number, readonly number[]>;
  readonly #servicesOf: (serviceIdentifier: ServiceIdentifier) => readonly number[];

  /** Whether the container autobinds classes it does not bind (`new Container({ autobind: true })`). */
  public get autobinds(): boolean {
    return this.#autobinds();
  }

  public constructor(
    vertices: readonly Vertex[],
    edgeList: EdgeList,
    topologicalOrder: readonly number[],
    adjacency: { readonly dependencies: Adjacency; readonly dependents: Adjacency },
    layerVertexOf: ReadonlyMap<Layer, number>,
    about: VertexGraphAbout = {},
  ) {
    this.bindingCount = about.bindingCount ?? 0;
    this.#autobinds = about.autobinds ?? (() => false);
    this.independentOf = about.independentOf ?? new Map();
    this.restartsWithListed = about.restartsWithListed ?? new Map();
    this.#servicesOf = about.servicesOf ?? (() => []);
    this.#ownerOf = about.ownerOf ?? (() => undefined);
    this.supervisionDefaults = about.supervisionDefaults ?? defaultSupervisionPolicy;
    this.vertices = vertices;
    this.services = vertices.filter((vertex): vertex is ServiceVertex => vertex.kind === 'service');
    this.layerVertices = vertices.filter((vertex): vertex is LayerVertex => vertex.kind === 'layer');
    this.edgeList = edgeList;
    this.topologicalOrder = topologicalOrder;
    this.dependencies = adjacency.dependencies;
    this.dependents = adjacency.dependents;
    this.#layerVertexOf = layerVertexOf;
  }

  /** Every lifecycle service as users see it, in binding order (made on first read: a start does not need it). */
  public get nodes(): ReadonlyArray<GraphNode> {
    this.#nodes ??= Object.freeze(this.services.map((service) => this.#nodeOf(service)));
    return this.#nodes;
  }

  #nodeOf(vertex: ServiceVertex): GraphNode {
    const names = (indices: readonly number[]): readonly string[] => Object.freeze(indices.map((index) => this.vertices[index]?.name ?? ''));
    const node: { -readonly [K in keyof GraphNode]: GraphNode[K] } = { name: vertex.name, dependsOn: names(this.serviceDependencies(vertex.index)) };
    if (vertex.layer !== undefined) node.layer = this.layerNameOf(vertex.layer);
    const owner = this.#ownerOf(vertex);
    if (owner !== undefined) node.owner = owner;
    if (vertex.deferred) node.deferred = true;
    const independentOf = this.independentOf.get(vertex.index);
    if (independentOf !== undefined) node.independentOf = names(independentOf);
    const restartsWith = this.restartsWithListed.get(vertex.index);
    if (restartsWith !== undefined) node.restartWithDependencies = names(restartsWith);
    return Object.freeze(node);
  }

  /** The services bound to `serviceIdentifier` (each binding that is a lifecycle service), in index order. */
  public servicesOf(serviceIdentifier: ServiceIdentifier): readonly number[] {
    return this.#servicesOf(serviceIdentifier);
  }

  /** The services `service` waits for directly, looking through layer vertices, in index order. */
  public serviceDependencies(service: number): number[] {
    return servicesThroughLayers(this.dependencies, service, this.services.length);
  }

  /** The services that wait for `service` directly, looking through layer vertices, in index order. */
  public serviceDependents(service: number): number[] {
    return servicesThroughLayers(this.dependents, service, this.services.length);
  }

  /** The display name of a layer of this graph. */
  public layerNameOf(layer: Layer): string {
    const vertex = this.layerVertexOf(layer);
    return vertex === undefined ? layer.name : (this.vertices[vertex]?.name ?? layer.name);
  }

  /** The vertex of a layer of this graph; a layer nobody uses or names has none. */
  public layerVertexOf(layer: Layer): number | undefined {
    return this.#layerVertexOf.get(layer);
  }
}
