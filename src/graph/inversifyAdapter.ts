import 'reflect-metadata';
import type { Container } from 'inversify';
import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import { injectsUndefined, type InjectionPlace, type InjectionView } from './InjectionView.js';

export { injectionKind, type InjectionPlace, type InjectionView } from './InjectionView.js';

/*
 * The two places where readygraph reads InversifyJS 8 beyond its documented container methods:
 *  - the container's binding service, which the plugin API hands to every registered plugin (its bindings, those of
 *    the ancestors a chained multi-injection reaches, and whether it autobinds);
 *  - the class metadata that `@injectable`/`@inject` write (what the container itself reads to construct a class).
 * Both are read, never written: the binding service's own `get` autobinds as a side effect, so it is only called
 * for an identifier that is bound somewhere, where it cannot. They are kept here, typed structurally, so that a change in inversify touches one
 * file; a conformance test checks them against the installed inversify.
 */

/** The fields of an inversify binding that the graph reads. */
export interface BindingView {
  readonly id: number;
  readonly serviceIdentifier: ServiceIdentifier;
  readonly type: 'ConstantValue' | 'DynamicValue' | 'Factory' | 'Instance' | 'ResolvedValue' | 'ServiceRedirection';
  readonly scope?: 'Singleton' | 'Transient' | 'Request' | undefined;
  readonly implementationType?: Function | undefined;
  /** A `toConstantValue` binding's value. */
  readonly value?: unknown;
  readonly metadata?: { readonly arguments: readonly InjectionView[] };
  readonly targetServiceIdentifier?: ServiceIdentifier | undefined;
  readonly isSatisfiedBy?: ((constraints: BindingConstraintsView) => boolean) | undefined;
}

/** What inversify's `isSatisfiedBy` reads of the place a binding is injected into. */
export interface BindingConstraintsView {
  readonly serviceIdentifier: ServiceIdentifier;
  readonly name: unknown;
  readonly tags: ReadonlyMap<unknown, unknown>;
  getAncestor(): BindingConstraintsView | undefined;
}

/** Reads a container's bindings, never changing them. */
export interface BindingReader {
  /** The identifiers bound in the container or an ancestor. */
  boundServices(): Iterable<ServiceIdentifier>;
  /**
   * The bindings inversify resolves `serviceIdentifier` with: the container's own, else the nearest ancestor's; for
   * an unbound class in a container that autobinds, the binding inversify would make for it (not made here).
   */
  bindings(serviceIdentifier: ServiceIdentifier): readonly BindingView[];
  /** The bindings a chained multi-injection takes: the container's own, then each ancestor's. */
  chainedBindings?(serviceIdentifier: ServiceIdentifier): readonly BindingView[];
  /** True if the container autobinds classes that are injected but not bound (`new Container({ autobind: true })`). */
  autobinds?(): boolean;
  /**
   * The injections the container's major makes into instances of `type`, read from that major's own metadata (each
   * major's planner reads only what its decorators wrote): constructor arguments, then properties.
   */
  injectionsOf(this: void, type: Function): readonly InjectionView[];
  /** The injection points of `type` whose identifier is `undefined` ({@link undefinedInjectionsOf}), read as `injectionsOf` reads. */
  undefinedInjectionsOf(this: void, type: Function): InjectionPlace[];
}

interface BindingServiceView {
  getBoundServices(): Iterable<ServiceIdentifier>;
  get(serviceIdentifier: ServiceIdentifier): Iterable<BindingView> | undefined;
  /** Absent before InversifyJS 7.6, which has no chained multi-injection. */
  getChained?(serviceIdentifier: ServiceIdentifier): Iterable<BindingView>;
  getNonParentBindings(serviceIdentifier: ServiceIdentifier): Iterable<BindingView> | undefined;
  clone(): BindingServiceView;
}

interface PluginContextView {
  readonly bindingService: BindingServiceView;
}

// Registered symbol and metadata key of @inversifyjs/plugin and @inversifyjs/core (InversifyJS 8).
const isPluginKey = Symbol.for('@inversifyjs/plugin/isPlugin');
const classMetadataKey = '@inversifyjs/core/classMetadataReflectKey';

const contexts = new WeakMap<Container, PluginContextView>();
// What the container autobinds with (the scope of a class that does not name its own), or null if it does not.
type Scope = NonNullable<BindingView['scope']>;
const autobindScopes = new WeakMap<Container, Scope | null>();
const noBindings: readonly BindingView[] = Object.freeze([]);
const noInjections: readonly InjectionView[] = Object.freeze([]);

