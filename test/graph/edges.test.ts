// What each lifecycle service waits for: @dependsOn targets, layer membership × layer dependencies, and the lifecycle
// services it reaches through injection (directly or through plain services in between).
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable, injectFromBase, LazyServiceIdentifier, multiInject, optional, type Newable } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, type LifecycleOptions, type ReadinessGraph } from 'readygraph';
import { lacks } from '../support/inversify/inversifyMajor.js';
import { seedRaceContainer } from '../support/seedRace.js';

function bindSelf(container: Container, ...types: Array<Newable<object>>): void {
  for (const type of types) container.bind(type).toSelf();
}

function graphOf(container: Container, options?: LifecycleOptions): ReadinessGraph {
  return new Lifecycle(container, options).graph();
}

/** The sorted names `name` waits for directly (layers expanded to their members). */
function dependenciesOf(graph: ReadinessGraph, name: string): string[] {
  const node = graph.nodes.find((candidate) => candidate.name === name);
  assert.ok(node, `no node named ${name} in ${JSON.stringify(graph.nodes)}`);
  return [...node.dependsOn].sort();
}

/** The drawn edges between two named vertices, from the JSON form. */
function edgesBetween(graph: ReadinessGraph, from: string, to: string): Array<{ kind: string; via?: readonly string[] }> {
  return graph
    .toJSON()
    .edges.filter((edge) => edge.from === from && edge.to === to)
    .map((edge) => (edge.via === undefined ? { kind: edge.kind } : { kind: edge.kind, via: edge.via }));
}

