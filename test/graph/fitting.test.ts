// API.md, 'Fitting real applications' (graph side): injections of undefined, @independentOf, an empty graph, and the
// option services for the roots of an autobind container.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { Container, inject, injectable, LazyServiceIdentifier, type Newable } from 'inversify';
import { lacks } from '../support/inversify/inversifyMajor.js';
import { dependsOn, errorCodes, independentOf, inLayer, layer, Lifecycle, type LifecycleOptions, type ReadinessGraph, type ReadyGraphError } from 'readygraph';
import { emptyGraphError } from '#internal/graph/emptyGraphError.js';
import { vertexGraphOf } from '#internal/graph/ReadinessGraph.js';

function graphOf(container: Container, options?: LifecycleOptions): ReadinessGraph {
  return new Lifecycle(container, options).graph();
}

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.equal((error as ReadyGraphError).code, errorCodes.usage, String(error));
    assert.match((error as Error).message, pattern);
    return true;
  };
}

function dependenciesOf(graph: ReadinessGraph, name: string): string[] {
  const node = graph.nodes.find((candidate) => candidate.name === name);
  assert.ok(node, `no node ${name}`);
  return [...node.dependsOn].sort();
}

describe('an injection whose identifier is undefined', () => {
  it('a constructor parameter of a class imported in a circle (tsc, CommonJS) is ERR_READYGRAPH_USAGE from graph(), naming the class, the position and the fix', () => {
    // The fixture pair is compiled by tsc like an application's modules; CircleB is required second, so the emitted
    // design:paramtypes entry for its CircleA parameter is undefined.
    const require = createRequire(import.meta.url);
    const { CircleA } = require('./fixtures/circleA.cjs') as { CircleA: Newable<object> };
    const { CircleB } = require('./fixtures/circleB.cjs') as { CircleB: Newable<object> };
    assert.deepEqual(Reflect.getOwnMetadata('design:paramtypes', CircleB), [undefined], 'the fixture reproduces the circle');
    const container = new Container();
    // The fixture's @injectable('Singleton') is ignored by 5.1 / 6 (no scope argument there): the binding says it.
    container.bind(CircleA).toSelf().inSingletonScope();
    container.bind(CircleB).toSelf().inSingletonScope();
    assert.throws(() => graphOf(container), usageError(/"CircleB".*constructor parameter 1 \(index 0\).*circular import.*LazyServiceIdentifier/s));
  });

  it('@inject(undefined) on a constructor parameter is the same error, from start() too, before anything is constructed', { skip: lacks.injectUndefined }, async () => {
    @injectable('Singleton')
    class Db {
      public onReady(): void {}
    }
    let constructed = 0;
    @injectable('Singleton')
    class Api {
      public constructor(_db: Db, @inject(undefined as never) _missing: unknown) {
        constructed += 1;
      }
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Db).toSelf();
    container.bind(Api).toSelf();
    const lifecycle = new Lifecycle(container);
    assert.throws(() => lifecycle.graph(), usageError(/"Api": constructor parameter 2 \(index 1\) has the identifier undefined/));
    await assert.rejects(lifecycle.start(), usageError(/"Api": constructor parameter 2/));
    assert.equal(constructed, 0);
  });

  it('an injected property of undefined names the property', { skip: lacks.injectUndefined }, () => {
    @injectable('Singleton')
    class Api {
      @inject(undefined as never) public readonly peer: unknown;
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Api).toSelf();
    assert.throws(() => graphOf(container), usageError(/"Api": property peer has the identifier undefined/));
  });

  it('a LazyServiceIdentifier that unwraps to undefined is the same error', () => {
    @injectable('Singleton')
    class Api {
      public constructor(@inject(new LazyServiceIdentifier(() => undefined as never)) _peer: unknown) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Api).toSelf();
    assert.throws(() => graphOf(container), usageError(/"Api": constructor parameter 1/));
  });

  it('in a plain service between lifecycle services it names that class and the service it was reached from, also with implicitDependencies: false', { skip: lacks.injectUndefined }, () => {
    @injectable('Singleton')
    class Helper {
      public constructor(@inject(undefined as never) _peer: unknown) {}
    }
    @injectable('Singleton')
    class Api {
      public constructor(_helper: Helper) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Helper).toSelf();
    container.bind(Api).toSelf();
    for (const implicitDependencies of [true, false]) {
      assert.throws(() => graphOf(container, { implicitDependencies }), usageError(/"Helper" \(reached from "Api"\): constructor parameter 1/));
    }
  });
});

