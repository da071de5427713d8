// Usage errors of layer(), @inLayer and @dependsOn, and how repeated declarations combine.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, injectable, LazyServiceIdentifier } from 'inversify';
import { dependsOn, inLayer, isLayer, layer, Lifecycle, ReadyGraphError, type DependsOnTarget, type Layer } from 'readygraph';

/** Asserts that `run` throws ERR_READYGRAPH_USAGE whose message matches every pattern; returns the message. */
function assertUsage(run: () => unknown, ...patterns: Array<RegExp | string>): string {
  let message = '';
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ReadyGraphError, `expected a ReadyGraphError, got ${String(error)}`);
    assert.equal(error.code, 'ERR_READYGRAPH_USAGE');
    message = error.message;
    return true;
  });
  for (const pattern of patterns) {
    if (typeof pattern === 'string') assert.ok(message.includes(pattern), `"${pattern}" in: ${message}`);
    else assert.match(message, pattern);
  }
  return message;
}

/** Applies `decorator` to a fresh class named `name`, as a class declaration would. */
function decorateClass(name: string, decorator: ClassDecorator): void {
  const type = { [name]: class {} }[name] as Function;
  decorator(type);
}

describe('layer()', () => {
  it('makes a token with its name and the layers it depends on', () => {
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    assert.equal(Consensus.name, 'consensus');
    assert.deepEqual(Consensus.dependsOn, [Web]);
    assert.deepEqual(Web.dependsOn, []);
    assert.ok(isLayer(Web));
  });

  it('an empty name is a usage error', () => {
    assertUsage(() => layer(''), 'layer(name)');
  });

  it('a blank name is a usage error', () => {
    assertUsage(() => layer('   '), '"   "');
  });

  it('a name that is not a string is a usage error quoting it', () => {
    assertUsage(() => layer(42 as never), '42');
  });

  it('an undefined dependsOn entry is a usage error naming the layer and the entry, hinting at a circular import', () => {
    assertUsage(() => layer('consensus', { dependsOn: [undefined as never] }), '"consensus"', 'entry 1', 'undefined', /circular import/);
  });

  it('a dependsOn entry that only looks like a layer is a usage error', () => {
    const lookalike = { name: 'web', dependsOn: [] } as unknown as Layer;
    assertUsage(() => layer('consensus', { dependsOn: [layer('ok'), lookalike] }), 'entry 2');
  });

  it('a dependsOn that is not an array is a usage error', () => {
    assertUsage(() => layer('consensus', { dependsOn: layer('web') as never }), 'dependsOn');
  });

  it("a layer's dependencies are fixed when it is made", () => {
    const Web = layer('web');
    const list: Layer[] = [Web];
    const Consensus = layer('consensus', { dependsOn: list });
    list.push(layer('late'));
    assert.deepEqual(Consensus.dependsOn, [Web]);
  });

  it('isLayer() is false for anything not made by layer()', () => {
    for (const value of [undefined, null, 'web', {}, { name: 'web', dependsOn: [] }, Symbol('web')]) assert.equal(isLayer(value), false);
  });
});

describe('@inLayer', () => {
  it('two layers on one class is a usage error naming the class and both layers', () => {
    const Web = layer('web');
    const Consensus = layer('consensus');
    assertUsage(
      () => {
        @inLayer(Web)
        @inLayer(Consensus)
        class Confused {}
        return Confused;
      },
      '"Confused"',
      '"web"',
      '"consensus"',
    );
  });

  it('an argument that is not a layer is a usage error naming the class', () => {
    assertUsage(() => decorateClass('Router', inLayer('web' as never)), '"Router"', '"web"');
  });

  it('an undefined layer is a usage error hinting at a circular import', () => {
    assertUsage(() => decorateClass('Router', inLayer(undefined as never)), '"Router"', 'undefined', /circular import/);
  });
});

describe('@dependsOn', () => {
  it('@dependsOn(undefined) is a usage error naming the class and the argument position', () => {
    class Present {}
    assertUsage(
      () => {
        @dependsOn(Present, undefined as never)
        class RaftNode {}
        return RaftNode;
      },
      '"RaftNode"',
      'argument 2',
      'undefined',
      /circular import/,
    );
  });

  it('the hint for undefined points to LazyServiceIdentifier', () => {
    assertUsage(() => decorateClass('RaftNode', dependsOn(undefined as never)), 'argument 1', 'LazyServiceIdentifier');
  });

  it('null is a usage error', () => {
    assertUsage(() => decorateClass('RaftNode', dependsOn(null as never)), '"RaftNode"', 'argument 1', 'null');
  });

  it('a number is a usage error quoting it', () => {
    assertUsage(() => decorateClass('RaftNode', dependsOn('ok', 7 as never)), 'argument 2', '7');
  });

  it('an empty string is a usage error', () => {
    assertUsage(() => decorateClass('RaftNode', dependsOn('')), 'argument 1', '""');
  });

  it('a plain object is a usage error', () => {
    assertUsage(() => decorateClass('RaftNode', dependsOn({ name: 'web' } as never)), 'argument 1');
  });

  it('classes, symbols, strings, layers and LazyServiceIdentifiers are accepted', () => {
    class Target {}
    const targets: DependsOnTarget[] = [Target, Symbol('s'), 'name', layer('web'), new LazyServiceIdentifier(() => Target)];
    assert.doesNotThrow(() => decorateClass('Fine', dependsOn(...targets)));
  });

  it('repeated @dependsOn adds up instead of replacing', () => {
    @injectable('Singleton')
    class A {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class B {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class C {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(A)
    @dependsOn(B)
    @dependsOn(C)
    class Top {}
    const container = new Container();
    container.bind(A).toSelf();
    container.bind(B).toSelf();
    container.bind(C).toSelf();
    container.bind(Top).toSelf();
    const top = new Lifecycle(container).graph().nodes.find((node) => node.name === 'Top');
    assert.deepEqual([...(top?.dependsOn ?? [])].sort(), ['A', 'B', 'C']);
  });

  it('@dependsOn with no targets is harmless', () => {
    assert.doesNotThrow(() => decorateClass('Empty', dependsOn()));
  });
});
