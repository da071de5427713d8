import { errorCodes } from '../errors/errorCodes.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { GraphEdge } from './GraphEdge.js';
import type { GraphLayer } from './GraphLayer.js';
import type { GraphNode } from './GraphNode.js';
import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { RestartImpact } from './RestartImpact.js';
import { restartImpactIndices } from './restartImpactIndices.js';
import { supervisionOf } from './supervisionOf.js';
import { closureOfNames } from './closureOf.js';
import { emptyGraphError } from './emptyGraphError.js';
import { membersByLayer } from './membersByLayer.js';
import type { RenderOptions } from './RenderOptions.js';
import { renderDot } from './renderDot.js';
import { renderMermaid } from './renderMermaid.js';
import type { Vertex } from './Vertex.js';
import type { VertexGraph } from './VertexGraph.js';

/*
 * Where a graph keeps its data for the library's own readers (vertexGraphOf): a registered symbol rather than a
 * private field, so that the command line still finds it in a graph made by the application's own copy of readygraph.
 */
const dataKey = Symbol.for('readygraph.VertexGraph');

/**
 * The validated readiness graph of a container: lifecycle services, their layers and what each waits for.
 * Built by `Lifecycle.graph()` without constructing anything; a description plus renderers over the graph's data.
 */
export class ReadinessGraph {
  readonly #graph: VertexGraph;
  #levels: string[][] | undefined;

  /** @internal Made by `Lifecycle.graph()` over the graph `buildGraph` validated. */
  public constructor(graph: VertexGraph) {
    this.#graph = graph;
    Object.defineProperty(this, dataKey, { value: graph });
  }

  /** Every lifecycle service, in binding order. */
  public get nodes(): ReadonlyArray<GraphNode> {
    return this.#graph.nodes;
  }

  /** The layers of the graph with their members and dependencies. */
  public layers(): GraphLayer[] {
    const graph = this.#graph;
    const members = membersByLayer(graph);
    return graph.layerVertices.map((vertex) => ({
      name: vertex.name,
      dependsOn: graph.dependencies.list(vertex.index).filter((to) => graph.vertices[to]?.kind === 'layer').map((to) => graph.vertices[to]?.name ?? ''),
      members: (members.get(vertex.layer) ?? []).map((service) => service.name),
    }));
  }

  /** The edges as drawn, between services and layers (`from` waits for `to`). */
  public edges(): GraphEdge[] {
    const graph = this.#graph;
    return Array.from({ length: graph.edgeList.size }, (_, index) => {
      const edge = graph.edgeList.edge(index);
      const from = graph.vertices[edge.from] as Vertex;
      const to = graph.vertices[edge.to] as Vertex;
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
      const graph = this.#graph;
      // depth(v) = max over dependencies d of depth(d) + (d is a service ? 1 : 0): layers add no level of their own.
      const depth = new Int32Array(graph.vertices.length);
      for (const vertex of graph.topologicalOrder) {
        let level = 0;
        for (const dependency of graph.dependencies.list(vertex)) {
          const candidate = (depth[dependency] ?? 0) + (graph.vertices[dependency]?.kind === 'service' ? 1 : 0);
          if (candidate > level) level = candidate;
        }
        depth[vertex] = level;
      }
      const levels: string[][] = [];
      for (const service of graph.services) {
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
   * The supervision policy of service `name` (as `nodes` names it), every field filled in: its class's `@supervise`
   * over the Lifecycle's `supervise` option, over the library's defaults.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` if the graph has no service of that name (the message lists them).
   */
  public supervisionOf(name: string): ResolvedSupervisionPolicy {
    return supervisionOf(this.#graph)[this.#serviceIndex(name, 'supervisionOf')] as ResolvedSupervisionPolicy;
  }

  /**
   * What a failure of service `name` touches when it restarts: its restart set (itself and, repeatedly, every service
   * whose `restartWithDependencies` is `true` and that depends directly on a member, or that lists a member or its
   * layer), the services held unavailable meanwhile, and those that keep running — the sets the runtime uses. Pure
   * graph work: nothing is constructed.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` if the graph has no service of that name (the message lists them).
   */
  public restartImpact(name: string): RestartImpact {
    const graph = this.#graph;
    const impact = restartImpactIndices(graph, this.#serviceIndex(name, 'restartImpact'));
    const names = (indices: readonly number[]): string[] => indices.map((member) => graph.services[member]?.name ?? '');
    return { service: name, restarts: names(impact.restarts), heldUnavailable: names(impact.heldUnavailable), keepsRunning: names(impact.keepsRunning) };
  }

  /**
   * What `start({ only })` with these services and layers would start: the named services (a layer: its members) and,
   * transitively, everything they depend on, as node names in a start order (each after all it depends on).
   * `readygraph check --only` prints it.
   *
   * @param names Node names (as `nodes` names them) or layer names.
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for an empty list, a name no service or layer has, or a layer
   *   nobody is in.
   */
  public closure(names: readonly string[]): string[] {
    const graph = this.#graph;
    return closureOfNames(graph, names).map((index) => graph.services[index]?.name ?? '');
  }

  /**
   * Throws what `start()` throws for a graph without any lifecycle service (unless the option `allowEmpty`): the
   * error counts the container's bindings and names the usual causes. `readygraph check` fails with it.
   *
   * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` when the graph has no node.
   */
  public assertNotEmpty(): void {
    if (this.#graph.services.length === 0) throw emptyGraphError(this.#graph);
  }

  #serviceIndex(name: string, caller: string): number {
    const index = this.#graph.services.findIndex((vertex) => vertex.name === name);
    if (index < 0) {
      throw new ReadyGraphError(
        errorCodes.usage,
        `${caller}(${JSON.stringify(name)}): the graph has no lifecycle service of that name; its services are: ${this.#graph.services.map((vertex) => vertex.name).join(', ')}`,
      );
    }
    return index;
  }

  /**
   * A Mermaid `flowchart`, one subgraph per layer; `A --> B` reads "A waits for B": solid edges are declared, dotted
   * ones injected (labelled with the plain services in between), thick ones between layers.
   */
  public toMermaid(options?: RenderOptions): string {
    return renderMermaid(this.#graph, options);
  }

  /** A Graphviz `digraph`, one cluster per layer; `A -> B` reads "A waits for B" (dashed: injected, bold: layers). */
  public toDot(options?: RenderOptions): string {
    return renderDot(this.#graph, options);
  }
}

/**
 * The data under a public graph: for the graph module's calculations the command line runs (impact, policies).
 *
 * @throws ReadyGraphError `ERR_READYGRAPH_USAGE` for a graph that readygraph did not make (or an older copy did).
 */
export function vertexGraphOf(graph: ReadinessGraph): VertexGraph {
  const data = (graph as unknown as Record<symbol, unknown>)[dataKey];
  if (data === undefined) {
    throw new ReadyGraphError(errorCodes.usage, 'this graph carries no graph data: pass one made by lifecycle.graph() of this readygraph version (or a later one)');
  }
  return data as VertexGraph;
}
