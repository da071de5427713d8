// API.md, 'Partial start and deferred services' (graph side): @deferred and deferred layers, and the closure of
// `only` targets that start({ only }) starts.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Container, injectable, type Newable } from 'inversify';
import { deferred, dependsOn, errorCodes, inLayer, layer, Lifecycle, type Layer, type ReadinessGraph, type ReadyGraphError } from 'readygraph';
import { closureOf, closureOfVertices } from '#internal/graph/closureOf.js';
import { vertexGraphOf } from '#internal/graph/ReadinessGraph.js';
import type { VertexGraph } from '#internal/graph/VertexGraph.js';
import { bindAll, defineService } from '../support/services.js';

function usageError(pattern: RegExp): (error: unknown) => boolean {
  return (error: unknown) => {
    assert.equal((error as ReadyGraphError).code, errorCodes.usage, String(error));
    assert.match((error as Error).message, pattern);
    return true;
  };
}

function graphOf(container: Container): ReadinessGraph {
  return new Lifecycle(container).graph();
}

const noop = (): void => undefined;

describe('@deferred() and deferred layers', () => {
  it('@deferred() makes a class a lifecycle service whose node carries deferred: true (nodes and toJSON)', () => {
    @injectable('Singleton')
    @deferred()
    class Warmup {}
    const Config = defineService('Config', { onReady: noop });
    const container = new Container();
    bindAll(container, Warmup, Config);
    const graph = graphOf(container);
    assert.deepEqual(graph.nodes.find((node) => node.name === 'Warmup'), { name: 'Warmup', dependsOn: [], deferred: true });
    assert.equal(graph.nodes.find((node) => node.name === 'Config')?.deferred, undefined);
    assert.equal(graph.toJSON().nodes.find((node) => node.name === 'Warmup')?.deferred, true);
  });

  it('layer(name, { deferred: true }) makes every member deferred; the option is a boolean', () => {
    const Background = layer('background', { deferred: true });
    const Indexer = defineService('Indexer', { layer: Background, onReady: noop });
    const container = new Container();
    bindAll(container, Indexer);
    assert.equal(graphOf(container).nodes[0]?.deferred, true);
    assert.throws(() => layer('x', { deferred: 'yes' as never }), usageError(/layer\("x", \{ deferred \}\): deferred must be true or false; got "yes"/));
  });

  it('a deferred service may depend on anything', () => {
    const Config = defineService('Config', { onReady: noop });
    @injectable('Singleton')
    @deferred()
    @dependsOn(Config)
    class Warmup {}
    const container = new Container();
    bindAll(container, Config, Warmup);
    assert.deepEqual(graphOf(container).nodes.find((node) => node.name === 'Warmup')?.dependsOn, ['Config']);
  });

  it('a service that is not deferred depending on a deferred one by @dependsOn is ERR_READYGRAPH_USAGE naming the edge', () => {
    @injectable('Singleton')
    @deferred()
    class Warmup {}
    const Api = defineService('Api', { dependsOn: [Warmup], onReady: noop });
    const container = new Container();
    bindAll(container, Warmup, Api);
    assert.throws(() => graphOf(container), usageError(/"Api" is not deferred but depends on "Warmup" \(by @dependsOn\), which is deferred: "Api" would wait for it/));
  });

  it('… by injection', () => {
    @injectable('Singleton')
    @deferred()
    class Warmup {}
    @injectable('Singleton')
    class Api {
      public constructor(public readonly warmup: Warmup) {}
      public onReady(): void {}
    }
    const container = new Container();
    bindAll(container, Warmup, Api as Newable<object>);
    assert.throws(() => graphOf(container), usageError(/"Api" is not deferred but depends on "Warmup" \(by injection\)/));
  });

  it('… by a layer: its layer depends on a deferred layer, or it depends on a layer with a deferred member', () => {
    const Background = layer('background', { deferred: true });
    const Web = layer('web', { dependsOn: [Background] });
    const Indexer = defineService('Indexer', { layer: Background, onReady: noop });
    const Http = defineService('Http', { layer: Web, onReady: noop });
    const container = new Container();
    bindAll(container, Indexer, Http);
    assert.throws(() => graphOf(container), usageError(/"Http" is not deferred but depends on "Indexer" through layer "background" \(by its layer\)/));

    const Storage = layer('storage');
    const Disk = defineService('Disk', { layer: Storage, onReady: noop });
    @injectable('Singleton')
    @inLayer(Storage)
    @deferred()
    class Compactor {}
    const Api = defineService('Api', { dependsOn: [Storage], onReady: noop });
    const other = new Container();
    bindAll(other, Disk, Compactor, Api);
    assert.throws(() => graphOf(other), usageError(/"Api" is not deferred but depends on "Compactor" through layer "storage" \(by @dependsOn\)/));
  });
});

