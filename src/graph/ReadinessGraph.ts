import type { ServiceIdentifier } from 'inversify';
import type { Layer } from '../decorators/layer.js';
import type { SupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { Adjacency } from './Adjacency.js';
import type { EdgeList } from './EdgeList.js';
import type { VertexResolution } from './VertexResolution.js';
import { membersByLayer } from './membersByLayer.js';
import { renderDot } from './renderDot.js';
import { renderMermaid } from './renderMermaid.js';

/** Why one vertex waits for another. */
export type EdgeKind = 'declared' | 'layer' | 'injected';

/** A lifecycle service of the graph, as users see it. */
export interface GraphNode {
  /** Display form of the service identifier, unique within the graph (`#2`, `#3` … on collisions). */
  readonly name: string;
  /** Name of the service's layer, if it has one. */
  readonly layer?: string;
  /** Names of the services this one waits for directly (layers expanded to their members). */
  readonly dependsOn: readonly string[];
  /** For a service another Lifecycle runs the hooks of (its owner): that Lifecycle's `name`. */
  readonly owner?: string;
}

/** An edge as drawn: between services and layers (`from` waits for `to`). */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** `'service'` or `'layer'`, for each end. */
  readonly fromKind: 'service' | 'layer';
  readonly toKind: 'service' | 'layer';
  readonly kind: EdgeKind;
  /** For injected (or declared through a plain service) edges: the plain services in between. */
  readonly via?: readonly string[];
}

/** Options of `toMermaid()` and `toDot()`. */
export interface RenderOptions {
  /**
   * Leave out the edges another path already implies (the transitive reduction), for a drawing that shows the
   * structure rather than every reason. Default `false`: every edge is drawn.
   */
  readonly reduce?: boolean;
}

/** A layer of the graph: its members and the layers it waits for. */
export interface GraphLayer {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly members: readonly string[];
}

/**
 * A lifecycle service vertex. The vertex types are not exported from the package root, yet not marked internal
 * either: the shipped declarations of the graph's internals import them, so `stripInternal` must leave them in
 * `ReadinessGraph.d.ts` (without them those declarations fail for a consumer who checks every `.d.ts`).
 */
export interface ServiceVertex {
  readonly kind: 'service';
  readonly index: number;
  readonly name: string;
  readonly layer: Layer | undefined;
  readonly serviceIdentifier: ServiceIdentifier;
  /** The class of the instance: a class binding's implementation, a constant's constructor. */
  readonly implementationType: Function;
  readonly hasOnReady: boolean;
  readonly hasOnStop: boolean;
  readonly hasCheckHealth: boolean;
  /** The class's own `@supervise` policy (the Lifecycle's `supervise` option fills in the rest). */
  readonly supervise: SupervisionPolicy | undefined;
  /** The inversify binding's id (negative for a class inversify would autobind). */
  readonly bindingId: number;
  /** How `resolveVertex` resolves the service through its own binding. */
  readonly resolution: VertexResolution;
  /** A `toConstantValue` service: its value is its instance, nothing is constructed. */
  readonly constant: { readonly value: unknown } | undefined;
}

/** A layer vertex: ready when its members and the layers it depends on are ready. */
export interface LayerVertex {
  readonly kind: 'layer';
  readonly index: number;
  readonly name: string;
  readonly layer: Layer;
}

/** A vertex of the graph: a service or a layer. */
export type Vertex = ServiceVertex | LayerVertex;

/** An edge between vertices: `from` waits for `to`. */
export interface VertexEdge {
  readonly from: number;
  readonly to: number;
  readonly kind: EdgeKind;
  readonly via: readonly string[];
}

/**
 * The validated readiness graph of a container: lifecycle services, their layers and what each waits for.
 * Built by `Lifecycle.graph()` without constructing anything; pure data plus renderers.
 */
export class ReadinessGraph {
  /** @internal */
  public readonly vertices: readonly Vertex[];
  /** @internal Services first (vertex index = service index), then layers. */
  public readonly services: readonly ServiceVertex[];
  /** @internal */
  public readonly layerVertices: readonly LayerVertex[];
  /** @internal For each vertex, the vertices it waits for. */
  public readonly dependencies: Adjacency;
  /** @internal For each vertex, the vertices that wait for it. */
  public readonly dependents: Adjacency;
  /** @internal */
  public readonly edgeList: EdgeList;
  /** @internal Vertices in an order where every vertex comes after what it waits for. */
  public readonly topologicalOrder: readonly number[];
  #levels: string[][] | undefined;
  #nodes: ReadonlyArray<GraphNode> | undefined;
  readonly #layerVertexOf: ReadonlyMap<Layer, number>;
  readonly #ownerOf: (vertex: ServiceVertex) => string | undefined;

  /** @internal Made by `buildGraph`, which validates first. */
  public constructor(
    vertices: readonly Vertex[],
    edgeList: EdgeList,
    topologicalOrder: readonly number[],
    adjacency: { readonly dependencies: Adjacency; readonly dependents: Adjacency },
    layerVertexOf: ReadonlyMap<Layer, number>,
    ownerOf: (vertex: ServiceVertex) => string | undefined = () => undefined,
  ) {
    this.#ownerOf = ownerOf;
    this.vertices = vertices;
    this.services = vertices.filter((vertex): vertex is ServiceVertex => vertex.kind === 'service');
    this.layerVertices = vertices.filter((vertex): vertex is LayerVertex => vertex.kind === 'layer');
    this.edgeList = edgeList;
    this.topologicalOrder = topologicalOrder;
    this.dependencies = adjacency.dependencies;
    this.dependents = adjacency.dependents;
    this.#layerVertexOf = layerVertexOf;
  }

