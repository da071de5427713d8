import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import { displayName } from './displayName.js';
import type { Vertex } from './Vertex.js';
import { injectionKind, type BindingConstraintsView, type BindingReader, type BindingView, type InjectionView } from './inversifyAdapter.js';
import { noVia } from './EdgeList.js';
import { missingInjectionError } from './missingInjectionError.js';
import { undefinedInjectionError } from './undefinedInjectionError.js';

/** Lifecycle services reached from somewhere: service vertex → the plain services passed through on the way. */
export type Reach = ReadonlyMap<number, readonly string[]>;

const noReach: Reach = new Map();
const noTags: ReadonlyMap<unknown, unknown> = new Map();

/**
 * Which lifecycle services a binding reaches through injection: itself if it is one, else whatever its own
 * injections reach, through any number of plain services (instances, resolved values, service redirections).
 * Memoised per binding, so a whole graph is walked in time linear in its injections.
 */
export class Reachability {
  readonly #reader: BindingReader;
  readonly #vertices: readonly Vertex[];
  #vertexByBinding: Map<number, number> | undefined;
  readonly #cache = new Map<number, Reach>();
  // A lifecycle binding reaches itself through nothing: one shared answer per vertex.
  readonly #itself = new Map<number, Reach>();
  readonly #visiting = new Set<number>();
  // The lifecycle service being walked from, and the plain services on the way: what a missing injection names.
  #root = '';
  readonly #path: string[] = [];

  /** `vertices`: the graph's vertices, services among them; the bindings of the services are what counts as reached. */
  public constructor(reader: BindingReader, vertices: readonly Vertex[]) {
    this.#reader = reader;
    this.#vertices = vertices;
  }

  /**
   * Binding id → service vertex, made on first use: most graphs inject only identifiers bound once, which the graph
   * build answers without asking here, and then the map is never needed.
   */
  #vertexOfBinding(id: number): number | undefined {
    if (this.#vertexByBinding === undefined) {
      this.#vertexByBinding = new Map();
      for (const vertex of this.#vertices) if (vertex.kind === 'service') this.#vertexByBinding.set(vertex.bindingId, vertex.index);
    }
    return this.#vertexByBinding.get(id);
  }

  /** Names the lifecycle service whose injections are walked next, for the error of an injection nothing satisfies. */
  public walkFrom(serviceName: string): void {
    this.#root = serviceName;
  }

  /** What `binding` reaches (a lifecycle binding reaches itself, through nothing). */
  public ofBinding(binding: BindingView): Reach {
    const vertex = this.#vertexOfBinding(binding.id);
    if (vertex !== undefined) {
      let itself = this.#itself.get(vertex);
      if (itself === undefined) {
        itself = new Map([[vertex, noVia]]);
        this.#itself.set(vertex, itself);
      }
      return itself;
    }
    const cached = this.#cache.get(binding.id);
    if (cached !== undefined) return cached;
    // A plain injection cycle cannot be constructed anyway; inversify reports it when resolving.
    if (this.#visiting.has(binding.id)) return noReach;
    this.#visiting.add(binding.id);
    const name = displayName(binding.serviceIdentifier);
    const reach = new Map<number, readonly string[]>();
    this.#path.push(name);
    const collect = (targets: readonly BindingView[]): void => {
      for (const target of targets) {
        for (const [reached, via] of this.ofBinding(target)) if (!reach.has(reached)) reach.set(reached, [name, ...via]);
      }
    };
    const type = binding.implementationType;
    if (binding.type === 'Instance' && type !== undefined) {
      for (const injection of this.#reader.injectionsOf(type)) collect(this.injectedBindings(injection, binding.serviceIdentifier, type));
    } else if (binding.type === 'ResolvedValue') {
      for (const injection of binding.metadata?.arguments ?? []) collect(this.injectedBindings(injection, binding.serviceIdentifier, undefined));
    } else if (binding.type === 'ServiceRedirection' && binding.targetServiceIdentifier !== undefined) {
      collect(this.#reader.bindings(binding.targetServiceIdentifier));
    }
    this.#path.pop();
    this.#visiting.delete(binding.id);
    this.#cache.set(binding.id, reach);
    return reach;
  }

  /** The lifecycle service `binding` is, if it is one (the common case, answered without allocating). */
  public vertexOf(binding: BindingView): number | undefined {
    return this.#vertexOfBinding(binding.id);
  }

  /** What any binding of `serviceIdentifier` reaches. */
  public ofServiceIdentifier(serviceIdentifier: ServiceIdentifier): Reach {
    const reach = new Map<number, readonly string[]>();
    for (const binding of this.#reader.bindings(serviceIdentifier)) {
      for (const [vertex, via] of this.ofBinding(binding)) if (!reach.has(vertex)) reach.set(vertex, via);
    }
    return reach;
  }

  /**
   * The bindings an injection point resolves to, narrowed by inversify's own constraints where several are bound; a
   * chained multi-injection takes the ancestors' bindings too.
   *
   * @param injecting The class that makes the injection (none for a resolved value's argument).
   * @throws ReadyGraphError `ERR_READYGRAPH_MISSING_DEPENDENCY` for a required injection nothing is bound to;
   *   `ERR_READYGRAPH_USAGE` for one whose identifier is `undefined` (a circular import), naming the class and place.
   */
  public injectedBindings(injection: InjectionView, parent: ServiceIdentifier, injecting?: Function): readonly BindingView[] {
    if (injection.kind === injectionKind.unmanaged) return [];
    const serviceIdentifier = unwrapLazy(injection.value) as ServiceIdentifier | undefined;
    if (serviceIdentifier === undefined) {
      const injectingName = injecting === undefined ? displayName(parent) : displayName(injecting);
      throw undefinedInjectionError(injectingName, injecting === undefined ? [] : this.#reader.undefinedInjectionsOf(injecting), this.#root);
    }
    const bindings =
      injection.kind === injectionKind.multiple && injection.chained === true
        ? (this.#reader.chainedBindings?.(serviceIdentifier) ?? this.#reader.bindings(serviceIdentifier))
        : this.#reader.bindings(serviceIdentifier);
    if (bindings.length === 0 && injection.optional !== true) {
      throw missingInjectionError(this.#root, [...this.#path], injecting === undefined ? displayName(parent) : displayName(injecting), displayName(serviceIdentifier));
    }
    if (bindings.length <= 1) return bindings;
    const parentConstraints: BindingConstraintsView = { serviceIdentifier: parent, name: undefined, tags: noTags, getAncestor: () => undefined };
    const constraints: BindingConstraintsView = {
      serviceIdentifier,
      name: injection.name,
      tags: injection.tags ?? noTags,
      getAncestor: () => parentConstraints,
    };
    const satisfied = bindings.filter((binding) => {
      try {
        return binding.isSatisfiedBy?.(constraints) ?? true;
      } catch {
        return true; // A constraint that needs more context than this view has: keep the edge rather than miss it.
      }
    });
    return satisfied.length > 0 ? satisfied : bindings;
  }
}