/** The names of the closure of `only` in `graph`, in its order. */
function closureNames(graph: ReadinessGraph, only: Parameters<typeof closureOf>[1]): string[] {
  const data = vertexGraphOf(graph);
  return closureOf(data, only).map((index) => data.services[index]?.name ?? '');
}

describe('the closure of only targets', () => {
  const Storage = layer('storage');
  const Web = layer('web', { dependsOn: [Storage] });
  const Config = defineService('Config', { onReady: noop });
  const Disk = defineService('Disk', { layer: Storage, dependsOn: [Config], onReady: noop });
  const Raft = defineService('Raft', { layer: Storage, onReady: noop });
  const Http = defineService('Http', { layer: Web, onReady: noop });
  const Metrics = defineService('Metrics', { layer: Web, onReady: noop });
  const Migrate = defineService('Migrate', { dependsOn: [Disk], onReady: noop });
  const container = new Container();
  bindAll(container, Config, Disk, Raft, Http, Metrics, Migrate);
  const graph = graphOf(container);

  it('holds the targets and, transitively, what they depend on, not their layer-mates, in start order', () => {
    assert.deepEqual(closureNames(graph, [Migrate]), ['Config', 'Disk', 'Migrate']);
    assert.deepEqual(closureNames(graph, [Disk]), ['Config', 'Disk'], 'Raft, its layer-mate, is left out');
  });

  it('includes the members of the layers they depend on; a layer target stands for its members', () => {
    assert.deepEqual(closureNames(graph, [Http]).sort(), ['Config', 'Disk', 'Http', 'Raft']);
    assert.deepEqual(closureNames(graph, [Storage]).sort(), ['Config', 'Disk', 'Raft']);
    assert.deepEqual(closureNames(graph, [Web]).sort(), ['Config', 'Disk', 'Http', 'Metrics', 'Raft']);
  });

  it('bad input is ERR_READYGRAPH_USAGE naming it: an unbound identifier, a plain service, a layer nobody is in, an empty array', () => {
    const data = vertexGraphOf(graph);
    assert.throws(() => closureOf(data, [Symbol('Nowhere')]), usageError(/entry 1, "Nowhere", is not a lifecycle service of this graph/));
    assert.throws(() => closureOf(data, [Migrate, 'plain']), usageError(/entry 2, "plain", is not a lifecycle service/));
    assert.throws(() => closureOf(data, [layer('empty')]), usageError(/entry 1 is layer "empty", which nobody is in/));
    // A layer the graph knows (another depends on it) but nobody is in.
    const Edge = layer('edge');
    const Front = layer('front', { dependsOn: [Edge] });
    const other = new Container();
    bindAll(other, defineService('Proxy', { layer: Front, onReady: noop }));
    assert.throws(() => closureOf(vertexGraphOf(graphOf(other)), [Edge]), usageError(/layer "edge", which nobody is in/));
    assert.throws(() => closureOf(data, []), usageError(/only must be a non-empty array/));
  });

  it('costs in proportion to the closure, not the graph: a 10-service closure of a 5,000-service graph reads a few dozen adjacency entries', () => {
    const many = new Container();
    const chain: Array<new () => object> = [];
    for (let index = 0; index < 10; index += 1) chain.push(defineService(`Chain${index}`, { dependsOn: chain.slice(-1), onReady: noop }));
    bindAll(many, ...chain);
    for (let index = 0; index < 5_000; index += 1) bindAll(many, defineService(`Other${index}`, { dependsOn: chain.slice(0, 1), onReady: noop }));
    const big = vertexGraphOf(graphOf(many));
    let reads = 0;
    const counting = <T extends object>(array: T): T =>
      new Proxy(array, {
        get(target, key) {
          if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
          return Reflect.get(target, key) as unknown;
        },
      });
    const adjacency = { offsets: counting(big.dependencies.offsets), targets: counting(big.dependencies.targets) };
    const view = { dependencies: adjacency, services: big.services } as unknown as VertexGraph;
    const closure = closureOfVertices(view, big.servicesOf(chain[9] as Newable));
    assert.equal(closure.length, 10);
    assert.ok(reads <= 50, `${reads} adjacency reads for a closure of 10 services and 9 edges`);
  });

  it('property: the closure is exactly what the targets reach, every service after all it depends on (random graphs)', () => {
    const graphArbitrary = fc.integer({ min: 1, max: 12 }).chain((count) =>
      fc.record({
        edges: fc.tuple(...Array.from({ length: count }, (_, index) => (index === 0 ? fc.constant<number[]>([]) : fc.uniqueArray(fc.nat(index - 1), { maxLength: 3 })))),
        layerOf: fc.array(fc.option(fc.nat(2), { nil: undefined }), { minLength: count, maxLength: count }),
        targets: fc.uniqueArray(fc.nat(count - 1), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(graphArbitrary, ({ edges, layerOf, targets }) => {
        // Layers in a line (L2 -> L1 -> L0): a member of layer k waits for every member of the layers below it, so an
        // edge from a lower layer's member to a higher layer's would be a cycle: layers only on services without them.
        const layers: Layer[] = [];
        for (let index = 0; index < 3; index += 1) layers.push(layer(`L${index}`, { dependsOn: layers.slice(-1) }));
        const types: Array<new () => object> = [];
        const inLayers = layerOf.map((chosen, index) => ((edges[index] ?? []).length === 0 && edges.every((list) => !list.includes(index)) ? chosen : undefined));
        edges.forEach((list, index) => {
          const layerIndex = inLayers[index];
          types.push(
            defineService(`S${index}`, {
              dependsOn: list.map((on) => types[on] as new () => object),
              ...(layerIndex === undefined ? {} : { layer: layers[layerIndex] as Layer }),
              onReady: noop,
            }),
          );
        });
        const random = new Container();
        bindAll(random, ...types);
        const data = vertexGraphOf(graphOf(random));
        const closure = closureOf(data, targets.map((target) => types[target] as Newable));
        // What the targets reach, by a fixed point over the public nodes (dependsOn: layers expanded).
        const byName = new Map(data.nodes.map((node) => [node.name, node]));
        const expected = new Set(targets.map((target) => `S${target}`));
        for (let grew = true; grew; ) {
          grew = false;
          for (const name of expected) {
            for (const dependency of byName.get(name)?.dependsOn ?? []) {
              if (!expected.has(dependency)) {
                expected.add(dependency);
                grew = true;
              }
            }
          }
        }
        const names = closure.map((index) => data.services[index]?.name ?? '');
        assert.deepEqual([...names].sort(), [...expected].sort());
        assert.equal(new Set(names).size, names.length, 'each service once');
        for (const [position, name] of names.entries()) {
          for (const dependency of byName.get(name)?.dependsOn ?? []) assert.ok(names.indexOf(dependency) < position, `${dependency} before ${name} in ${names.join(', ')}`);
        }
      }),
      { numRuns: 200 },
    );
  });
});
