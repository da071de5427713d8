import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getClassMetadata } from '@inversifyjs/core';
import { Container, inject, injectable, LazyServiceIdentifier, multiInject, named, optional, unmanaged } from 'inversify';
import { bindingReaderOf, injectionKind, injectionsOf, isAutobound } from '#internal/graph/inversifyAdapter.js';
import { lacks } from '../support/inversify/inversifyMajor.js';

// The two places where readygraph reads InversifyJS beyond its documented container methods are checked here
// against the installed inversify, so that an upgrade that moves them fails this test, not a user's start-up.

describe('the inversify adapter, against the installed inversify', () => {
  it('reads the same injections as inversify core (constructor arguments, then properties)', () => {
    @injectable()
    class Db {}
    const Token = Symbol('Token');
    @injectable()
    class Service {
      @inject(Db) public db!: Db;
      public constructor(
        @inject(Token) @named('primary') public token: unknown,
        @inject(new LazyServiceIdentifier(() => Db)) public lazy: Db,
        @unmanaged() public plain: unknown,
        @inject('maybe') @optional() public maybe: unknown,
      ) {}
    }
    const core = getClassMetadata(Service);
    const expected = [...core.constructorArguments, ...core.properties.values()];
    const read = injectionsOf(Service);
    assert.equal(read.length, expected.length);
    read.forEach((injection, index) => {
      const other = expected[index] as { kind: number; value?: unknown; name?: unknown; optional?: boolean };
      assert.equal(injection.kind, other.kind);
      assert.equal(injection.value, other.value);
      assert.equal(injection.name, other.name);
      assert.equal(injection.optional, other.optional);
    });
    assert.equal(read[0]?.name, 'primary');
    assert.equal(read[2]?.kind, 2, 'unmanaged');
  });

  it("reads only this major's metadata: what the InversifyJS 5.1 / 6 decorators write is no injection here (the planner ignores it)", async () => {
    class Db {
      public onReady(): void {}
    }
    // What InversifyJS 6's @injectable() and a property's @inject(Db) write.
    class Service {
      public db: unknown;
      public onReady(): void {}
    }
    Reflect.defineMetadata('inversify:paramtypes', [], Service);
    Reflect.defineMetadata('inversify:tagged_props', { db: [{ key: 'inject', value: Db }] }, Service);
    const container = new Container();
    container.bind(Db).toSelf().inSingletonScope();
    container.bind(Service).toSelf().inSingletonScope();
    assert.deepEqual(bindingReaderOf(container).injectionsOf(Service), []);
    // Inversify itself injects nothing into it, and the graph draws no edge.
    assert.equal((await container.getAsync(Service)).db, undefined);
    const { Lifecycle } = await import('readygraph');
    assert.deepEqual(new Lifecycle(container).graph().toJSON().edges, []);
  });

  it('sees every binding of the container through the plugin API, parent bindings included', () => {
    @injectable()
    class A {}
    const parent = new Container();
    parent.bind('fromParent').toConstantValue(1);
    const container = new Container({ parent });
    container.bind(A).toSelf().inSingletonScope();
    container.bind('value').toConstantValue(2);
    const reader = bindingReaderOf(container);
    const services = [...reader.boundServices()];
    assert.ok(services.includes(A) && services.includes('value'));
    const [binding] = reader.bindings(A);
    assert.equal(binding?.type, 'Instance');
    assert.equal(binding?.scope, 'Singleton');
    assert.equal(binding?.implementationType, A);
    assert.equal(reader.bindings('fromParent').length, 1, 'a child container sees its parent');
    assert.equal(bindingReaderOf(container).bindings(A).length, 1, 'a second reader of the same container works too');
    container.bind('late').toConstantValue(3);
    assert.equal(reader.bindings('late').length, 1, 'bindings made later are seen');
  });

  it('reads the kinds of injection and the chained flag as inversify core writes them', { skip: lacks.chainedMultiInject }, () => {
    @injectable()
    class Plugins {
      public constructor(
        @multiInject('plugin', { chained: true }) public chained: unknown[],
        @inject('one') public one: unknown,
        @unmanaged() public plain: unknown,
      ) {}
    }
    const [multiple, single, unmanagedOne] = injectionsOf(Plugins);
    assert.equal(multiple?.kind, injectionKind.multiple);
    assert.equal(multiple?.chained, true);
    assert.equal(single?.kind, injectionKind.single);
    assert.equal(unmanagedOne?.kind, injectionKind.unmanaged);
  });

  it('reads a constant\'s value, and the ancestors\' bindings a chained multi-injection takes', { skip: lacks.chainedMultiInject }, () => {
    const parent = new Container();
    parent.bind('plugin').toConstantValue('from parent');
    const container = new Container({ parent });
    container.bind('plugin').toConstantValue('own');
    const reader = bindingReaderOf(container);
    assert.deepEqual(reader.bindings('plugin').map((binding) => binding.value), ['own']);
    assert.deepEqual(reader.chainedBindings?.('plugin').map((binding) => binding.value), ['own', 'from parent']);
    assert.deepEqual(container.getAll('plugin', { chained: true }), ['own', 'from parent'], 'as inversify resolves them');
  });

  it('sees that a container autobinds, and what it would autobind, without binding anything', () => {
    @injectable()
    class Unbound {}
    const plain = new Container();
    assert.equal(bindingReaderOf(plain).autobinds?.(), false);
    assert.deepEqual(bindingReaderOf(plain).bindings(Unbound), []);
    const container = new Container({ autobind: true, defaultScope: 'Singleton' });
    const reader = bindingReaderOf(container);
    assert.equal(reader.autobinds?.(), true);
    const [binding] = reader.bindings(Unbound);
    assert.ok(binding !== undefined && isAutobound(binding));
    assert.equal(binding.implementationType, Unbound);
    assert.equal(binding.scope, 'Singleton', 'the default scope, as inversify autobinds with it');
    assert.equal(container.isCurrentBound(Unbound), false, 'reading did not autobind');
    assert.ok(container.get(Unbound) instanceof Unbound, 'inversify itself autobinds it');
  });
});
