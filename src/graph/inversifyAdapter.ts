import 'reflect-metadata';
import type { Container, ServiceIdentifier } from 'inversify';

/*
 * The two places where readygraph reads InversifyJS 8 beyond its documented container methods:
 *  - the container's binding service, which the plugin API hands to every registered plugin;
 *  - the class metadata that `@injectable`/`@inject` write (what the container itself reads to construct a class).
 * Both are read, never written. They are kept here, typed structurally, so that a change in inversify touches one
 * file; a conformance test checks them against the installed inversify.
 */

/** The fields of an inversify binding that the graph reads. */
export interface BindingView {
  readonly id: number;
  readonly serviceIdentifier: ServiceIdentifier;
  readonly type: 'ConstantValue' | 'DynamicValue' | 'Factory' | 'Instance' | 'ResolvedValue' | 'ServiceRedirection';
  readonly scope?: 'Singleton' | 'Transient' | 'Request';
  readonly implementationType?: Function;
  readonly metadata?: { readonly arguments: readonly InjectionView[] };
  readonly targetServiceIdentifier?: ServiceIdentifier;
  readonly isSatisfiedBy?: (constraints: BindingConstraintsView) => boolean;
}

/** One injection point (constructor argument, property, or resolved-value argument). */
export interface InjectionView {
  /** 0: multiple injection, 1: single injection, 2: unmanaged. */
  readonly kind: number;
  readonly value?: unknown;
  readonly name?: unknown;
  readonly optional?: boolean;
  readonly tags?: ReadonlyMap<unknown, unknown>;
}

/** What inversify's `isSatisfiedBy` reads of the place a binding is injected into. */
export interface BindingConstraintsView {
  readonly serviceIdentifier: ServiceIdentifier;
  readonly name: unknown;
  readonly tags: ReadonlyMap<unknown, unknown>;
  getAncestor(): BindingConstraintsView | undefined;
}

/** Reads a container's bindings. */
export interface BindingReader {
  boundServices(): Iterable<ServiceIdentifier>;
  bindings(serviceIdentifier: ServiceIdentifier): readonly BindingView[];
}

interface BindingServiceView {
  getBoundServices(): Iterable<ServiceIdentifier>;
  get(serviceIdentifier: ServiceIdentifier): Iterable<BindingView> | undefined;
}

interface PluginContextView {
  readonly bindingService: BindingServiceView;
}

// Registered symbol and metadata key of @inversifyjs/plugin and @inversifyjs/core (InversifyJS 8).
const isPluginKey = Symbol.for('@inversifyjs/plugin/isPlugin');
const classMetadataKey = '@inversifyjs/core/classMetadataReflectKey';

const contexts = new WeakMap<Container, PluginContextView>();
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
  return {
    boundServices: () => view.bindingService.getBoundServices(),
    bindings: (serviceIdentifier) => {
      const bindings = view.bindingService.get(serviceIdentifier);
      if (bindings === undefined) return noBindings;
      // Read-only use: an array is handed over as it is, any other iterable copied.
      return Array.isArray(bindings) ? (bindings as readonly BindingView[]) : [...bindings];
    },
  };
}

/**
 * A reader that asks `reader` once per service identifier and remembers the answer: one graph build reads the
 * bindings of an identifier for every place it is injected into, and the container's look-up is not free.
 */
export function memoisedReader(reader: BindingReader): BindingReader {
  const known = new Map<ServiceIdentifier, readonly BindingView[]>();
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
  };
}

/** The injections inversify will make into instances of `type`: constructor arguments, then properties. */
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
