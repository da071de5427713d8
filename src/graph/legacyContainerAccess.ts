import type { ServiceIdentifier } from '../decorators/isLazyServiceIdentifier.js';
import type { ContainerAccess } from './ContainerAccess.js';
import { autoboundBinding, type BindingConstraintsView, type BindingReader, type BindingView } from './inversifyAdapter.js';
import { hasLegacyMetadata, legacyInjectionsOf, legacyUndefinedInjectionsOf } from './legacyInjections.js';

/*
 * InversifyJS 5.1 and 6: the older codebase, read through what its container object holds.
 *  - Bindings: `container._bindingDictionary`, a lookup whose `getMap()` maps each identifier to its bindings; a
 *    request takes the bindings of the nearest container in the `parent` chain that has any (no chained
 *    multi-injection). A binding is `{ id, serviceIdentifier, type, scope, implementationType, cache, dynamicValue,
 *    constraint }`; a constant's value is its `cache`.
 *  - `toService(target)` is a dynamic value whose function asks `context.container.get(target)`; it is recognised
 *    (6.1 and later give it a `cache` accessor that caches nothing; 5.1 and 6.0 a function of known text) and read as
 *    the redirection it is, by calling that function of inversify's own with a context that only records the target.
 *  - A constraint is a function of the request (`whenTargetNamed`, `whenTargetTagged`, `whenTargetIsDefault`,
 *    `whenInjectedInto`, …), tested here on a request made for the name or tag readygraph would resolve with, whose
 *    `parentRequest` is the place an injection-only constraint reads.
 *  - `autoBindInjectable: true` binds an unbound `@injectable()` class in the container asked, in its default scope.
 *  - Resolution: 6 has `getAsync` / `getNamedAsync` / `getTaggedAsync` (and `getAll…Async`); 5.1 resolves only
 *    synchronously (`get`, `getNamed`, `getTagged`), so a 5.1 service is resolved with those.
 * These are private internals: test/graph/legacyConformance.test.ts checks them against the installed inversify.
 */

/** A binding of the older codebase, as its `Binding` class holds it. */
interface LegacyBinding {
  readonly id: number;
  readonly serviceIdentifier: ServiceIdentifier;
  readonly type: string;
  readonly scope: string;
  readonly implementationType: Function | null;
  readonly cache: unknown;
  readonly dynamicValue: unknown;
  readonly constraint: (request: unknown) => boolean;
}

type Resolve = (serviceIdentifier: ServiceIdentifier, ...selection: unknown[]) => unknown;

/** The members of an InversifyJS 5.1 / 6 container that readygraph uses. */
export interface LegacyContainer {
  readonly _bindingDictionary: { getMap(): ReadonlyMap<ServiceIdentifier, readonly LegacyBinding[]> };
  readonly parent: LegacyContainer | null;
  readonly options: { readonly autoBindInjectable?: boolean; readonly defaultScope?: string };
  readonly get: Resolve;
  readonly getNamed: Resolve;
  readonly getTagged: Resolve;
  readonly getAll: Resolve;
  readonly getAllNamed: Resolve;
  readonly getAllTagged: Resolve;
  readonly getAsync?: Resolve;
  readonly getNamedAsync?: Resolve;
  readonly getTaggedAsync?: Resolve;
  readonly getAllAsync?: Resolve;
  readonly getAllNamedAsync?: Resolve;
  readonly getAllTaggedAsync?: Resolve;
}

const resolveMethods = ['get', 'getNamed', 'getTagged', 'getAll', 'getAllNamed', 'getAllTagged'] as const;
const asyncMethods = ['getAsync', 'getNamedAsync', 'getTaggedAsync', 'getAllAsync', 'getAllNamedAsync', 'getAllTaggedAsync'] as const;

/** True for a container of the older codebase (InversifyJS 5.1 or 6). */
export function isLegacyContainer(value: object): value is LegacyContainer {
  const candidate = value as Partial<Record<keyof LegacyContainer, unknown>>;
  const dictionary = candidate._bindingDictionary as { getMap?: unknown } | null | undefined;
  return (
    typeof dictionary === 'object' &&
    dictionary !== null &&
    typeof dictionary.getMap === 'function' &&
    typeof candidate.options === 'object' &&
    resolveMethods.every((method) => typeof candidate[method] === 'function')
  );
}

