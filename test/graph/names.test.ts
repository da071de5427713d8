// A node's name is the display form of its service identifier, unique within the graph.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, injectable, type Newable } from 'inversify';
import { dependsOn, inLayer, layer, Lifecycle, type ReadinessGraph } from 'readygraph';

function graphOf(container: Container): ReadinessGraph {
  return new Lifecycle(container).graph();
}

function nodeNames(graph: ReadinessGraph): string[] {
  return graph.nodes.map((node) => node.name).sort();
}

/** A fresh lifecycle class named `Store`, as two modules of an application may each declare. */
function makeStore(): Newable<object> {
  @injectable('Singleton')
  class Store {
    public onReady(): void {}
  }
  return Store;
}

describe('node names', () => {
  it('a class identifier is named after the class', () => {
    @injectable('Singleton')
    class PaymentGateway {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(PaymentGateway).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['PaymentGateway']);
  });

  it('a symbol identifier is named by its description', () => {
    @injectable('Singleton')
    class RaftImpl {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Symbol('RaftNode')).to(RaftImpl);
    assert.deepEqual(nodeNames(graphOf(container)), ['RaftNode']);
  });

  it('a string identifier is named by the string itself', () => {
    @injectable('Singleton')
    class MetricsImpl {
      public onStop(): void {}
    }
    const container = new Container();
    container.bind('metrics-exporter').to(MetricsImpl);
    assert.deepEqual(nodeNames(graphOf(container)), ['metrics-exporter']);
  });

  it('the name is the identifier, not the implementation class', () => {
    @injectable('Singleton')
    class PostgresStore {
      public onReady(): void {}
    }
    const Store = Symbol('Store');
    const container = new Container();
    container.bind(Store).to(PostgresStore);
    assert.deepEqual(nodeNames(graphOf(container)), ['Store']);
  });

  it('two classes with the same name get a #2 suffix', () => {
    const container = new Container();
    container.bind(makeStore()).toSelf();
    container.bind(makeStore()).toSelf();
    assert.deepEqual(nodeNames(graphOf(container)), ['Store', 'Store#2']);
  });

  it('a symbol and a string with the same display form are disambiguated', () => {
    @injectable('Singleton')
    class A {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class B {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Symbol('queue')).to(A);
    container.bind('queue').to(B);
    assert.deepEqual(nodeNames(graphOf(container)), ['queue', 'queue#2']);
  });

  it('several bindings of one identifier are several nodes with unique names', () => {
    @injectable('Singleton')
    class HttpPeer {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class GrpcPeer {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class UdpPeer {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('peer').to(HttpPeer);
    container.bind('peer').to(GrpcPeer);
    container.bind('peer').to(UdpPeer);
    assert.deepEqual(nodeNames(graphOf(container)), ['peer', 'peer#2', 'peer#3']);
  });

  it('dependsOn lists the disambiguated names', () => {
    @injectable('Singleton')
    class HttpPeer {
      public onReady(): void {}
    }
    @injectable('Singleton')
    class GrpcPeer {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn('peer')
    class Gossip {}
    const container = new Container();
    container.bind('peer').to(HttpPeer);
    container.bind('peer').to(GrpcPeer);
    container.bind(Gossip).toSelf();
    const gossip = graphOf(container).nodes.find((node) => node.name === 'Gossip');
    assert.deepEqual([...(gossip?.dependsOn ?? [])].sort(), ['peer', 'peer#2']);
  });

  it('two layers with the same name are distinct layers with unique names', () => {
    const first = layer('io');
    const second = layer('io');
    @injectable('Singleton')
    @inLayer(first)
    class Reader {}
    @injectable('Singleton')
    @inLayer(second)
    class Writer {}
    const container = new Container();
    container.bind(Reader).toSelf();
    container.bind(Writer).toSelf();
    const layers = graphOf(container).nodes.map((node) => node.layer ?? '').sort((a, b) => a.localeCompare(b));
    assert.deepEqual(layers, ['io', 'io#2']);
  });

  it('names are unique within every graph', () => {
    const container = new Container();
    for (let index = 0; index < 5; index += 1) container.bind(makeStore()).toSelf();
    container.bind('Store').to(makeStore());
    const names = graphOf(container).nodes.map((node) => node.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names.length, 6);
  });
});
