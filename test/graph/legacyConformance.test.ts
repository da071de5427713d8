// The older codebase's internals that readygraph reads (InversifyJS 5.1 and 6: the binding dictionary, the binding's
// fields, toService, constraints as functions of a request, autoBindInjectable, the inversify:* metadata), checked
// against the installed package with its own API (not the tests' 8 API), so that a patch release that moves them fails
// here first. Runs on 5.1 and 6 (scripts/test-major.mjs); skipped on 7 and 8, whose reader
// test/graph/inversifyAdapter.test.ts checks.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lifecycle } from 'readygraph';
import { containerAccessOf } from '#internal/graph/containerAccessOf.js';
import { injectionKind } from '#internal/graph/inversifyAdapter.js';
import { legacyInjectionsOf } from '#internal/graph/legacyInjections.js';
import { inversifyMajor, inversifyVersion, isLegacyMajor } from '../support/inversify/inversifyMajor.js';
import { installed } from '../support/inversify/installed.js';

type Decorator = (...args: unknown[]) => void;
type DecoratorFactory = (...args: unknown[]) => Decorator;
interface Syntax {
  to(type: Function): Syntax;
  toSelf(): Syntax;
  toConstantValue(value: unknown): Syntax;
  toService(target: unknown): void;
  inSingletonScope(): Syntax;
  whenTargetNamed(name: string): Syntax;
  whenTargetTagged(key: string, value: unknown): Syntax;
  whenTargetIsDefault(): Syntax;
  whenInjectedInto(parent: Function): Syntax;
}
interface OldContainer {
  bind(serviceIdentifier: unknown): Syntax;
  get(serviceIdentifier: unknown): unknown;
  getNamed(serviceIdentifier: unknown, name: string): unknown;
  getTagged(serviceIdentifier: unknown, key: string, value: unknown): unknown;
  isBound(serviceIdentifier: unknown): boolean;
  createChild(): OldContainer;
}

const Container = installed['Container'] as new (options?: object) => OldContainer;
const injectable = installed['injectable'] as DecoratorFactory;
const inject = installed['inject'] as DecoratorFactory;
const multiInject = installed['multiInject'] as DecoratorFactory;
const named = installed['named'] as DecoratorFactory;
const tagged = installed['tagged'] as DecoratorFactory;
const optional = installed['optional'] as DecoratorFactory;
const unmanaged = installed['unmanaged'] as DecoratorFactory;
const decorate = installed['decorate'] as (decorator: Decorator, target: Function, parameterIndex?: number | string) => void;
const spellings = ['LazyServiceIdentifier', 'LazyServiceIdentifer'].filter((name) => typeof installed[name] === 'function');

/** Decorates `type` as the older decorators do when written in TypeScript (class, then its constructor arguments). */
function describeClass(type: Function, argumentDecorators: ReadonlyArray<readonly Decorator[]> = [], paramTypes: readonly unknown[] = []): void {
  Reflect.defineMetadata('design:paramtypes', paramTypes, type);
  argumentDecorators.forEach((decorators, index) => decorators.forEach((decorator) => decorate(decorator, type, index)));
  decorate(injectable(), type);
}

function property(type: Function, key: string, ...decorators: Decorator[]): void {
  for (const decorator of decorators) decorator(type.prototype, key);
}

