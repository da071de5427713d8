import type { Container } from 'inversify';
import { buildGraph } from '../graph/buildGraph.js';
import { containerAccessOf } from '../graph/containerAccessOf.js';
import { emptyGraphError } from '../graph/emptyGraphError.js';
import type { BindingReader } from '../graph/inversifyAdapter.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import type { ResolvedLifecycleOptions } from './LifecycleOptions.js';
import type { StartInput } from './Runtime.js';
import { claimServices, ownerOf, type ServiceOwner } from './serviceOwners.js';

/**
 * A Lifecycle's view of its container: the graph built from the container's current bindings, and what `start()`
 * hands the runtime.
 */
export class ContainerGraph {
  readonly #container: Container;
  readonly #options: ResolvedLifecycleOptions;
  readonly #asOwner: ServiceOwner;
  #reader: BindingReader | undefined;

  public constructor(container: Container, options: ResolvedLifecycleOptions, asOwner: ServiceOwner) {
    this.#container = container;
    this.#options = options;
    this.#asOwner = asOwner;
  }

  /** The container's bindings, read through its major's API (once a graph was built). */
  public get reader(): BindingReader {
    return (this.#reader ??= containerAccessOf(this.#container).reader);
  }

  /** The graph's data, built and validated from the container's current bindings: what the runtime runs. */
  public build(): VertexGraph {
    return buildGraph(this.reader, {
      implicitDependencies: this.#options.implicitDependencies,
      supervisionDefaults: this.#options.supervise,
      services: this.#options.services,
      ownerOf: (vertex) => ownerOf(this.#container, vertex, this.#asOwner)?.name,
    });
  }

  /**
   * What the runtime runs: the graph, validated (an empty one only with `allowEmpty`: starting nothing and reporting
   * ready is how an application whose services readygraph cannot see fails silently); the services no other
   * Lifecycle runs become this one's. The claims are given back once the lifecycle has ended.
   */
  public prepare(): StartInput {
    const graph = this.build();
    if (graph.services.length === 0 && !this.#options.allowEmpty) throw emptyGraphError(graph);
    const { external, release } = claimServices(this.#container, graph.services, this.#asOwner);
    return { graph, container: this.#container, external, release };
  }
}