describe('edges from @dependsOn', () => {
  it('a class target makes a declared edge', () => {
    @injectable('Singleton')
    class Config {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Config)
    class Api {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Config).toSelf();
    container.bind(Api).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Api'), ['Config']);
    assert.deepEqual(dependenciesOf(graph, 'Config'), []);
    assert.deepEqual(edgesBetween(graph, 'Api', 'Config'), [{ kind: 'declared' }]);
  });

  it('a symbol target makes a declared edge to the service bound to it', () => {
    const ClusterConfig = Symbol('ClusterConfig');
    @injectable('Singleton')
    class FileConfig {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(ClusterConfig)
    class RaftNode {}
    const container = new Container();
    container.bind(ClusterConfig).to(FileConfig);
    container.bind(RaftNode).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'RaftNode'), ['ClusterConfig']);
  });

  it('a string target makes a declared edge to the service bound to it', () => {
    @injectable('Singleton')
    class Broker {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn('broker')
    class Consumer {}
    const container = new Container();
    container.bind('broker').to(Broker);
    container.bind(Consumer).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Consumer'), ['broker']);
  });

  it('a LazyServiceIdentifier target is unwrapped to the service it names', () => {
    @injectable('Singleton')
    @dependsOn(new LazyServiceIdentifier(() => Later))
    class Early {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Later {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Early).toSelf();
    container.bind(Later).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Early'), ['Later']);
    assert.deepEqual(edgesBetween(graph, 'Early', 'Later'), [{ kind: 'declared' }]);
  });

  it('a layer target waits for every member of the layer', () => {
    const Storage = layer('storage');
    @injectable('Singleton')
    @inLayer(Storage)
    class Disk {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Storage)
    class Index {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Storage)
    class Query {}
    const container = new Container();
    container.bind(Disk).toSelf();
    container.bind(Index).toSelf();
    container.bind(Query).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Query'), ['Disk', 'Index']);
    assert.deepEqual(edgesBetween(graph, 'Query', 'storage'), [{ kind: 'declared' }]);
  });

  it('a layer target also waits for the layers that layer depends on', () => {
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    @injectable('Singleton')
    @inLayer(Web)
    class XWeb {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Consensus)
    class RaftNode {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Consensus)
    class Dashboard {}
    const container = new Container();
    container.bind(XWeb).toSelf();
    container.bind(RaftNode).toSelf();
    container.bind(Dashboard).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Dashboard'), ['RaftNode', 'XWeb']);
  });

  it('a target bound to a plain service is a declared edge to the lifecycle services it injects, with via', () => {
    @injectable('Singleton')
    class Listener {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Endpoints {
      public constructor(@inject(Listener) public readonly listener: Listener) {}
    }
    @injectable('Singleton')
    @dependsOn(Endpoints)
    class Announcer {}
    const container = new Container();
    container.bind(Listener).toSelf();
    container.bind(Endpoints).toSelf();
    container.bind(Announcer).toSelf();
    const graph = graphOf(container, { implicitDependencies: false });
    assert.deepEqual(dependenciesOf(graph, 'Announcer'), ['Listener']);
    assert.deepEqual(edgesBetween(graph, 'Announcer', 'Listener'), [{ kind: 'declared', via: ['Endpoints'] }]);
  });

  it('a target bound several times waits for every binding', () => {
    @injectable('Singleton')
    class Left {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Right {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn('shard')
    class Router {}
    const container = new Container();
    container.bind('shard').to(Left);
    container.bind('shard').to(Right);
    container.bind(Router).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Router'), ['shard', 'shard#2']);
  });

  it('repeated @dependsOn adds up', () => {
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
    @dependsOn(B, C)
    class D {}
    const container = new Container();
    bindSelf(container, A, B, C, D);
    assert.deepEqual(dependenciesOf(graphOf(container), 'D'), ['A', 'B', 'C']);
  });

  it('a subclass adds its @dependsOn to those of its base', () => {
    @injectable('Singleton')
    class A {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class B {
      public onReady(): void {}
    }
    @dependsOn(A)
    class Base {}
    @injectable('Singleton')
    @dependsOn(B)
    class Sub extends Base {}
    const container = new Container();
    bindSelf(container, A, B, Sub);
    assert.deepEqual(dependenciesOf(graphOf(container), 'Sub'), ['A', 'B']);
  });
});

describe('edges from layers', () => {
  it('every member of a layer waits for every member of the layers it depends on', () => {
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    @injectable('Singleton')
    @inLayer(Web)
    class XWeb {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Web)
    class Metrics {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Consensus)
    class RaftNode {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Consensus)
    class Election {
      public onReady(): void {}
    }
    const container = new Container();
    bindSelf(container, XWeb, Metrics, RaftNode, Election);
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'RaftNode'), ['Metrics', 'XWeb']);
    assert.deepEqual(dependenciesOf(graph, 'Election'), ['Metrics', 'XWeb']);
    assert.deepEqual(dependenciesOf(graph, 'XWeb'), []);
    assert.deepEqual(dependenciesOf(graph, 'Metrics'), []);
    assert.equal(graph.nodes.find((node) => node.name === 'RaftNode')?.layer, 'consensus');
  });

  it('members of one layer do not wait for each other', () => {
    const Web = layer('web');
    @injectable('Singleton')
    @inLayer(Web)
    class A {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Web)
    class B {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(A).toSelf();
    container.bind(B).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'A'), []);
    assert.deepEqual(dependenciesOf(graph, 'B'), []);
    assert.deepEqual(graph.levels(), [['A', 'B']]);
  });

  it('an empty layer passes its dependencies on', () => {
    const Base = layer('base');
    const Empty = layer('empty', { dependsOn: [Base] });
    const Top = layer('top', { dependsOn: [Empty] });
    @injectable('Singleton')
    @inLayer(Base)
    class Foundation {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Top)
    class Roof {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Foundation).toSelf();
    container.bind(Roof).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Roof'), ['Foundation']);
    assert.deepEqual(graph.levels(), [['Foundation'], ['Roof']]);
  });

  it('@dependsOn an empty layer waits for what that layer depends on', () => {
    const Base = layer('base');
    const Empty = layer('empty', { dependsOn: [Base] });
    @injectable('Singleton')
    @inLayer(Base)
    class Foundation {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Empty)
    class Tenant {}
    const container = new Container();
    container.bind(Foundation).toSelf();
    container.bind(Tenant).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Tenant'), ['Foundation']);
  });

  it('layer dependencies are transitive through layers with members', () => {
    const A = layer('a');
    const B = layer('b', { dependsOn: [A] });
    const C = layer('c', { dependsOn: [B] });
    @injectable('Singleton')
    @inLayer(A)
    class InA {}
    @injectable('Singleton')
    @inLayer(B)
    class InB {}
    @injectable('Singleton')
    @inLayer(C)
    class InC {}
    const container = new Container();
    bindSelf(container, InA, InB, InC);
    assert.deepEqual(graphOf(container).levels(), [['InA'], ['InB'], ['InC']]);
  });
});

describe('implicit edges from injection', () => {
  it('a lifecycle service injected through the constructor is an injected edge', () => {
    @injectable('Singleton')
    class Database {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Repository {
      public constructor(@inject(Database) public readonly database: Database) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Database).toSelf();
    container.bind(Repository).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Repository'), ['Database']);
    assert.deepEqual(edgesBetween(graph, 'Repository', 'Database'), [{ kind: 'injected' }]);
  });

  it('a lifecycle service injected into a property is an injected edge', () => {
    @injectable('Singleton')
    class Database {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Repository {
      @inject(Database) public database!: Database;
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Database).toSelf();
    container.bind(Repository).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Repository'), ['Database']);
    assert.deepEqual(edgesBetween(graph, 'Repository', 'Database'), [{ kind: 'injected' }]);
  });

  it('a lifecycle service reached through a plain service is an injected edge with via', () => {
    // The seed's bug: the consensus layer reached the web layer through a plain "API addresses" provider.
    const graph = graphOf(seedRaceContainer({ web: layer('web'), consensus: layer('consensus') }));
    assert.deepEqual(dependenciesOf(graph, 'RaftNode'), ['XWeb']);
    assert.deepEqual(edgesBetween(graph, 'RaftNode', 'XWeb'), [{ kind: 'injected', via: ['ApiAddresses'] }]);
    assert.deepEqual(graph.levels(), [['XWeb'], ['RaftNode']]);
  });

  it('via lists every plain service in between, in injection order', () => {
    @injectable('Singleton')
    class Socket {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Transport {
      @inject(Socket) public socket!: Socket;
    }
    @injectable('Singleton')
    class Client {
      public constructor(@inject(Transport) public readonly transport: Transport) {}
    }
    @injectable('Singleton')
    class Sync {
      public constructor(@inject(Client) public readonly client: Client) {}
      public onReady(): void {}
    }
    const container = new Container();
    bindSelf(container, Socket, Transport, Client, Sync);
    const graph = graphOf(container);
    assert.deepEqual(edgesBetween(graph, 'Sync', 'Socket'), [{ kind: 'injected', via: ['Client', 'Transport'] }]);
  });

  it('injection reaches a lifecycle service only up to the first lifecycle service on the way', () => {
    @injectable('Singleton')
    class Disk {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Journal {
      public constructor(@inject(Disk) public readonly disk: Disk) {}
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Ledger {
      public constructor(@inject(Journal) public readonly journal: Journal) {}
      public onReady(): void {}
    }
    const container = new Container();
    bindSelf(container, Disk, Journal, Ledger);
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Ledger'), ['Journal']);
    assert.deepEqual(graph.levels(), [['Disk'], ['Journal'], ['Ledger']]);
  });

  it('injections a subclass takes from its base (injectFromBase) are injected edges, as inversify makes them', { skip: lacks.explicitBaseInjection }, () => {
    @injectable('Singleton')
    class Database {
      public onReady(): void {}
    }
    @injectable()
    class Repository {
      @inject(Database) public database!: Database;
    }
    @injectable('Singleton')
    @injectFromBase({ extendProperties: true, extendConstructorArguments: true })
    class Users extends Repository {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Orders extends Repository {
      public onReady(): void {}
    }
    const container = new Container();
    bindSelf(container, Database, Users, Orders);
    const graph = graphOf(container);
    assert.deepEqual(dependenciesOf(graph, 'Users'), ['Database']);
    // Without injectFromBase inversify does not inject the base's property, so there is nothing to wait for.
    assert.deepEqual(dependenciesOf(graph, 'Orders'), []);
  });

  it('a symbol-bound lifecycle service injected by its symbol is an injected edge', () => {
    const Bus = Symbol('Bus');
    @injectable('Singleton')
    class NatsBus {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Publisher {
      public constructor(@inject(Bus) public readonly bus: unknown) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Bus).to(NatsBus);
    container.bind(Publisher).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Publisher'), ['Bus']);
  });

  it('a multi-injection waits for every lifecycle service bound to the identifier', () => {
    @injectable('Singleton')
    class AuthPlugin {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class CachePlugin {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Host {
      public constructor(@multiInject('plugin') public readonly plugins: unknown[]) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('plugin').to(AuthPlugin);
    container.bind('plugin').to(CachePlugin);
    container.bind(Host).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Host'), ['plugin', 'plugin#2']);
  });

  it('an injection through a LazyServiceIdentifier is an injected edge', () => {
    @injectable('Singleton')
    class Consumer {
      public constructor(@inject(new LazyServiceIdentifier(() => Producer)) public readonly producer: unknown) {}
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Producer {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Consumer).toSelf();
    container.bind(Producer).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Consumer'), ['Producer']);
  });

  it('a lifecycle service reached through a toResolvedValue binding is an injected edge with via', { skip: lacks.resolvedValue }, () => {
    @injectable('Singleton')
    class Listener {
      public readonly port = 8080;
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Announcer {
      public constructor(@inject('address') public readonly address: string) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Listener).toSelf();
    container
      .bind('address')
      .toResolvedValue((listener: Listener) => `:${listener.port}`, [Listener])
      .inSingletonScope();
    container.bind(Announcer).toSelf();
    assert.deepEqual(edgesBetween(graphOf(container), 'Announcer', 'Listener'), [{ kind: 'injected', via: ['address'] }]);
  });

  it('services bound in a parent container take part in the graph of a child', () => {
    @injectable('Singleton')
    class Database {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Database)
    class Api {}
    const parent = new Container();
    parent.bind(Database).toSelf();
    const child = new Container({ parent });
    child.bind(Api).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(child), 'Api'), ['Database']);
  });

  it('an optional injection of an unbound identifier makes no edge and no error', () => {
    @injectable('Singleton')
    class Tracer {
      public constructor(@inject('exporter') @optional() public readonly exporter: unknown) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Tracer).toSelf();
    assert.deepEqual(dependenciesOf(graphOf(container), 'Tracer'), []);
  });

  it('implicitDependencies: false removes injected edges, direct and through plain services', () => {
    @injectable('Singleton')
    class XWeb {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class ApiAddresses {
      public constructor(@inject(XWeb) public readonly web: XWeb) {}
    }
    @injectable('Singleton')
    class RaftNode {
      @inject(XWeb) public web!: XWeb;
      public constructor(@inject(ApiAddresses) public readonly addresses: ApiAddresses) {}
      public onReady(): void {}
    }
    const container = new Container();
    bindSelf(container, XWeb, ApiAddresses, RaftNode);
    assert.deepEqual(dependenciesOf(graphOf(container), 'RaftNode'), ['XWeb']);
    const graph = graphOf(container, { implicitDependencies: false });
    assert.deepEqual(dependenciesOf(graph, 'RaftNode'), []);
    assert.deepEqual(graph.toJSON().edges, []);
    assert.deepEqual(graph.levels(), [['XWeb', 'RaftNode']]);
  });

  it('implicitDependencies: false keeps declared and layer edges', () => {
    const Web = layer('web');
    const Consensus = layer('consensus', { dependsOn: [Web] });
    @injectable('Singleton')
    @inLayer(Web)
    class XWeb {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class Config {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(Consensus)
    @dependsOn(Config)
    class RaftNode {
      public constructor(@inject(Config) public readonly config: Config) {}
    }
    const container = new Container();
    bindSelf(container, XWeb, Config, RaftNode);
    const graph = graphOf(container, { implicitDependencies: false });
    assert.deepEqual(dependenciesOf(graph, 'RaftNode'), ['Config', 'XWeb']);
    assert.deepEqual(edgesBetween(graph, 'RaftNode', 'Config'), [{ kind: 'declared' }]);
  });

  it('a dependency both declared and injected is one edge', () => {
    @injectable('Singleton')
    class Config {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Config)
    class Api {
      public constructor(@inject(Config) public readonly config: Config) {}
    }
    const container = new Container();
    container.bind(Config).toSelf();
    container.bind(Api).toSelf();
    const graph = graphOf(container);
    assert.deepEqual(graph.nodes.find((node) => node.name === 'Api')?.dependsOn, ['Config']);
    assert.equal(edgesBetween(graph, 'Api', 'Config').length, 1);
  });
});