describe(`the reader of InversifyJS 5.1 / 6, against the installed inversify ${inversifyVersion}`, { skip: !isLegacyMajor && `InversifyJS ${inversifyVersion} is read through its plugin API` }, () => {
  it('is recognised from the container object: the binding dictionary, asynchronous resolution on 6 only', () => {
    const access = containerAccessOf(new Container());
    assert.equal(access.kind, inversifyMajor === 5 ? 'InversifyJS 5.1 (synchronous resolution)' : 'InversifyJS 6');
  });

  it('reads every binding of the container and its ancestors from the binding dictionary, as inversify resolves them', () => {
    class A {}
    describeClass(A);
    const parent = new Container();
    parent.bind('fromParent').toConstantValue({ value: 1 });
    const child = parent.createChild();
    child.bind(A).toSelf().inSingletonScope();
    child.bind('fromParent').toConstantValue({ value: 'own' });
    const reader = containerAccessOf(child).reader;
    const services = [...reader.boundServices()];
    assert.ok(services.includes(A) && services.includes('fromParent'));
    const [binding] = reader.bindings(A);
    assert.equal(binding?.type, 'Instance');
    assert.equal(binding?.scope, 'Singleton');
    assert.equal(binding?.implementationType, A);
    assert.equal(typeof binding?.id, 'number');
    // The nearest container with bindings of the identifier answers, as inversify's planner takes them.
    const [constant] = reader.bindings('fromParent');
    assert.deepEqual(constant?.value, { value: 'own' });
    assert.deepEqual(child.get('fromParent'), { value: 'own' });
    assert.equal(containerAccessOf(parent).reader.bindings('fromParent')[0]?.type, 'ConstantValue');
    child.bind('late').toConstantValue(3);
    assert.equal(reader.bindings('late').length, 1, 'bindings made later are seen');
  });

  it('reads toService as a redirection to its target without resolving anything', () => {
    let constructed = 0;
    class Target {
      public constructor() {
        constructed += 1;
      }
    }
    describeClass(Target);
    const container = new Container();
    container.bind(Target).toSelf().inSingletonScope();
    container.bind('alias').toService(Target);
    const [alias] = containerAccessOf(container).reader.bindings('alias');
    assert.equal(alias?.type, 'ServiceRedirection');
    assert.equal(alias?.targetServiceIdentifier, Target);
    assert.equal(constructed, 0, 'reading the redirection constructed nothing');
    assert.equal(container.get('alias'), container.get(Target), 'inversify resolves the alias to the target');
  });

  it('tests a constraint as inversify does for getNamed / getTagged / get, and sees one that reads the injection', () => {
    class Store {}
    class Owner {}
    describeClass(Store);
    describeClass(Owner);
    const container = new Container();
    container.bind('store').toConstantValue({ which: 'primary' }).whenTargetNamed('primary');
    container.bind('store').toConstantValue({ which: 'eu' }).whenTargetTagged('region', 'eu');
    container.bind('store').toConstantValue({ which: 'default' }).whenTargetIsDefault();
    container.bind('owned').to(Store).whenInjectedInto(Owner);
    const [primary, eu, byDefault] = containerAccessOf(container).reader.bindings('store');
    const noAncestor = { getAncestor: () => undefined };
    const request = (name: unknown, tags: ReadonlyMap<unknown, unknown>) => ({ serviceIdentifier: 'store', name, tags, ...noAncestor });
    assert.equal(primary?.isSatisfiedBy?.(request('primary', new Map())), true);
    assert.equal(primary?.isSatisfiedBy?.(request(undefined, new Map())), false);
    assert.equal(eu?.isSatisfiedBy?.(request(undefined, new Map([['region', 'eu']]))), true);
    assert.equal(byDefault?.isSatisfiedBy?.(request(undefined, new Map())), true);
    assert.equal(byDefault?.isSatisfiedBy?.(request('primary', new Map())), false);
    // The same selections resolve those bindings in inversify itself.
    assert.deepEqual(container.getNamed('store', 'primary'), { which: 'primary' });
    assert.deepEqual(container.getTagged('store', 'region', 'eu'), { which: 'eu' });
    assert.deepEqual(container.get('store'), { which: 'default' });
    let readsInjection = false;
    const [owned] = containerAccessOf(container).reader.bindings('owned');
    const satisfied = owned?.isSatisfiedBy?.({ serviceIdentifier: 'owned', name: undefined, tags: new Map(), getAncestor: () => ((readsInjection = true), undefined) });
    assert.equal(satisfied, false);
    assert.equal(readsInjection, true, 'whenInjectedInto reads the parent request, which only an injection has');
  });

  it('reads the injections of a class as the older planner makes them: constructor arguments by index, then properties', () => {
    class Db {}
    describeClass(Db);
    const Token = Symbol('Token');
    class Service {}
    describeClass(
      Service,
      [[inject(Token), named('primary')], [inject('tagged'), tagged('region', 'eu')], [unmanaged()], [inject('maybe'), optional()], [multiInject('plugin')], []],
      [Object, Object, Object, Object, Array, Db],
    );
    property(Service, 'db', inject(Db));
    const injections = legacyInjectionsOf(Service);
    assert.deepEqual(
      injections.map(({ kind, value, name, optional: isOptional }) => ({ kind, value, name, optional: isOptional })),
      [
        { kind: injectionKind.single, value: Token, name: 'primary', optional: false },
        { kind: injectionKind.single, value: 'tagged', name: undefined, optional: false },
        { kind: injectionKind.unmanaged, value: undefined, name: undefined, optional: undefined },
        { kind: injectionKind.single, value: 'maybe', name: undefined, optional: true },
        { kind: injectionKind.multiple, value: 'plugin', name: undefined, optional: false },
        { kind: injectionKind.single, value: Db, name: undefined, optional: false },
        { kind: injectionKind.single, value: Db, name: undefined, optional: false },
      ],
    );
    assert.deepEqual([...(injections[1]?.tags ?? [])], [['region', 'eu']]);
    assert.deepEqual(
      (Reflect.getMetadata('inversify:tagged', Service) as Record<string, Array<{ key: unknown }>>)['0']?.map((entry) => entry.key),
      ['inject', 'named'],
      'the metadata layout this reads: entries under the argument index in inversify:tagged',
    );
  });

  it('takes a base class\'s constructor arguments and properties as the older planner does, and both spellings of LazyServiceIdentifier', () => {
    class Db {}
    class Cache {}
    describeClass(Db);
    describeClass(Cache);
    const DbToken = Symbol('Db');
    class Base {
      public constructor(public readonly db: unknown) {}
    }
    // As TypeScript describes them: the base's argument is typed by an interface (Object), injected by its token; the
    // derived class declares no constructor, so its design:paramtypes are the base's.
    describeClass(Base, [[inject(DbToken)]], [Object]);
    property(Base, 'cache', inject(Cache));
    class Derived extends Base {}
    describeClass(Derived, [], [Object]);
    const container = new Container();
    container.bind(DbToken).to(Db).inSingletonScope();
    container.bind(Cache).toSelf().inSingletonScope();
    container.bind(Derived).toSelf();
    const instance = container.get(Derived) as { db: unknown; cache: unknown };
    assert.ok(instance.db instanceof Db && instance.cache instanceof Cache, 'inversify injects the base class\'s argument and property');
    assert.deepEqual(legacyInjectionsOf(Derived).map((injection) => injection.value), [DbToken, Cache]);
    assert.ok(spellings.length > 0, 'the installed inversify exports a LazyServiceIdentifier');
    for (const spelling of spellings) {
      const Lazy = installed[spelling] as new (make: () => unknown) => { unwrap(): unknown };
      class Lazily {}
      describeClass(Lazily, [[inject(new Lazy(() => Db))]], [Object]);
      const [lazy] = legacyInjectionsOf(Lazily);
      assert.ok(lazy !== undefined, spelling);
      assert.equal((lazy.value as { unwrap(): unknown }).unwrap(), Db, spelling);
    }
  });

  it('sees autoBindInjectable and the binding it would make, in the default scope, without binding anything', () => {
    class Unbound {}
    describeClass(Unbound);
    class Plain {}
    const container = new Container({ autoBindInjectable: true, defaultScope: 'Singleton' });
    const reader = containerAccessOf(container).reader;
    assert.equal(reader.autobinds?.(), true);
    const [binding] = reader.bindings(Unbound);
    assert.equal(binding?.scope, 'Singleton');
    assert.equal(binding?.implementationType, Unbound);
    assert.deepEqual(reader.bindings(Plain), [], 'a class @injectable() did not describe is not autobound');
    assert.equal(container.isBound(Unbound), false, 'reading bound nothing');
    assert.ok(container.get(Unbound) instanceof Unbound, 'inversify autobinds it');
    assert.equal(containerAccessOf(new Container()).reader.autobinds?.(), false);
  });

  it('resolves a lifecycle service through the major\'s own resolution (5.1: synchronous get)', async () => {
    const started: string[] = [];
    class Service {
      public onReady(): void {
        started.push('Service');
      }
    }
    describeClass(Service);
    const container = new Container();
    container.bind(Service).toSelf().inSingletonScope();
    const lifecycle = new Lifecycle(container);
    await lifecycle.start();
    assert.deepEqual(started, ['Service']);
    assert.equal(container.get(Service), container.get(Service));
    await lifecycle.stop();
  });
});
