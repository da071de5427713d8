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
 * autobound in a container that autobinds.
 */
export function serviceBindings(reader: BindingReader, roots: readonly ServiceIdentifier[] = []): FoundBindings {
  const found: ServiceBinding[] = [];
  // What the container (or an ancestor) binds is found here, by the position of its first binding in `found`; the
  // walk below only looks past it.
  const bound = new Map<ServiceIdentifier, number>();
  const targets: number[] = [];
  const targetsFrom: number[] = [];
  // The loops that run once per binding are indexed, not for…of: a start runs them once, mostly before V8 has
  // optimised them, and there an iterator (and its result objects) per loop costs several times the loop's work.
  for (const serviceIdentifier of reader.boundServices()) {
    bound.set(serviceIdentifier, found.length);
    const bindings = reader.bindings(serviceIdentifier);
    for (let position = 0; position < bindings.length; position += 1) {
      found.push(serviceBinding(reader, serviceIdentifier, bindings[position] as BindingView, bindings, false));
    }
  }
  // Whether the container autobinds is asked only when an injection reaches a class bound nowhere (the reader answers
  // such a class with the binding inversify would make, or none): asking costs a copy of the binding service.
  const extra = new Set<number>();
  const reach = (serviceIdentifier: ServiceIdentifier, chained: boolean): void => {
    if (chained) {
      const nearest = reader.bindings(serviceIdentifier);
      const all = reader.chainedBindings?.(serviceIdentifier) ?? nearest;
      if (all.length === nearest.length) return;
      for (const binding of all) {
        if (nearest.includes(binding) || extra.has(binding.id)) continue;
        extra.add(binding.id);
        found.push(serviceBinding(reader, serviceIdentifier, binding, all, true));
      }
    } else if (typeof serviceIdentifier === 'function' && !bound.has(serviceIdentifier)) {
      const [binding] = reader.bindings(serviceIdentifier);
      if (binding === undefined || !isAutobound(binding) || extra.has(binding.id)) return;
      extra.add(binding.id);
      found.push(serviceBinding(reader, serviceIdentifier, binding, [binding], false));
    }
  };
  const reachInjection = (injection: InjectionView): void => {
    if (injection.kind === injectionKind.unmanaged || injection.value === undefined) return;
    reach(unwrapLazy(injection.value) as ServiceIdentifier, injection.kind === injectionKind.multiple && injection.chained === true);
  };
  for (const root of roots) reach(root, false);
  // `found` grows while it is walked: what is reached is walked in turn.
  for (let next = 0; next < found.length; next += 1) {
    const { binding, declared, injections } = found[next] as ServiceBinding;
    targetsFrom.push(targets.length);
    if (binding.type === 'Instance') {
      for (let position = 0; position < injections.length; position += 1) {
        const injection = injections[position] as InjectionView;
        // The usual injection, of an identifier the container binds, reaches nothing new: one look-up.
        const target = injection.kind !== injectionKind.unmanaged && injection.chained !== true && injection.value !== undefined ? bound.get(injection.value as ServiceIdentifier) : undefined;
        targets.push(target ?? -1);
        if (target === undefined) reachInjection(injection);
      }
      const dependsOn = declared?.dependsOn ?? noTargets;
      for (let position = 0; position < dependsOn.length; position += 1) {
        const target = dependsOn[position];
        const known = bound.get(target as ServiceIdentifier);
        targets.push(known ?? -1);
        if (known !== undefined) continue;
        const unwrapped = unwrapLazy(target);
        if (!isLayer(unwrapped) && unwrapped !== undefined) reach(unwrapped as ServiceIdentifier, false);
      }
    } else if (binding.type === 'ResolvedValue') {
      binding.metadata?.arguments.forEach(reachInjection);
    } else if (binding.type === 'ServiceRedirection' && binding.targetServiceIdentifier !== undefined) {
      reach(binding.targetServiceIdentifier, false);
    }
  }
  return { found, targets, targetsFrom };
}
