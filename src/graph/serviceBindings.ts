import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { unwrapLazy } from '../decorators/isLazyServiceIdentifier.js';
import { isLayer } from '../decorators/layer.js';
import { declarationsOf, type BindingDeclarations } from './declarationsOf.js';
import { injectionKind, isAutobound, type BindingReader, type BindingView, type InjectionView } from './inversifyAdapter.js';

/** A binding that may be a lifecycle service, with the bindings the request that resolves it sees. */
export interface ServiceBinding {
  readonly serviceIdentifier: ServiceIdentifier;
  readonly binding: BindingView;
  /** The bindings of its identifier that a request sees: the container's (nearest), or the chain's if `chained`. */
  readonly bindings: readonly BindingView[];
  /** Reached only through a chained multi-injection: an ancestor's binding that the container's own ones shadow. */
  readonly chained: boolean;
  /** What the binding declares ({@link declarationsOf}), read once per build here. */
  readonly declared: BindingDeclarations | undefined;
  /** The injections into its instance (a class binding's), read once per build here; empty for other forms. */
  readonly injections: readonly InjectionView[];
}

/**
 * What {@link serviceBindings} found, with where the usual injection or `@dependsOn` target leads. For each class
 * binding (`found[i]`), from `targets[targetsFrom[i]]` on: its injections, then its `@dependsOn` targets, each as the
 * position in `found` of the first binding of the identifier it names if that identifier is bound and the entry is
 * neither unmanaged, lazy nor a chained multi-injection, else -1. The graph reads its edges' targets from here: one
 * look-up per entry and build instead of one per pass (at 10,000 services the look-ups keyed by class are much of a
 * pass, each touching a class object of its own).
 */
export interface FoundBindings {
  readonly found: readonly ServiceBinding[];
  readonly targets: readonly number[];
  readonly targetsFrom: readonly number[];
}

const noInjections: readonly InjectionView[] = Object.freeze([]);
const noTargets: readonly unknown[] = Object.freeze([]);

function serviceBinding(
  reader: BindingReader,
  serviceIdentifier: ServiceIdentifier,
  binding: BindingView,
  bindings: readonly BindingView[],
  chained: boolean,
): ServiceBinding {
  const injections = binding.type === 'Instance' && binding.implementationType !== undefined ? reader.injectionsOf(binding.implementationType) : noInjections;
  return { serviceIdentifier, binding, bindings, chained, declared: declarationsOf(binding), injections };
}

/**
 * Every binding the container resolves: the bindings of each bound identifier, then those that only injection
 * reaches — an ancestor's binding that a chained multi-injection takes although the container's own shadow it, and
 * a class the container would autobind (in a container with `autobind: true`). Walks injections and `@dependsOn`
 * targets; changes nothing. Each binding's declarations and injections are read once, here, for the graph to reuse.
 * `roots` (the `services` option) are reached as an injection would reach them: an unbound class among them is
 * autobound in a container that autobinds. `reader` answers the walk (memoised: an identifier that only injection
 * reaches is asked for at every injection of it); the bindings of each bound identifier are read once, from `direct`
 * (through a memo each would cost two more look-ups keyed by the identifier).
 */
export function serviceBindings(reader: BindingReader, roots: readonly ServiceIdentifier[] = [], direct: BindingReader = reader): FoundBindings {
  const walk = new BindingWalk(reader);
  walk.addBound(direct);
  for (const root of roots) walk.reach(root, false);
  walk.walkAll();
  return walk;
}

/** The walk; its passes over every binding are methods of their own (see `passApart.ts`). */
class BindingWalk implements FoundBindings {
  public readonly found: ServiceBinding[] = [];
  public readonly targets: number[] = [];
  public readonly targetsFrom: number[] = [];
  readonly #reader: BindingReader;
  // What the container (or an ancestor) binds is found here, by the position of its first binding in `found`; the
  // walk only looks past it.
  readonly #bound = new Map<ServiceIdentifier, number>();
  // Bindings found by reaching them (by id), each added once.
  readonly #extra = new Set<number>();