/** True if the older container resolves asynchronously (InversifyJS 6; 5.1 does not). */
export function resolvesAsynchronously(container: LegacyContainer): boolean {
  return asyncMethods.every((method) => typeof container[method] === 'function');
}

/** Reads and resolves an InversifyJS 5.1 / 6 container. */
export function legacyContainerAccess(container: LegacyContainer, kind: string): ContainerAccess {
  const asynchronous = resolvesAsynchronously(container);
  // 5.1's synchronous get: what it throws is the rejection, as getAsync's would be.
  const call = async (method: Resolve | undefined, serviceIdentifier: ServiceIdentifier, ...selection: unknown[]): Promise<unknown> =>
    (method as Resolve).call(container, serviceIdentifier, ...selection);
  return {
    kind,
    reader: legacyBindingReader(container),
    get: (serviceIdentifier, selection) => {
      if (selection?.name !== undefined) return call(asynchronous ? container.getNamedAsync : container.getNamed, serviceIdentifier, selection.name);
      if (selection?.tag !== undefined) {
        return call(asynchronous ? container.getTaggedAsync : container.getTagged, serviceIdentifier, selection.tag.key, selection.tag.value);
      }
      return call(asynchronous ? container.getAsync : container.get, serviceIdentifier);
    },
    getAll: async (serviceIdentifier, selection) => {
      let all: unknown;
      if (selection.name !== undefined) {
        all = await call(asynchronous ? container.getAllNamedAsync : container.getAllNamed, serviceIdentifier, selection.name);
      } else if (selection.tag !== undefined) {
        all = await call(asynchronous ? container.getAllTaggedAsync : container.getAllTagged, serviceIdentifier, selection.tag.key, selection.tag.value);
      } else {
        all = await call(asynchronous ? container.getAllAsync : container.getAll, serviceIdentifier);
      }
      return all as readonly unknown[];
    },
  };
}

const noBindings: readonly BindingView[] = Object.freeze([]);

function legacyBindingReader(container: LegacyContainer): BindingReader {
  const chain = (): LegacyContainer[] => {
    const containers: LegacyContainer[] = [];
    for (let next: LegacyContainer | null = container; next !== null && next !== undefined; next = next.parent) containers.push(next);
    return containers;
  };
  const autobinds = (): boolean => container.options.autoBindInjectable === true;
  return {
    boundServices: () => {
      const services = new Set<ServiceIdentifier>();
      for (const each of chain()) for (const [serviceIdentifier, bindings] of each._bindingDictionary.getMap()) if (bindings.length > 0) services.add(serviceIdentifier);
      return services;
    },
    bindings: (serviceIdentifier) => {
      for (const each of chain()) {
        const bindings = each._bindingDictionary.getMap().get(serviceIdentifier);
        if (bindings !== undefined && bindings.length > 0) return bindings.map(viewOf);
      }
      // Inversify autobinds only a class that @injectable() described, in the container that was asked.
      if (!autobinds() || typeof serviceIdentifier !== 'function' || !hasLegacyMetadata(serviceIdentifier)) return noBindings;
      return [autoboundBinding(serviceIdentifier, scopeOf(container.options.defaultScope))];
    },
    autobinds,
    injectionsOf: legacyInjectionsOf,
    undefinedInjectionsOf: legacyUndefinedInjectionsOf,
  };
}

type Scope = NonNullable<BindingView['scope']>;

function scopeOf(scope: unknown): Scope {
  return scope === 'Singleton' || scope === 'Request' ? scope : 'Transient';
}

// One view per binding object, so that a graph built twice sees the same bindings; its fields are read when asked,
// as inversify's own binding syntax may still be filling them in.
const views = new WeakMap<LegacyBinding, BindingView>();

function viewOf(binding: LegacyBinding): BindingView {
  let view = views.get(binding);
  if (view === undefined) {
    view = new LegacyBindingView(binding);
    views.set(binding, view);
  }
  return view;
}

class LegacyBindingView implements BindingView {
  readonly #binding: LegacyBinding;
  #target: { readonly of: unknown; readonly serviceIdentifier: ServiceIdentifier | undefined } | undefined;

  public constructor(binding: LegacyBinding) {
    this.#binding = binding;
  }

  public get id(): number {
    return this.#binding.id;
  }

