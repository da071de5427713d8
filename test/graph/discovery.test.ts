// Which bindings of a container are lifecycle services (nodes of the readiness graph), and that graph() constructs
// nothing while finding them.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, type ReadinessGraph } from 'readygraph';

function graphOf(container: Container): ReadinessGraph {
  return new Lifecycle(container).graph();
}

function nodeNames(graph: ReadinessGraph): string[] {
  return graph.nodes.map((node) => node.name).sort();
}

describe('discovery of lifecycle services', () => {
  it('a class with onReady is a lifecycle service', () => {
    @injectable('Singleton')
    class Database {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Database).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Database']);
  });

  it('a class with only onStop is a lifecycle service', () => {
    @injectable('Singleton')
    class Flusher {
      public onStop(): void {}
    }
    const container = new Container();
    container.bind(Flusher).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Flusher']);
  });

  it('a class with only @inLayer is a lifecycle service', () => {
    const Web = layer('web');
    @injectable('Singleton')
    @inLayer(Web)
    class Router {}
    const container = new Container();
    container.bind(Router).toSelf();
    assert.deepEqual(graphOf(container).nodes, [{ name: 'Router', layer: 'web', dependsOn: [] }]);
  });

  it('a class with only @dependsOn is a lifecycle service', () => {
    @injectable('Singleton')
    class Config {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Config)
    class Reporter {}
    const container = new Container();
    container.bind(Config).toSelf();
    container.bind(Reporter).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Config', 'Reporter']);
  });

  it('a class without hooks or declarations is a plain service, not a node', () => {
    @injectable('Singleton')
    class Clock {
      public now(): number {
        return 0;
      }
    }
    @injectable()
    class Formatter {}
    @injectable('Singleton')
    class Server {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Clock).toSelf();
    container.bind(Formatter).toSelf();
    container.bind(Server).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Server']);
  });

  it('hooks inherited from a base class make the subclass a lifecycle service', () => {
    class Base {
      public async onReady(): Promise<void> {}
      public async onStop(): Promise<void> {}
    }
    @injectable('Singleton')
    class Derived extends Base {}
    const container = new Container();
    container.bind(Derived).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Derived']);
  });

  it('@inLayer and @dependsOn declared on a base class apply to the subclass', () => {
    const Storage = layer('storage');
    @injectable('Singleton')
    class Disk {
      public onReady(): void {}
    }
    @inLayer(Storage)
    @dependsOn(Disk)
    class BaseStore {}
    @injectable('Singleton')
    class BlobStore extends BaseStore {}
    const container = new Container();
    container.bind(Disk).toSelf();
    container.bind(BlobStore).toSelf();
    const node = graphOf(container).nodes.find((candidate) => candidate.name === 'BlobStore');
    assert.deepEqual(node, { name: 'BlobStore', layer: 'storage', dependsOn: ['Disk'] });
  });

  it('a constant with hooks is a lifecycle service; a dynamic value, which graph() cannot see without calling it, is not', () => {
    class Hooked {
      public onReady(): void {}
      public onStop(): void {}
    }
    const container = new Container();
    container.bind('constant').toConstantValue(new Hooked());
    container.bind('dynamic').toDynamicValue(() => new Hooked()).inSingletonScope();
    assert.deepEqual(nodeNames(graphOf(container)), ['constant']);
  });

  it('a service redirection is not a node of its own; its target is', () => {
    @injectable('Singleton')
    class Cache {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Cache).toSelf();
    container.bind('cache-alias').toService(Cache);
    assert.deepEqual(nodeNames(graphOf(container)), ['Cache']);
  });

  it('a container without lifecycle services has an empty graph', () => {
    const container = new Container();
    container.bind('port').toConstantValue(8080);
    const graph = graphOf(container);
    assert.deepEqual(graph.nodes, []);
    assert.deepEqual(graph.levels(), []);
  });

  it('graph() reads the current bindings each time it is called', () => {
    @injectable('Singleton')
    class First {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Second {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(First).toSelf();
    const lifecycle = new Lifecycle(container);
    assert.deepEqual(nodeNames(lifecycle.graph()), ['First']);
    container.bind(Second).toSelf();
    assert.deepEqual(nodeNames(lifecycle.graph()), ['First', 'Second']);
  });
});

describe('graph() constructs nothing', () => {
  it('builds the graph without calling a constructor, a factory or a hook', () => {
    const counters = { lifecycle: 0, plain: 0, factory: 0, hooks: 0 };
    const Web = layer('web');
    @injectable('Singleton')
    @inLayer(Web)
    class HttpServer {
      public constructor() {
        counters.lifecycle += 1;
      }
      public onReady(): void {
        counters.hooks += 1;
      }
    }
    @injectable('Singleton')
    class Addresses {
      public constructor(@inject(HttpServer) public readonly server: HttpServer) {
        counters.plain += 1;
      }
    }
    @injectable('Singleton')
    @dependsOn(Web)
    class Raft {
      @inject('clock') public clock!: unknown;
      public constructor(@inject(Addresses) public readonly addresses: Addresses) {
        counters.lifecycle += 1;
      }
      public onStop(): void {
        counters.hooks += 1;
      }
    }
    const container = new Container();
    container.bind(HttpServer).toSelf();
    container.bind(Addresses).toSelf();
    container.bind(Raft).toSelf();
    container.bind('clock').toDynamicValue(() => {
      counters.factory += 1;
      return Date.now();
    });
    const graph = graphOf(container);
    assert.equal(graph.nodes.length, 2);
    assert.deepEqual(counters, { lifecycle: 0, plain: 0, factory: 0, hooks: 0 });
  });

  it('a graph error is thrown without constructing anything', () => {
    let constructed = 0;
    @injectable()
    class Transient {
      public constructor() {
        constructed += 1;
      }
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Transient).toSelf();
    assert.throws(() => graphOf(container), { code: 'ERR_READYGRAPH_SCOPE' });
    assert.equal(constructed, 0);
  });
});