/**
 * Returns a reader of the container's bindings, registering a read-only plugin the first time. The context's
 * `bindingService` is read on every call, because `container.snapshot()`/`restore()` swap it.
 */
export function bindingReaderOf(container: Container): BindingReader {
  let context = contexts.get(container);
  if (context === undefined) {
    let captured: PluginContextView | undefined;
    // A plugin constructor as inversify's PluginManager expects it: `new Plugin(container, context).load(api)`.
    class ReadyGraphBindingReader {
      public readonly [isPluginKey] = true;
      public constructor(_container: Container, pluginContext: PluginContextView) {
        captured = pluginContext;
      }
      public load(): void {
        // Nothing to add to the container: the plugin only keeps the context.
      }
    }
    container.register(ReadyGraphBindingReader);
    if (captured === undefined) throw new Error('readygraph: the inversify container did not hand its plugin context over');
    context = captured;
    contexts.set(container, context);
  }
  const view = context;
  const autobindScope = (): Scope | null => {
    let scope = autobindScopes.get(container);
    if (scope === undefined) {
      scope = autobindScopeOf(view.bindingService, container);
      autobindScopes.set(container, scope);
    }
    return scope;
  };
  // An identifier bound nowhere in the chain is the one case where the binding service's `get` would autobind.
  const isBoundAnywhere = (serviceIdentifier: ServiceIdentifier): boolean =>
    typeof serviceIdentifier !== 'function' ||
    view.bindingService.getNonParentBindings(serviceIdentifier) !== undefined ||
    new Set(view.bindingService.getBoundServices()).has(serviceIdentifier);
  const bindings = (serviceIdentifier: ServiceIdentifier): readonly BindingView[] => {
    // The container's own bindings are what its binding service resolves with: one look-up for the usual identifier.
    const own = view.bindingService.getNonParentBindings(serviceIdentifier);
    if (own !== undefined) return arrayOf(own);
    if (!isBoundAnywhere(serviceIdentifier)) {
      const scope = autobindScope();
      return scope === null ? noBindings : [autoboundBinding(serviceIdentifier as Function, scope)];
    }
    return arrayOf(view.bindingService.get(serviceIdentifier));
  };
  return {
    boundServices: () => (probesBound ? withoutProbes(view.bindingService.getBoundServices()) : view.bindingService.getBoundServices()),
    bindings,
    chainedBindings: (serviceIdentifier) => {
      if (!isBoundAnywhere(serviceIdentifier)) return noBindings;
      const service = view.bindingService;
      return service.getChained === undefined ? bindings(serviceIdentifier) : arrayOf(service.getChained(serviceIdentifier));
    },
    autobinds: () => autobindScope() !== null,
    injectionsOf,
    undefinedInjectionsOf,
  };
}

// Read-only use: an array is handed over as it is, any other iterable copied.
function arrayOf(bindings: Iterable<BindingView> | undefined): readonly BindingView[] {
  if (bindings === undefined) return noBindings;
  return Array.isArray(bindings) ? (bindings as readonly BindingView[]) : [...bindings];
}

/*
 * Whether a container autobinds is its private option; asking a copy of its binding service for a class nobody can
 * have bound shows it without touching the container's own bindings. (An ancestor that autobinds answers for its
 * descendants, as it does when inversify resolves; it then keeps a binding of that private class, which no graph
 * counts: the class has no hooks.) The binding service of InversifyJS 7 before 7.10 does not autobind (its planner
 * does): there the container itself is asked for such a class, optionally (a container that does not autobind answers
 * undefined and binds nothing), and the binding it made says the scope.
 */
function autobindScopeOf(bindingService: BindingServiceView, container: Container): Scope | null {
  class AutobindProbe {}
  const [binding] = arrayOf(bindingService.clone().get(AutobindProbe));
  if (binding !== undefined) return binding.scope ?? 'Transient';
  autobindProbes.add(AutobindProbe);
  probesBound = true;
  if (container.get(AutobindProbe, { optional: true }) === undefined) return null;
  const [made] = arrayOf(bindingService.getNonParentBindings(AutobindProbe));
  return made?.scope ?? 'Transient';
}

// The probes autobindScopeOf asked a container itself for (InversifyJS 7 before 7.10): a binding the container (or an
// ancestor) made of a probe is readygraph's, not the application's, and no reader lists it (an empty graph's error
// counts the application's bindings). Until such a probe was made, bound services are handed over as they are.
const autobindProbes = new WeakSet<Function>();
let probesBound = false;