  public constructor(reader: BindingReader) {
    this.#reader = reader;
  }

  /** The bindings of every bound identifier. */
  public addBound(direct: BindingReader): void {
    const { found } = this;
    const bound = this.#bound;
    for (const serviceIdentifier of this.#reader.boundServices()) {
      bound.set(serviceIdentifier, found.length);
      const bindings = direct.bindings(serviceIdentifier);
      // Indexed, not for…of: this runs once per binding, mostly before V8 has optimised it, and there an iterator
      // (and its result objects) costs several times the loop's work.
      for (let position = 0; position < bindings.length; position += 1) {
        found.push(serviceBinding(this.#reader, serviceIdentifier, bindings[position] as BindingView, bindings, false));
      }
    }
  }

  /**
   * Adds what reaching `serviceIdentifier` finds beyond the bound identifiers. Whether the container autobinds is
   * asked only when an injection reaches a class bound nowhere (the reader answers such a class with the binding
   * inversify would make, or none): asking costs a copy of the binding service.
   */
  public reach(serviceIdentifier: ServiceIdentifier, chained: boolean): void {
    const reader = this.#reader;
    const extra = this.#extra;
    if (chained) {
      const nearest = reader.bindings(serviceIdentifier);
      const all = reader.chainedBindings?.(serviceIdentifier) ?? nearest;
      if (all.length === nearest.length) return;
      for (const binding of all) {
        if (nearest.includes(binding) || extra.has(binding.id)) continue;
        extra.add(binding.id);
        this.found.push(serviceBinding(reader, serviceIdentifier, binding, all, true));
      }
    } else if (typeof serviceIdentifier === 'function' && !this.#bound.has(serviceIdentifier)) {
      const [binding] = reader.bindings(serviceIdentifier);
      if (binding === undefined || !isAutobound(binding) || extra.has(binding.id)) return;
      extra.add(binding.id);
      this.found.push(serviceBinding(reader, serviceIdentifier, binding, [binding], false));
    }
  }

  #reachInjection(injection: InjectionView): void {
    if (injection.kind === injectionKind.unmanaged || injection.value === undefined) return;
    this.reach(unwrapLazy(injection.value) as ServiceIdentifier, injection.kind === injectionKind.multiple && injection.chained === true);
  }

  /** Walks every binding found, in order; `found` grows while it is walked: what is reached is walked in turn. */
  public walkAll(): void {
    const { found } = this;
    for (let next = 0; next < found.length; next += 1) this.#walk(found[next] as ServiceBinding);
  }

  /** Records where `found`'s injections and `@dependsOn` targets lead, and reaches what is not bound. */
  #walk({ binding, declared, injections }: ServiceBinding): void {
    const { targets } = this;
    const bound = this.#bound;
    this.targetsFrom.push(targets.length);
    if (binding.type === 'Instance') {
      for (let position = 0; position < injections.length; position += 1) {
        const injection = injections[position] as InjectionView;
        // The usual injection, of an identifier the container binds, reaches nothing new: one look-up.
        const target = injection.kind !== injectionKind.unmanaged && injection.chained !== true && injection.value !== undefined ? bound.get(injection.value as ServiceIdentifier) : undefined;
        targets.push(target ?? -1);
        if (target === undefined) this.#reachInjection(injection);
      }
      const dependsOn = declared?.dependsOn ?? noTargets;
      for (let position = 0; position < dependsOn.length; position += 1) {
        const target = dependsOn[position];
        const known = bound.get(target as ServiceIdentifier);
        targets.push(known ?? -1);
        if (known !== undefined) continue;
        const unwrapped = unwrapLazy(target);
        if (!isLayer(unwrapped) && unwrapped !== undefined) this.reach(unwrapped as ServiceIdentifier, false);
      }
    } else if (binding.type === 'ResolvedValue') {
      binding.metadata?.arguments.forEach((injection) => this.#reachInjection(injection));
    } else if (binding.type === 'ServiceRedirection' && binding.targetServiceIdentifier !== undefined) {
      this.reach(binding.targetServiceIdentifier, false);
    }
  }
}