  public get serviceIdentifier(): ServiceIdentifier {
    return this.#binding.serviceIdentifier;
  }

  public get type(): BindingView['type'] {
    switch (this.#binding.type) {
      case 'Instance':
        return 'Instance';
      case 'ConstantValue':
        return 'ConstantValue';
      case 'Factory':
      case 'Provider':
        return 'Factory';
      case 'DynamicValue':
        return this.targetServiceIdentifier === undefined ? 'DynamicValue' : 'ServiceRedirection';
      default:
        // toConstructor, toFunction and a binding not yet bound to anything: values no graph looks into.
        return 'DynamicValue';
    }
  }

  public get scope(): Scope {
    return scopeOf(this.#binding.scope);
  }

  public get implementationType(): Function | undefined {
    return this.#binding.type === 'Instance' ? (this.#binding.implementationType ?? undefined) : undefined;
  }

  public get value(): unknown {
    return this.#binding.type === 'ConstantValue' ? this.#binding.cache : undefined;
  }

  public get targetServiceIdentifier(): ServiceIdentifier | undefined {
    const dynamicValue = this.#binding.dynamicValue;
    const known = this.#target;
    if (known !== undefined && known.of === dynamicValue) return known.serviceIdentifier;
    const serviceIdentifier = redirectionTarget(this.#binding);
    this.#target = { of: dynamicValue, serviceIdentifier };
    return serviceIdentifier;
  }

  public isSatisfiedBy = (constraints: BindingConstraintsView): boolean => this.#binding.constraint(requestFor(this.#binding, constraints));
}

// The text of 5.1's and 6.0's toService function (6.1 and later mark theirs with a cache accessor instead).
const toServiceText = /^function\s*\(context\)\s*\{\s*return context\.container\.get\(service\);\s*\}$/;

function redirectionTarget(binding: LegacyBinding): ServiceIdentifier | undefined {
  const dynamicValue = binding.dynamicValue;
  if (binding.type !== 'DynamicValue' || typeof dynamicValue !== 'function') return undefined;
  const uncached = typeof Object.getOwnPropertyDescriptor(binding, 'cache')?.get === 'function';
  if (!uncached && !toServiceText.test(Function.prototype.toString.call(dynamicValue))) return undefined;
  let target: ServiceIdentifier | undefined;
  const record = (serviceIdentifier: ServiceIdentifier): undefined => {
    target ??= serviceIdentifier;
    return undefined;
  };
  (dynamicValue as (context: unknown) => unknown)({ container: { get: record, getAsync: record } });
  return target;
}

const nonTagKeys = new Set<unknown>(['named', 'name', 'unmanaged', 'optional', 'inject', 'multi_inject']);

/*
 * The request inversify would make for `container.getNamed(id, name)` / `getTagged(id, key, value)` / `get(id)`, as
 * far as a constraint reads it: its target (one name or one tag, as those methods take; the name wins when a
 * selection has both, as readygraph then resolves by name) and its parent, which only an injection has.
 */
function requestFor(binding: LegacyBinding, constraints: BindingConstraintsView): unknown {
  const [tag] = constraints.tags;
  const entries: Array<{ key: unknown; value: unknown }> =
    constraints.name !== undefined ? [{ key: 'named', value: constraints.name }] : tag !== undefined ? [{ key: tag[0], value: tag[1] }] : [];
  const matchesTag = (key: unknown) => (value: unknown) => entries.some((entry) => entry.key === key && entry.value === value);
  const target = {
    serviceIdentifier: constraints.serviceIdentifier,
    metadata: entries,
    isNamed: () => entries.some((entry) => entry.key === 'named'),
    isTagged: () => entries.some((entry) => !nonTagKeys.has(entry.key)),
    hasTag: (key: unknown) => entries.some((entry) => entry.key === key),
    matchesTag,
    matchesNamedTag: (name: unknown) => matchesTag('named')(name),
    getNamedTag: () => entries.find((entry) => entry.key === 'named') ?? null,
    getCustomTags: () => entries.filter((entry) => !nonTagKeys.has(entry.key)),
    isArray: () => false,
    isOptional: () => false,
  };
  return {
    serviceIdentifier: constraints.serviceIdentifier,
    target,
    bindings: [binding],
    childRequests: [],
    get parentRequest(): null {
      constraints.getAncestor();
      return null;
    },
  };
}