function withoutProbes(services: Iterable<ServiceIdentifier>): ServiceIdentifier[] {
  return [...services].filter((service) => typeof service !== 'function' || !autobindProbes.has(service));
}

// The binding inversify makes when it autobinds `type`, once per class so that its id is stable across graphs.
const autobound = new WeakMap<Function, BindingView>();
let nextAutoboundId = -1;
/** The binding a container that autobinds with `defaultScope` makes for the class `type` (not made here). */
export function autoboundBinding(type: Function, defaultScope: Scope): BindingView {
  const scope = classScopeOf(type) ?? defaultScope;
  const known = autobound.get(type);
  if (known !== undefined && known.scope === scope) return known;
  const binding: BindingView = { id: known?.id ?? nextAutoboundId--, serviceIdentifier: type, type: 'Instance', scope, implementationType: type };
  autobound.set(type, binding);
  return binding;
}

/** The scope `@injectable(scope)` gave `type`, if any. */
function classScopeOf(type: Function): BindingView['scope'] {
  return (Reflect.getOwnMetadata(classMetadataKey, type) as { scope?: BindingView['scope'] } | undefined)?.scope;
}

/** True if `binding` is one that inversify would make by autobinding, not one of the container's. */
export function isAutobound(binding: BindingView): boolean {
  return binding.id < 0;
}

/**
 * A reader that asks `reader` once per service identifier and remembers the answer: one graph build reads the
 * bindings of an identifier for every place it is injected into, and the container's look-up is not free.
 */
export function memoisedReader(reader: BindingReader): BindingReader {
  const known = new Map<ServiceIdentifier, readonly BindingView[]>();
  let autobinds: boolean | undefined;
  return {
    boundServices: () => reader.boundServices(),
    bindings: (serviceIdentifier) => {
      let bindings = known.get(serviceIdentifier);
      if (bindings === undefined) {
        bindings = reader.bindings(serviceIdentifier);
        known.set(serviceIdentifier, bindings);
      }
      return bindings;
    },
    chainedBindings: (serviceIdentifier) => reader.chainedBindings?.(serviceIdentifier) ?? reader.bindings(serviceIdentifier),
    autobinds: () => (autobinds ??= reader.autobinds?.() ?? false),
    injectionsOf: reader.injectionsOf,
    undefinedInjectionsOf: reader.undefinedInjectionsOf,
  };
}

/**
 * The injections InversifyJS 8 (and 7) will make into instances of `type`: constructor arguments, then properties, as
 * its decorators described them (none for a class they did not describe: its planner reads nothing else).
 */
export function injectionsOf(type: Function): readonly InjectionView[] {
  const metadata = Reflect.getOwnMetadata(classMetadataKey, type) as
    | { constructorArguments?: ReadonlyArray<InjectionView | undefined>; properties?: ReadonlyMap<unknown, InjectionView> }
    | undefined;
  if (metadata === undefined) return noInjections;
  const constructorArguments = metadata.constructorArguments ?? noInjections;
  // The common case, every constructor argument described and no property injected, needs no copy.
  if ((metadata.properties?.size ?? 0) === 0 && !constructorArguments.includes(undefined)) return constructorArguments as readonly InjectionView[];
  const injections: InjectionView[] = [];
  for (const argument of constructorArguments) if (argument !== undefined) injections.push(argument);
  for (const property of metadata.properties?.values() ?? []) injections.push(property);
  return injections;
}

/**
 * The injection points of `type` whose identifier is `undefined` (the emitted `design:paramtypes` entry or property
 * type of a class imported in a circle, `@inject(undefined)`, a `LazyServiceIdentifier` that unwraps to `undefined`),
 * `@unmanaged()` ones aside, as InversifyJS 8 (and 7) describe them. Read only to word the error for such an injection:
 * the graph finds it through {@link injectionsOf}, which does not keep places.
 */
export function undefinedInjectionsOf(type: Function): InjectionPlace[] {
  const metadata = Reflect.getOwnMetadata(classMetadataKey, type) as
    | { constructorArguments?: ReadonlyArray<InjectionView | undefined>; properties?: ReadonlyMap<PropertyKey, InjectionView> }
    | undefined;
  const places: InjectionPlace[] = [];
  (metadata?.constructorArguments ?? []).forEach((injection, parameter) => {
    if (injectsUndefined(injection)) places.push({ parameter });
  });
  for (const [property, injection] of metadata?.properties ?? []) if (injectsUndefined(injection)) places.push({ property });
  return places;
}
