// The graph errors graph() throws: cycles (with the path and the reason of every step), unbound @dependsOn targets,
// and lifecycle services that are not singletons.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable, LazyServiceIdentifier } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, ReadyGraphError, type LifecycleOptions } from 'readygraph';
import { seedRaceContainer } from '../support/seedRace.js';

/** The error graph() throws, checked to be a ReadyGraphError of `code`. */
function graphError(container: Container, code: string, options?: LifecycleOptions): ReadyGraphError {
  const lifecycle = new Lifecycle(container, options);
  try {
    lifecycle.graph();
  } catch (error) {
    assert.ok(error instanceof ReadyGraphError, `expected a ReadyGraphError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`graph() did not throw ${code}`);
}

/** Checks that `cycle` is a closed walk over exactly `members` (in some rotation) and that the message shows it. */
function assertCycle(error: ReadyGraphError, members: readonly string[]): readonly string[] {
  const cycle = error.cycle;
  assert.ok(cycle !== undefined, 'the error has no cycle field');
  assert.equal(cycle.length, members.length + 1, `cycle ${JSON.stringify(cycle)}`);
  assert.equal(cycle[0], cycle[cycle.length - 1], 'the first name is repeated last');
  assert.deepEqual(cycle.slice(0, -1).sort(), [...members].sort());
  assert.ok(error.message.includes(cycle.join(' -> ')), `message shows ${cycle.join(' -> ')}:\n${error.message}`);
  return cycle;
}

/**
 * The reason the message gives for the step `from -> to` of the cycle: the line, after the one showing the whole path,
 * that names that step. (One line per step is how the message says "for each edge" what kind it is.)
 */
function stepReason(error: ReadyGraphError, from: string, to: string): string {
  const path = (error.cycle ?? []).join(' -> ');
  const lines = error.message.split('\n');
  const header = lines.findIndex((candidate) => candidate.includes(path));
  const line = lines.slice(header + 1).find((candidate) => candidate.includes(`${from} -> ${to}`));
  assert.ok(line !== undefined, `no reason given for ${from} -> ${to} in:\n${error.message}`);
  return line;
}

describe('ERR_READYGRAPH_CYCLE', () => {
  it('a two-service declared cycle reports A -> B -> A with declared edges', () => {
    @injectable('Singleton')
    @dependsOn(new LazyServiceIdentifier(() => Bravo))
    class Alpha {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Alpha)
    class Bravo {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Alpha).toSelf();
    container.bind(Bravo).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assertCycle(error, ['Alpha', 'Bravo']);
    assert.match(stepReason(error, 'Alpha', 'Bravo'), /declared/);
    assert.match(stepReason(error, 'Bravo', 'Alpha'), /declared/);
    assert.doesNotMatch(stepReason(error, 'Alpha', 'Bravo'), /injected|layer/);
  });

  it('the cycle path follows the direction of waiting (A -> B: A depends on B)', () => {
    @injectable('Singleton')
    @dependsOn('b')
    class A {}
    @injectable('Singleton')
    @dependsOn('c')
    class B {}
    @injectable('Singleton')
    @dependsOn('a')
    class C {}
    const container = new Container();
    container.bind('a').to(A);
    container.bind('b').to(B);
    container.bind('c').to(C);
    const cycle = assertCycle(graphError(container, 'ERR_READYGRAPH_CYCLE'), ['a', 'b', 'c']);
    const waitsFor = new Map([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    for (let index = 0; index + 1 < cycle.length; index += 1) {
      assert.equal(waitsFor.get(cycle[index] ?? ''), cycle[index + 1], `step ${index} of ${cycle.join(' -> ')}`);
    }
  });

  it('a service that depends on itself is a cycle of one', () => {
    @injectable('Singleton')
    @dependsOn('self')
    class Narcissus {}
    const container = new Container();
    container.bind('self').to(Narcissus);
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assert.deepEqual(error.cycle, ['self', 'self']);
    assert.ok(error.message.includes('self -> self'), error.message);
  });

  it('a cycle closed by injection through a plain service names the edge injected and the plain service', () => {
    @injectable('Singleton')
    class Gateway {
      public constructor(@inject(new LazyServiceIdentifier(() => Directory)) public readonly directory: unknown) {}
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Directory {
      public constructor(@inject(new LazyServiceIdentifier(() => Registry)) public readonly registry: unknown) {}
    }
    @injectable('Singleton')
    @dependsOn(Gateway)
    class Registry {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Gateway).toSelf();
    container.bind(Directory).toSelf();
    container.bind(Registry).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assertCycle(error, ['Gateway', 'Registry']);
    const injected = stepReason(error, 'Gateway', 'Registry');
    assert.match(injected, /injected/);
    assert.match(injected, /Directory/);
    assert.match(stepReason(error, 'Registry', 'Gateway'), /declared/);
  });

  it('a cycle through layers says the step comes from a layer', () => {
    // Web waits for Consensus, while RaftNode (in Consensus) reaches XWeb (in Web) through ApiAddresses.
    const consensus = layer('consensus');
    const error = graphError(seedRaceContainer({ web: layer('web', { dependsOn: [consensus] }), consensus }), 'ERR_READYGRAPH_CYCLE');
    assertCycle(error, ['XWeb', 'RaftNode']);
    const throughLayers = stepReason(error, 'XWeb', 'RaftNode');
    assert.match(throughLayers, /layer/);
    assert.match(throughLayers, /web/);
    assert.match(throughLayers, /consensus/);
    const injected = stepReason(error, 'RaftNode', 'XWeb');
    assert.match(injected, /injected/);
    assert.match(injected, /ApiAddresses/);
  });

  it('a service that only waits on a cycle is not part of the reported cycle', () => {
    @injectable('Singleton')
    @dependsOn('a')
    class Outsider {}
    @injectable('Singleton')
    @dependsOn('b')
    class A {}
    @injectable('Singleton')
    @dependsOn('a')
    class B {}
    const container = new Container();
    container.bind('outsider').to(Outsider);
    container.bind('a').to(A);
    container.bind('b').to(B);
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assertCycle(error, ['a', 'b']);
  });

  it('a member that depends on its own layer is a declared cycle through that layer', () => {
    const Web = layer('web');
    @injectable('Singleton')
    @inLayer(Web)
    @dependsOn(Web)
    class Loop {}
    const container = new Container();
    container.bind(Loop).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assert.deepEqual(error.cycle, ['Loop', 'Loop']);
    const reason = stepReason(error, 'Loop', 'Loop');
    assert.match(reason, /declared/);
    assert.match(reason, /web/);
  });

  it('the same injected cycle is no error with implicitDependencies: false', () => {
    const Consensus = layer('consensus');
    const Web = layer('web', { dependsOn: [Consensus] });
    @injectable('Singleton')
    @inLayer(Web)
    class XWeb {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Consensus)
    class RaftNode {
      public constructor(@inject(XWeb) public readonly web: XWeb) {}
    }
    const container = new Container();
    container.bind(XWeb).toSelf();
    container.bind(RaftNode).toSelf();
    graphError(container, 'ERR_READYGRAPH_CYCLE');
    const graph = new Lifecycle(container, { implicitDependencies: false }).graph();
    assert.deepEqual(graph.levels(), [['RaftNode'], ['XWeb']]);
  });

  it('only a cycle with an injected edge suggests implicitDependencies: false (it drops nothing else)', () => {
    @injectable('Singleton')
    @dependsOn(new LazyServiceIdentifier(() => Replica))
    class Primary {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Replica {
      public constructor(@inject(Primary) public readonly primary: Primary) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Primary).toSelf();
    container.bind(Replica).toSelf();
    assert.match(graphError(container, 'ERR_READYGRAPH_CYCLE').message, /implicitDependencies: false/);
    @injectable('Singleton')
    @dependsOn('second')
    class First {}
    @injectable('Singleton')
    @dependsOn('first')
    class Second {}
    const declaredOnly = new Container();
    declaredOnly.bind('first').to(First);
    declaredOnly.bind('second').to(Second);
    const message = graphError(declaredOnly, 'ERR_READYGRAPH_CYCLE').message;
    assert.doesNotMatch(message, /implicitDependencies/);
    assert.match(message, /Remove one of these dependencies/);
  });

  it('a cycle message says how to break it', () => {
    @injectable('Singleton')
    @dependsOn('pong')
    class Ping {}
    @injectable('Singleton')
    @dependsOn('ping')
    class Pong {}
    const container = new Container();
    container.bind('ping').to(Ping);
    container.bind('pong').to(Pong);
    const error = graphError(container, 'ERR_READYGRAPH_CYCLE');
    assert.match(error.message, /[Rr]emove/);
  });

  it('start() rejects with the cycle error itself, before constructing anything', async () => {
    let constructed = 0;
    @injectable('Singleton')
    @dependsOn('two')
    class One {
      public constructor() {
        constructed += 1;
      }
    }
    @injectable('Singleton')
    @dependsOn('one')
    class Two {
      public constructor() {
        constructed += 1;
      }
    }
    const container = new Container();
    container.bind('one').to(One);
    container.bind('two').to(Two);
    await assert.rejects(new Lifecycle(container).start(), (error: unknown) => {
      assert.ok(error instanceof ReadyGraphError);
      assert.equal(error.code, 'ERR_READYGRAPH_CYCLE');
      return true;
    });
    assert.equal(constructed, 0);
  });
});

describe('ERR_READYGRAPH_MISSING_DEPENDENCY', () => {
  it('an unbound class target names the service and the dependency', () => {
    @injectable('Singleton')
    class ClusterConfig {}
    @injectable('Singleton')
    @dependsOn(ClusterConfig)
    class RaftNode {}
    const container = new Container();
    container.bind(RaftNode).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_MISSING_DEPENDENCY');
    assert.equal(error.service, 'RaftNode');
    assert.equal(error.dependency, 'ClusterConfig');
    assert.match(error.message, /RaftNode/);
    assert.match(error.message, /ClusterConfig/);
    assert.match(error.message, /bind/);
  });

  it('an unbound symbol target is named by its description', () => {
    @injectable('Singleton')
    @dependsOn(Symbol('Secrets'))
    class Vault {}
    const container = new Container();
    container.bind(Vault).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_MISSING_DEPENDENCY');
    assert.equal(error.service, 'Vault');
    assert.equal(error.dependency, 'Secrets');
  });

  it('an unbound string target is named by the string', () => {
    @injectable('Singleton')
    @dependsOn('database')
    class Migrations {}
    const container = new Container();
    container.bind('migrations').to(Migrations);
    const error = graphError(container, 'ERR_READYGRAPH_MISSING_DEPENDENCY');
    assert.equal(error.service, 'migrations');
    assert.equal(error.dependency, 'database');
  });

  it('an unbound LazyServiceIdentifier target is named by what it unwraps to', () => {
    class NotBound {}
    @injectable('Singleton')
    @dependsOn(new LazyServiceIdentifier(() => NotBound))
    class Needy {}
    const container = new Container();
    container.bind(Needy).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_MISSING_DEPENDENCY');
    assert.equal(error.service, 'Needy');
    assert.equal(error.dependency, 'NotBound');
  });

  it('a target bound to a plain service is not missing', () => {
    @injectable('Singleton')
    class Plain {}
    @injectable('Singleton')
    @dependsOn(Plain)
    class User {}
    const container = new Container();
    container.bind(Plain).toSelf();
    container.bind(User).toSelf();
    assert.deepEqual(new Lifecycle(container).graph().nodes, [{ name: 'User', dependsOn: [] }]);
  });
});

describe('ERR_READYGRAPH_SCOPE', () => {
  it('a lifecycle service in transient scope names the service and the three fixes', () => {
    @injectable()
    class Cache {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Cache).toSelf();
    const error = graphError(container, 'ERR_READYGRAPH_SCOPE');
    assert.equal(error.service, 'Cache');
    assert.match(error.message, /"Cache"/);
    assert.ok(error.message.includes('.inSingletonScope()'), error.message);
    assert.ok(error.message.includes("@injectable('Singleton')"), error.message);
    assert.ok(error.message.includes('defaultScope'), error.message);
  });

  it('a lifecycle service in request scope is a scope error', () => {
    @injectable()
    class Session {
      public onStop(): void {}
    }
    const container = new Container();
    container.bind('session').to(Session).inRequestScope();
    assert.equal(graphError(container, 'ERR_READYGRAPH_SCOPE').service, 'session');
  });

  it('a class with only @inLayer or @dependsOn must be a singleton too', () => {
    const Web = layer('web');
    @injectable()
    @inLayer(Web)
    class Handler {}
    const container = new Container();
    container.bind(Handler).toSelf();
    assert.equal(graphError(container, 'ERR_READYGRAPH_SCOPE').service, 'Handler');
  });

  it('.inSingletonScope() satisfies it', () => {
    @injectable()
    class Cache {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Cache).toSelf().inSingletonScope();
    assert.deepEqual(new Lifecycle(container).graph().nodes, [{ name: 'Cache', dependsOn: [] }]);
  });

  it("the container's defaultScope satisfies it", () => {
    @injectable()
    class Cache {
      public onReady(): void {}
    }
    const container = new Container({ defaultScope: 'Singleton' });
    container.bind(Cache).toSelf();
    assert.deepEqual(new Lifecycle(container).graph().nodes, [{ name: 'Cache', dependsOn: [] }]);
  });

  it('a transient plain service is no error', () => {
    @injectable()
    class Formatter {}
    @injectable('Singleton')
    class Logger {
      public constructor(@inject(Formatter) public readonly formatter: Formatter) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Formatter).toSelf();
    container.bind(Logger).toSelf();
    assert.deepEqual(new Lifecycle(container).graph().nodes, [{ name: 'Logger', dependsOn: [] }]);
  });
});