  /** Every lifecycle service, in binding order (made on first read: a start does not need it). */
  public get nodes(): ReadonlyArray<GraphNode> {
    this.#nodes ??= Object.freeze(this.services.map((service) => this.#nodeOf(service.index)));
    return this.#nodes;
  }

  #nodeOf(service: number): GraphNode {
    const vertex = this.services[service] as ServiceVertex;
    const dependsOn = Object.freeze(this.serviceDependencies(service).map((index) => this.vertices[index]?.name ?? ''));
    const node = vertex.layer === undefined ? { name: vertex.name, dependsOn } : { name: vertex.name, layer: this.layerNameOf(vertex.layer), dependsOn };
    const owner = this.#ownerOf(vertex);
    return Object.freeze(owner === undefined ? node : { ...node, owner });
  }

  /**
   * @internal The services `vertex` waits for directly, looking through layer vertices (an empty layer passes its
   * own dependencies on).
   */
  public serviceDependencies(vertex: number): number[] {
    const direct = this.dependencies.list(vertex);
    // Most services wait for services only, each edge once: no layer to look through.
    if (direct.every((dependency) => this.vertices[dependency]?.kind === 'service')) return direct.sort((a, b) => a - b);
    const found = new Set<number>();
    const seenLayers = new Set<number>();
    const stack = direct;
    while (stack.length > 0) {
      const next = stack.pop() as number;
      if (this.vertices[next]?.kind === 'service') {
        found.add(next);
      } else if (!seenLayers.has(next)) {
        seenLayers.add(next);
        stack.push(...this.dependencies.list(next));
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** @internal The display name of a layer of this graph. */
  public layerNameOf(layer: Layer): string {
    const vertex = this.layerVertexOf(layer);
    return vertex === undefined ? layer.name : (this.vertices[vertex]?.name ?? layer.name);
  }

  /** @internal The vertex of a layer of this graph; a layer nobody uses or names has none. */
  public layerVertexOf(layer: Layer): number | undefined {
    return this.#layerVertexOf.get(layer);
  }

  /** The layers of the graph with their members and dependencies. */
  public layers(): GraphLayer[] {
    const members = membersByLayer(this);
    return this.layerVertices.map((vertex) => ({
      name: vertex.name,
      dependsOn: this.dependencies.list(vertex.index).filter((to) => this.vertices[to]?.kind === 'layer').map((to) => this.vertices[to]?.name ?? ''),
      members: (members.get(vertex.layer) ?? []).map((service) => service.name),
    }));
  }

  /** The edges as drawn, between services and layers (`from` waits for `to`). */
  public edges(): GraphEdge[] {
    return Array.from({ length: this.edgeList.size }, (_, index) => {
      const edge = this.edgeList.edge(index);
      const from = this.vertices[edge.from] as Vertex;
      const to = this.vertices[edge.to] as Vertex;
      const drawn: { -readonly [K in keyof GraphEdge]: GraphEdge[K] } = {
        from: from.name,
        to: to.name,
        fromKind: from.kind,
        toKind: to.kind,
        kind: edge.kind,
      };
      if (edge.via.length > 0) drawn.via = edge.via;
      return drawn;
    });
  }

  /**
   * Topological levels of the services: level 0 waits for nothing; a service's level is one more than the highest
   * level among the services it waits for (directly or through layers). Services of one level can start together.
   */
  public levels(): string[][] {
    if (this.#levels === undefined) {
      // depth(v) = max over dependencies d of depth(d) + (d is a service ? 1 : 0): layers add no level of their own.
      const depth = new Int32Array(this.vertices.length);
      for (const vertex of this.topologicalOrder) {
        let level = 0;
        for (const dependency of this.dependencies.list(vertex)) {
          const candidate = (depth[dependency] ?? 0) + (this.vertices[dependency]?.kind === 'service' ? 1 : 0);
          if (candidate > level) level = candidate;
        }
        depth[vertex] = level;
      }
      const levels: string[][] = [];
      for (const service of this.services) {
        const level = depth[service.index] ?? 0;
        while (levels.length <= level) levels.push([]);
        levels[level]?.push(service.name);
      }
      this.#levels = levels;
    }
    return this.#levels.map((level) => [...level]);
  }

  /** A JSON-serialisable description: nodes, layers, edges and levels. */
  public toJSON(): { nodes: GraphNode[]; layers: GraphLayer[]; edges: GraphEdge[]; levels: string[][] } {
    return { nodes: [...this.nodes], layers: this.layers(), edges: this.edges(), levels: this.levels() };
  }

  /**
   * A Mermaid `flowchart`, one subgraph per layer; `A --> B` reads "A waits for B": solid edges are declared, dotted
   * ones injected (labelled with the plain services in between), thick ones between layers.
   */
  public toMermaid(options?: RenderOptions): string {
    return renderMermaid(this, options);
  }

  /** A Graphviz `digraph`, one cluster per layer; `A -> B` reads "A waits for B" (dashed: injected, bold: layers). */
  public toDot(options?: RenderOptions): string {
    return renderDot(this, options);
  }
}
