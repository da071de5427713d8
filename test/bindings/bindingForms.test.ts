// Every InversifyJS binding form, and no silent hole: a lifecycle service is never used before it is ready, never
// started twice, and a graph that passes graph() does not fail at start() on how it is bound. One test per rule of
// the contract's "Which bindings are lifecycle services".
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable, multiInject, named, optional, tagged } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, ReadyGraphError, type ReadinessGraph } from 'readygraph';
import { lacks } from '../support/inversify/inversifyMajor.js';

function nodeNames(graph: ReadinessGraph): string[] {
  return graph.nodes.map((node) => node.name).sort();
}

function dependsOnOf(graph: ReadinessGraph, name: string): readonly string[] {
  return graph.nodes.find((node) => node.name === name)?.dependsOn ?? [];
}

function assertReadyGraphError(error: unknown, code: string, ...fragments: string[]): true {
  assert.ok(error instanceof ReadyGraphError, `a ReadyGraphError, got ${String(error)}`);
  assert.equal(error.code, code);
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `"${fragment}" in: ${error.message}`);
  return true;
}

describe('which bindings are lifecycle services', () => {
  it('a constant whose value has onReady is a lifecycle service: its hooks run on that value', async () => {
    const calls: string[] = [];
    const pool = {
      onReady: (): void => void calls.push('ready'),
      onStop: (): void => void calls.push('stop'),
    };
    @injectable('Singleton')
    class Repository {
      public constructor(@inject('pool') public readonly pool: object) {}
      public onReady(): void {
        calls.push('repository ready');
      }
    }
    const container = new Container();
    container.bind('pool').toConstantValue(pool);
    container.bind(Repository).toSelf();
    const lifecycle = new Lifecycle(container);
    assert.deepEqual(nodeNames(lifecycle.graph()), ['Repository', 'pool']);
    assert.deepEqual(dependsOnOf(lifecycle.graph(), 'Repository'), ['pool'], 'the injected constant is waited for');
    await lifecycle.start();
    await lifecycle.stop();
    assert.deepEqual(calls, ['ready', 'repository ready', 'stop']);
  });

  it('a constant that is an instance of a class with an arrow-function hook is ERR_READYGRAPH_USAGE from graph()', () => {
    class Cache {
      public onReady = async (): Promise<void> => {};
    }
    const container = new Container();
    container.bind('cache').toConstantValue(new Cache());
    assert.throws(() => new Lifecycle(container).graph(), (error) => assertReadyGraphError(error, 'ERR_READYGRAPH_USAGE', '"cache"', 'Cache', 'onReady', 'method'));
  });

  it('a constant without hooks, a dynamic value, a factory and a resolved value are not nodes, and graph() calls none of them', () => {
    let called = 0;
    @injectable('Singleton')
    class Hidden {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('settings').toConstantValue({ port: 80 });
    container.bind('dynamic').toDynamicValue(() => (called += 1, new Hidden())).inSingletonScope();
    container.bind<() => number>('factory').toFactory(() => () => (called += 1));
    // A major without toResolvedValue (5.1, 6) simply lacks the form.
    if (lacks.resolvedValue === false) container.bind('resolved').toResolvedValue(() => (called += 1, new Hidden())).inSingletonScope();
    const lifecycle = new Lifecycle(container);
    assert.deepEqual(nodeNames(lifecycle.graph()), []);
    assert.equal(called, 0, 'graph() calls no user code');
  });

  it('toService redirections are one node, the target, reached through the alias', () => {
    @injectable('Singleton')
    class Db {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Api {
      public constructor(@inject('database') public readonly db: unknown) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Db).toSelf();
    container.bind('database').toService(Db);
    container.bind(Api).toSelf();
    const graph = new Lifecycle(container).graph();
    assert.deepEqual(nodeNames(graph), ['Api', 'Db']);
    assert.deepEqual(dependsOnOf(graph, 'Api'), ['Db']);
  });

  it('named, tagged and default bindings of one identifier are one node each, each started through its own binding', async () => {
    const started: string[] = [];
    const Store = Symbol('store');
    const store = (role: string): new () => object => {
      @injectable('Singleton')
      class RoleStore {
        public readonly role = role;
        public onReady(): void {
          started.push(role);
        }
      }
      return RoleStore;
    };
    @injectable('Singleton')
    class Reporting {
      public constructor(
        @inject(Store) @named('primary') public readonly primary: { role: string },
        @inject(Store) @tagged('region', 'eu') public readonly eu: { role: string },
        @inject(Store) public readonly fallback: { role: string },
      ) {}
      public onReady(): void {
        started.push(`reporting with ${this.primary.role}, ${this.eu.role}, ${this.fallback.role}`);
      }
    }
    const container = new Container();
    container.bind(Store).to(store('primary')).whenNamed('primary');
    container.bind(Store).to(store('eu')).whenTagged('region', 'eu');
    container.bind(Store).to(store('default')).whenDefault();
    container.bind(Reporting).toSelf();
    const lifecycle = new Lifecycle(container);
    const graph = lifecycle.graph();
    assert.deepEqual(nodeNames(graph), ['Reporting', 'store', 'store#2', 'store#3']);
    assert.deepEqual(dependsOnOf(graph, 'Reporting'), ['store', 'store#2', 'store#3']);
    await lifecycle.start();
    assert.deepEqual(started.slice(0, 3).sort(), ['default', 'eu', 'primary'], 'every binding started once');
    assert.equal(started[3], 'reporting with primary, eu, default', 'each injected instance is the started one');
    await lifecycle.stop();
  });

  it('a lifecycle service whose constraint only an injection can satisfy is ERR_READYGRAPH_USAGE from graph()', () => {
    @injectable('Singleton')
    class Connection {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Owner {
      public constructor(@inject(Connection) public readonly connection: Connection) {}
    }
    const container = new Container();
    container.bind(Connection).toSelf().whenParentIs(Owner);
    container.bind(Owner).toSelf();
    assert.throws(() => new Lifecycle(container).graph(), (error) => assertReadyGraphError(error, 'ERR_READYGRAPH_USAGE', '"Connection"', 'whenParent', 'whenNamed'));
  });

  it('@multiInject(id, { chained: true }) in a child container makes the parent\'s lifecycle bindings nodes and edges', { skip: lacks.chainedMultiInject }, async () => {
    const started: string[] = [];
    const Plugin = Symbol('plugin');
    const plugin = (label: string): new () => object => {
      @injectable('Singleton')
      class NamedPlugin {
        public ready = false;
        public readonly label = label;
        public onReady(): void {
          this.ready = true;
          started.push(label);
        }
      }
      return NamedPlugin;
    };
    @injectable('Singleton')
    class Host {
      public constructor(@multiInject(Plugin, { chained: true }) public readonly plugins: Array<{ ready: boolean; label: string }>) {}
      public onReady(): void {
        started.push(`host sees ${this.plugins.map((each) => `${each.label}:${String(each.ready)}`).join(',')}`);
      }
    }
    const parent = new Container();
    parent.bind(Plugin).to(plugin('parent'));
    const child = new Container({ parent });
    child.bind(Plugin).to(plugin('child'));
    child.bind(Host).toSelf();
    const lifecycle = new Lifecycle(child);
    const graph = lifecycle.graph();
    assert.deepEqual(nodeNames(graph), ['Host', 'plugin', 'plugin#2']);
    assert.deepEqual(dependsOnOf(graph, 'Host'), ['plugin', 'plugin#2']);
    await lifecycle.start();
    assert.deepEqual(started.slice(0, 2).sort(), ['child', 'parent']);
    assert.equal(started[2], 'host sees child:true,parent:true');
    await lifecycle.stop();
  });

  it('autobind: an injected lifecycle class that was never bound is a node, graph() leaves the container alone and answers the same', { skip: lacks.classScope }, async () => {
    const started: string[] = [];
    @injectable('Singleton')
    class Clock {
      public onReady(): void {
        started.push('Clock');
      }
    }
    @injectable('Singleton')
    class Scheduler {
      public constructor(@inject(Clock) public readonly clock: Clock) {}
      public onReady(): void {
        started.push('Scheduler');
      }
    }
    const container = new Container({ autobind: true });
    container.bind(Scheduler).toSelf();
    const lifecycle = new Lifecycle(container);
    const first = lifecycle.graph();
    assert.deepEqual(nodeNames(first), ['Clock', 'Scheduler']);
    assert.deepEqual(dependsOnOf(first, 'Scheduler'), ['Clock']);
    assert.equal(container.isCurrentBound(Clock), false, 'graph() did not autobind Clock');
    assert.deepEqual(lifecycle.graph().toJSON(), first.toJSON(), 'the second graph() answers the same');
    await lifecycle.start();
    assert.deepEqual(started, ['Clock', 'Scheduler']);
    await lifecycle.stop();
  });

  it('autobind: an autobound lifecycle class keeps the scope rule', () => {
    @injectable()
    class Poller {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Feed {
      public constructor(@inject(Poller) public readonly poller: Poller) {}
      public onReady(): void {}
    }
    const container = new Container({ autobind: true });
    container.bind(Feed).toSelf();
    assert.throws(() => new Lifecycle(container).graph(), (error) => assertReadyGraphError(error, 'ERR_READYGRAPH_SCOPE', '"Poller"'));
  });

  it('an injection with no binding is ERR_READYGRAPH_MISSING_DEPENDENCY from graph(), naming the injecting class and the path', () => {
    @injectable('Singleton')
    class Mailer {
      public constructor(@inject('smtp') public readonly smtp: unknown) {}
    }
    @injectable('Singleton')
    class Notifications {
      public constructor(@inject(Mailer) public readonly mailer: Mailer) {}
    }
    @injectable('Singleton')
    class Signup {
      public constructor(@inject(Notifications) public readonly notifications: Notifications) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Mailer).toSelf();
    container.bind(Notifications).toSelf();
    container.bind(Signup).toSelf();
    for (const implicitDependencies of [true, false]) {
      assert.throws(
        () => new Lifecycle(container, { implicitDependencies }).graph(),
        (error) =>
          assertReadyGraphError(error, 'ERR_READYGRAPH_MISSING_DEPENDENCY', 'Mailer injects "smtp"', 'Signup -> Notifications -> Mailer', '@optional()') &&
          (error as ReadyGraphError & { service: string; dependency: string }).dependency === 'smtp',
      );
    }
  });

  it('an optional injection with no binding is not a missing dependency', () => {
    @injectable('Singleton')
    class Metrics {
      public constructor(@inject('statsd') @optional() public readonly statsd: unknown) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Metrics).toSelf();
    assert.deepEqual(nodeNames(new Lifecycle(container).graph()), ['Metrics']);
  });

  it('a layer member bound as a constant of a decorated class keeps its layer', () => {
    const Web = layer('web');
    @inLayer(Web)
    @dependsOn('config')
    class Server {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('config').toConstantValue({ onReady: (): void => {} });
    container.bind('server').toConstantValue(new Server());
    const graph = new Lifecycle(container).graph();
    assert.equal(graph.nodes.find((node) => node.name === 'server')?.layer, 'web');
    assert.deepEqual(dependsOnOf(graph, 'server'), ['config']);
  });
});
