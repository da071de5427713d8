import * as inversify from 'inversify';

/*
 * The tests are written in the InversifyJS 8 API. On 5.1 and 6 (see register.ts) their `import … from 'inversify'`
 * comes here: the real package, with the handful of differences a user of those majors writes differently put back
 * into their form, so that the same assertions run. Nothing here changes how the library reads a container:
 *  - `@injectable('Singleton')` → `@injectable()`, and a binding of that class `.to(…)` / `.toSelf()` is given the
 *    scope (what a 6 user writes as `.inSingletonScope()`);
 *  - `new Container({ autobind, parent })` → `new Container({ autoBindInjectable })` with `parent` set (what
 *    `parent.createChild()` does);
 *  - the constraint names `whenNamed` / `whenTagged` / `whenDefault` / `whenParentIs` → `whenTargetNamed` /
 *    `whenTargetTagged` / `whenTargetIsDefault` / `whenInjectedInto`;
 *  - `LazyServiceIdentifier` → 5.1's and 6.0's `LazyServiceIdentifer`; `@multiInject(id, options)` → `@multiInject(id)`;
 *    `@injectFromBase()` → nothing (5.1 and 6 always inject what the base class declares);
 *  - on 5.1, `getAsync` / `getAllAsync` → its synchronous `get` / `getAll`, and `isCurrentBound`.
 */

type AnyFunction = (...args: unknown[]) => unknown;
interface LegacyBinding {
  type: string;
  scope: string;
  implementationType: unknown;
}
interface LegacyContainerShape {
  parent: unknown;
  _bindingDictionary: { hasKey(serviceIdentifier: unknown): boolean };
  bind(serviceIdentifier: unknown): { _binding: LegacyBinding };
}

const real = inversify as unknown as Record<string, AnyFunction | undefined>;
const RealContainer = inversify.Container as unknown as new (options?: object) => LegacyContainerShape & Record<string, AnyFunction>;

const classScopes = new WeakMap<object, string>();

const renamed: Readonly<Record<string, string>> = {
  whenNamed: 'whenTargetNamed',
  whenTagged: 'whenTargetTagged',
  whenDefault: 'whenTargetIsDefault',
  whenParentIs: 'whenInjectedInto',
};

/** The binding syntax of 5.1 / 6 under the 8 names; `to` / `toSelf` give the binding its class's declared scope. */
function syntaxOf<T extends object>(syntax: T, binding: LegacyBinding): T {
  return new Proxy(syntax, {
    get(target, property) {
      const own = Reflect.get(target, property) as unknown;
      const name = typeof property === 'string' && own === undefined ? (renamed[property] ?? property) : property;
      const member = (own ?? Reflect.get(target, name)) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const result = (member as AnyFunction).apply(target, args);
        if ((property === 'to' || property === 'toSelf') && binding.type === 'Instance') {
          const scope = classScopes.get(binding.implementationType as object);
          if (scope !== undefined) binding.scope = scope;
        }
        return typeof result === 'object' && result !== null ? syntaxOf(result, binding) : result;
      };
    },
  });
}

export class Container extends RealContainer {
  public constructor(options: { autobind?: boolean; defaultScope?: string; parent?: Container } = {}) {
    const { autobind, parent, ...rest } = options;
    super(autobind === undefined ? rest : { ...rest, autoBindInjectable: autobind });
    if (parent !== undefined) this.parent = parent;
  }

  public override bind(serviceIdentifier: unknown): { _binding: LegacyBinding } {
    const syntax = super.bind(serviceIdentifier);
    return syntaxOf(syntax, syntax._binding);
  }
}

// 5.1 resolves only synchronously: the tests' getAsync / getAllAsync are its get / getAll there.
const prototype = Container.prototype as unknown as Record<string, unknown>;
if (typeof prototype['getAsync'] !== 'function') {
  prototype['getAsync'] = function getAsync(this: Record<string, AnyFunction>, serviceIdentifier: unknown) {
    return Promise.resolve().then(() => this['get']?.(serviceIdentifier));
  };
  prototype['getAllAsync'] = function getAllAsync(this: Record<string, AnyFunction>, serviceIdentifier: unknown) {
    return Promise.resolve().then(() => this['getAll']?.(serviceIdentifier));
  };
}
if (typeof prototype['isCurrentBound'] !== 'function') {
  prototype['isCurrentBound'] = function isCurrentBound(this: LegacyContainerShape, serviceIdentifier: unknown) {
    return this._bindingDictionary.hasKey(serviceIdentifier);
  };
}

export function injectable(scope?: string): ClassDecorator {
  const decorator = (real['injectable'] as () => ClassDecorator)();
  return (target) => {
    decorator(target);
    if (scope !== undefined) classScopes.set(target, scope);
  };
}

export function multiInject(serviceIdentifier: unknown): ReturnType<typeof inversify.multiInject> {
  return (real['multiInject'] as AnyFunction)(serviceIdentifier) as ReturnType<typeof inversify.multiInject>;
}

export function injectFromBase(): ClassDecorator {
  return () => undefined;
}

export const LazyServiceIdentifier = (real['LazyServiceIdentifier'] ?? real['LazyServiceIdentifer']) as unknown as typeof inversify.LazyServiceIdentifier;

export const { inject, named, optional, tagged, unmanaged, postConstruct, decorate } = inversify;

/** The installed package itself, for the conformance test of the older codebase's internals (installed.ts). */
export const original = inversify;
