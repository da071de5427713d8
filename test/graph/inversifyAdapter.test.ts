import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getClassMetadata } from '@inversifyjs/core';
import { Container, inject, injectable, LazyServiceIdentifier, named, optional, unmanaged } from 'inversify';
import { bindingReaderOf, injectionsOf } from '#internal/graph/inversifyAdapter.js';

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
});