describe('@independentOf', () => {
  @injectable('Singleton')
  class Scheduler {
    public onReady(): void {}
  }
  @injectable('Singleton')
  class Queue {
    public constructor(public readonly scheduler: Scheduler) {}
  }

  it('removes the injection edge to its target, reached directly or through plain services, and keeps the others', () => {
    @injectable('Singleton')
    class Db {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @independentOf(Scheduler)
    class Handler {
      public constructor(_queue: Queue, _db: Db, _scheduler: Scheduler) {}
      public onReady(): void {}
    }
    const container = new Container();
    for (const type of [Scheduler, Queue, Db, Handler] as Newable[]) container.bind(type).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Handler'), ['Db']);
    assert.deepEqual(graph.nodes.find((node) => node.name === 'Handler')?.independentOf, ['Scheduler']);
    assert.equal(graph.nodes.find((node) => node.name === 'Db')?.independentOf, undefined);
  });

  it("breaks the cycle of a scheduler in a background layer that the web layer's handlers inject (the ported server's case)", () => {
    const Web = layer('web');
    const Background = layer('background', { dependsOn: [Web] });
    @injectable('Singleton')
    @inLayer(Background)
    class BackgroundScheduler {
      public onReady(): void {}
    }
    const define = (): new (scheduler: BackgroundScheduler) => object => {
      @injectable('Singleton')
      @inLayer(Web)
      class Handler {
        public constructor(public readonly scheduler: BackgroundScheduler) {}
        public onReady(): void {}
      }
      return Handler;
    };
    const container = new Container();
    container.bind(BackgroundScheduler).toSelf();
    const Handler = define();
    container.bind(Handler).toSelf();
    assert.throws(() => graphOf(container), { code: errorCodes.cycle });
    independentOf(BackgroundScheduler)(Handler);
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Handler'), []);
    // The layer edge stays: the scheduler still waits for the web layer.
    assert.deepEqual(dependenciesOf(graph, 'BackgroundScheduler'), ['Handler']);
  });

  it('keeps layer edges and @dependsOn: a target also in @dependsOn is ERR_READYGRAPH_USAGE naming class and target', () => {
    @injectable('Singleton')
    @dependsOn(Scheduler)
    @independentOf(Scheduler)
    class Handler {
      public constructor(_scheduler: Scheduler) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Scheduler).toSelf();
    container.bind(Handler).toSelf();
    assert.throws(() => graphOf(container), usageError(/@independentOf\(\.\.\.\) on "Handler" names "Scheduler", but "Scheduler" is also in its @dependsOn/));
  });

  it('a target the class does not reach through injection is ERR_READYGRAPH_USAGE naming class and target (an annotation that does nothing)', () => {
    @injectable('Singleton')
    class Db {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @independentOf(Scheduler)
    class Handler {
      public constructor(_db: Db) {}
      public onReady(): void {}
    }
    const container = new Container();
    for (const type of [Scheduler, Db, Handler] as Newable[]) container.bind(type).toSelf();
    assert.throws(() => graphOf(container), usageError(/on "Handler" names "Scheduler", but "Handler" does not reach "Scheduler"/));
    // Also with implicitDependencies: false, where no injection edge exists: the answer does not depend on the option.
    assert.throws(() => graphOf(container, { implicitDependencies: false }), usageError(/does not reach "Scheduler"/));
  });

  it('does not make a class a lifecycle service: it only qualifies edges', () => {
    @injectable('Singleton')
    @independentOf(Scheduler)
    class Plain {
      public constructor(_scheduler: Scheduler) {}
    }
    const container = new Container();
    container.bind(Scheduler).toSelf();
    container.bind(Plain).toSelf();
    assert.deepEqual(
      graphOf(container).nodes.map((node) => node.name),
      ['Scheduler'],
    );
  });

  it('rejects a target that is not a service identifier, naming the class and argument', () => {
    assert.throws(() => independentOf(undefined as never)(class Handler {}), usageError(/@independentOf\(\.\.\.\) on "Handler": argument 1 is undefined\. This is usually a circular import/));
    assert.throws(() => independentOf(layer('web') as never)(class Handler {}), usageError(/argument 1 is .*A layer is not a target/));
    assert.throws(() => independentOf()(class Handler {}), usageError(/names no target/));
  });
});

describe('an empty graph', () => {
  it('graph() returns it; the error start() throws counts the bindings and names the usual causes and allowEmpty', () => {
    const container = new Container({ autobind: true });
    container.bind('port').toConstantValue(8080);
    container.bind('dsn').toConstantValue('postgres://');
    container.bind('clock').toDynamicValue(() => Date);
    const graph = graphOf(container);
    assert.deepEqual(graph.nodes, []);
    const error = emptyGraphError(vertexGraphOf(graph));
    assert.equal(error.code, errorCodes.usage);
    assert.match(error.message, /the container has 3 bindings, none of them a lifecycle service/);
    assert.match(error.message, /this container autobinds.*option services/s);
    assert.match(error.message, /arrow-function fields/);
    assert.match(error.message, /toDynamicValue/);
    assert.match(error.message, /allowEmpty: true/);
    assert.match(emptyGraphError(vertexGraphOf(graphOf(new Container()))).message, /the container has no bindings/);
  });

  it('counts the bindings the container holds, not the classes an injection would make it autobind', () => {
    @injectable()
    class Unbound {}
    @injectable()
    class Handler {
      public constructor(public readonly unbound: Unbound) {}
    }
    const container = new Container({ autobind: true });
    container.bind(Handler).toSelf();
    assert.match(emptyGraphError(vertexGraphOf(graphOf(container))).message, /the container has 1 binding, none of them/);
  });

  it('option allowEmpty is a boolean', () => {
    assert.doesNotThrow(() => new Lifecycle(new Container(), { allowEmpty: true }));
    assert.throws(() => new Lifecycle(new Container(), { allowEmpty: 'yes' as never }), usageError(/option allowEmpty must be true or false; got "yes"/));
  });
});

describe('option services: roots of an autobind container', () => {
  @injectable('Singleton')
  class Redis {
    public onReady(): void {}
  }
  @injectable('Singleton')
  class HttpServer {
    public constructor(public readonly redis: Redis) {}
    public onReady(): void {}
  }

  it('an unbound class listed in an autobind container is a node (with what it injects), and start() starts it', async () => {
    // defaultScope: 5.1 / 6 autobind a class in the container's default scope (they have no @injectable(scope)).
    const container = new Container({ autobind: true, defaultScope: 'Singleton' });
    assert.deepEqual(graphOf(container).nodes, [], 'nothing injects HttpServer: invisible without the option');
    const graph = graphOf(container, { services: [HttpServer] });
    assert.deepEqual(graph.nodes.map((node) => node.name).sort(), ['HttpServer', 'Redis']);
    assert.deepEqual(dependenciesOf(graph, 'HttpServer'), ['Redis']);
    const lifecycle = new Lifecycle(container, { services: [HttpServer] });
    await lifecycle.start();
    const states = lifecycle.status().services.map((service) => `${service.name} ${service.state}`);
    assert.deepEqual(states.sort((a, b) => a.localeCompare(b)), ['HttpServer ready', 'Redis ready']);
    await lifecycle.stop();
  });

  it('elsewhere a listed identifier that is not bound is ERR_READYGRAPH_MISSING_DEPENDENCY', () => {
    assert.throws(() => graphOf(new Container(), { services: [HttpServer] }), (error: unknown) => {
      assert.equal((error as ReadyGraphError).code, errorCodes.missingDependency);
      assert.match((error as Error).message, /option services lists "HttpServer", but "HttpServer" is not bound/);
      assert.equal((error as ReadyGraphError).dependency, 'HttpServer');
      return true;
    });
    assert.throws(() => graphOf(new Container({ autobind: true }), { services: ['http'] }), { code: errorCodes.missingDependency });
  });

  it('listing a bound lifecycle service is harmless; listing a plain one is ERR_READYGRAPH_USAGE', () => {
    const container = new Container();
    container.bind(Redis).toSelf();
    container.bind(HttpServer).toSelf();
    assert.deepEqual(graphOf(container, { services: [Redis] }).toJSON(), graphOf(container).toJSON());
    @injectable('Singleton')
    class Plain {}
    container.bind(Plain).toSelf();
    assert.throws(() => graphOf(container, { services: [Plain] }), usageError(/option services lists "Plain", but "Plain" is not a lifecycle service/));
  });

  it('is validated like the other options, quoting the bad value', () => {
    assert.throws(() => new Lifecycle(new Container(), { services: HttpServer as never }), usageError(/option services must be an array of service identifiers; got/));
    assert.throws(() => new Lifecycle(new Container(), { services: [undefined as never] }), usageError(/option services: entry 1 is undefined \(usually a circular import/));
  });
});
