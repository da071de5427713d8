// levels(), toJSON(), toMermaid() and toDot() of a readiness graph.
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Container, inject, injectable } from 'inversify';
import { dependsOn, inLayer, isReadyGraphError, layer, Lifecycle, type ReadinessGraph } from 'readygraph';
import { CycleDrawing } from '#internal/graph/CycleDrawing.js';
import { vertexGraphOf } from '#internal/graph/ReadinessGraph.js';
import { seedRaceContainer } from '../support/seedRace.js';

/** The arrows of a Mermaid flowchart as `from arrow to` with the nodes' and layers' labels instead of their ids. */
function mermaidArrows(text: string): string[] {
  const labels = new Map<string, string>();
  for (const [, id, label] of text.matchAll(/^\s*(?:subgraph )?(\w+)\["([^"]*)"\]$/gm)) labels.set(id ?? '', label ?? '');
  return [...text.matchAll(/^\s*(\w+) (-->|-\.->|==>)(?:\|"([^"]*)"\|)? (\w+)$/gm)]
    .map(([, from, arrow, via, to]) => `${labels.get(from ?? '') ?? from} ${arrow} ${labels.get(to ?? '') ?? to}${via === undefined ? '' : ` (${via})`}`)
    .sort();
}

/** The edges of a DOT digraph as `from -> to [attributes]` with the nodes' labels instead of their ids. */
function dotEdges(text: string): string[] {
  const labels = new Map<string, string>();
  for (const [, id, label] of text.matchAll(/^\s*(\w+) \[label="([^"]*)"/gm)) labels.set(id ?? '', label ?? '');
  return [...text.matchAll(/^\s*(\w+) -> (\w+)(?: \[(.*)\])?;$/gm)]
    .map(([, from, to, attributes]) => `${labels.get(from ?? '') ?? from} -> ${labels.get(to ?? '') ?? to}${attributes === undefined ? '' : ` [${attributes}]`}`)
    .sort();
}

/** Sorts each level, since the order within a level is not part of the contract. */
function sortedLevels(graph: ReadinessGraph): string[][] {
  return graph.levels().map((level) => [...level].sort());
}

/**
 * The seed's application: a web layer, a consensus layer that depends on it, a config service the raft node declares,
 * and a plain ApiAddresses provider through which consensus reaches the web layer.
 */
function seedGraph(): ReadinessGraph {
  const web = layer('web');
  return new Lifecycle(seedRaceContainer({ web, consensus: layer('consensus', { dependsOn: [web] }) }, { clusterConfig: true })).graph();
}

describe('levels()', () => {
  it('level 0 has no dependencies and each service sits one level above its deepest dependency', () => {
    @injectable('Singleton')
    class A {}
    @injectable('Singleton')
    @dependsOn(A)
    class B {}
    @injectable('Singleton')
    @dependsOn(B, A)
    class C {}
    @injectable('Singleton')
    @dependsOn(A)
    class D {}
    @injectable('Singleton')
    class E {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(A).toSelf().inSingletonScope();
    container.bind(B).toSelf();
    container.bind(C).toSelf();
    container.bind(D).toSelf();
    container.bind(E).toSelf();
    // A has no hook or declaration of its own, so it is not a node: B and D wait for nothing in the graph.
    assert.deepEqual(sortedLevels(new Lifecycle(container).graph()), [['B', 'D', 'E'], ['C']]);
  });

  it('layers add no level of their own', () => {
    assert.deepEqual(sortedLevels(seedGraph()), [['ClusterConfig', 'XWeb'], ['RaftNode']]);
  });

  it('every service appears in exactly one level', () => {
    const graph = seedGraph();
    const all = graph.levels().flat().sort();
    assert.deepEqual(all, graph.nodes.map((node) => node.name).sort());
  });

  it('a service only waits for services of lower levels', () => {
    const graph = seedGraph();
    const levelOf = new Map(graph.levels().flatMap((level, index) => level.map((name) => [name, index] as const)));
    for (const node of graph.nodes) {
      for (const dependency of node.dependsOn) {
        assert.ok((levelOf.get(dependency) ?? Infinity) < (levelOf.get(node.name) ?? -1), `${node.name} waits for ${dependency}`);
      }
    }
  });

  it('a returned level list can be changed without changing the graph', () => {
    const graph = seedGraph();
    graph.levels()[0]?.push('intruder');
    assert.ok(!graph.levels().flat().includes('intruder'));
  });
});

describe('nodes and toJSON()', () => {
  it('nodes carry name, layer (if any) and what they wait for', () => {
    const nodes = [...seedGraph().nodes].sort((a, b) => a.name.localeCompare(b.name));
    assert.deepEqual(
      nodes.map((node) => ({ ...node, dependsOn: [...node.dependsOn].sort() })),
      [
        { name: 'ClusterConfig', dependsOn: [] },
        { name: 'RaftNode', layer: 'consensus', dependsOn: ['ClusterConfig', 'XWeb'] },
        { name: 'XWeb', layer: 'web', dependsOn: [] },
      ],
    );
  });

  it('toJSON() survives JSON.stringify with the nodes and levels of the graph', () => {
    const graph = seedGraph();
    const json = JSON.parse(JSON.stringify(graph)) as { nodes: unknown; levels: unknown };
    assert.deepEqual(json.nodes, JSON.parse(JSON.stringify(graph.nodes)));
    assert.deepEqual(json.levels, graph.levels());
  });

  it('toJSON() lists the edges with their kind and the plain services in between', () => {
    const edges = seedGraph().toJSON().edges;
    const summary = edges.map((edge) => `${edge.from}->${edge.to}:${edge.kind}${edge.via === undefined ? '' : `(${edge.via.join(',')})`}`);
    assert.ok(summary.includes('RaftNode->ClusterConfig:declared'), summary.join('\n'));
    assert.ok(summary.includes('RaftNode->XWeb:injected(ApiAddresses)'), summary.join('\n'));
    assert.ok(edges.some((edge) => edge.kind === 'layer' && edge.to === 'web'), summary.join('\n'));
  });
});

describe('toMermaid()', () => {
  it('is a flowchart with one subgraph per layer holding its members', () => {
    const text = seedGraph().toMermaid();
    const lines = text.split('\n');
    assert.match(lines[0] ?? '', /^flowchart\b/);
    const subgraphs = lines.filter((line) => /^\s*subgraph\b/.test(line));
    assert.equal(subgraphs.length, 2, text);
    assert.ok(subgraphs.some((line) => line.includes('web')), text);
    assert.ok(subgraphs.some((line) => line.includes('consensus')), text);
    assert.equal(lines.filter((line) => /^\s*end\s*$/.test(line)).length, 2, text);
    // XWeb is drawn between the web subgraph's opening and its end.
    const open = lines.findIndex((line) => /^\s*subgraph\b/.test(line) && line.includes('web'));
    const close = lines.findIndex((line, index) => index > open && /^\s*end\s*$/.test(line));
    assert.ok(lines.slice(open + 1, close).some((line) => line.includes('XWeb')), text);
  });

  it('shows every service and an arrow for each of its dependencies', () => {
    const text = seedGraph().toMermaid();
    for (const name of ['ClusterConfig', 'XWeb', 'RaftNode']) assert.ok(text.includes(name), `${name} in\n${text}`);
    // Declared: a solid arrow; injected: dotted, labelled with the plain service in between; layer on layer: thick.
    assert.deepEqual(
      mermaidArrows(text),
      ['RaftNode --> ClusterConfig', 'RaftNode -.-> XWeb (via ApiAddresses)', 'layer consensus ==> layer web'],
      text,
    );
  });

  it('a graph without layers has no subgraph', () => {
    @injectable('Singleton')
    class Solo {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Solo).toSelf();
    const text = new Lifecycle(container).graph().toMermaid();
    assert.match(text, /^flowchart\b/);
    assert.doesNotMatch(text, /subgraph/);
    assert.ok(text.includes('Solo'));
  });

  it('a name with a double quote does not break the node label', () => {
    @injectable('Singleton')
    class Quoted {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('say "hi"').to(Quoted);
    const text = new Lifecycle(container).graph().toMermaid();
    assert.match(text, /^\s*\w+\["say #quot;hi#quot;"\]$/m, 'the label is there, its quotes as #quot;');
  });
});

describe('toDot()', () => {
  it('is a digraph with a cluster per layer and an edge per dependency', () => {
    const text = seedGraph().toDot();
    assert.match(text, /^digraph\b/);
    assert.equal(text.match(/subgraph\s+cluster/g)?.length, 2, text);
    for (const name of ['ClusterConfig', 'XWeb', 'RaftNode', 'web', 'consensus']) assert.ok(text.includes(name), `${name} in\n${text}`);
    assert.deepEqual(
      dotEdges(text),
      ['RaftNode -> ClusterConfig', 'RaftNode -> XWeb [style=dashed, label="via ApiAddresses"]', 'consensus -> web [style=bold]'],
      text,
    );
    assert.equal(text.split('{').length, text.split('}').length, 'braces balance');
    assert.ok(text.trimEnd().endsWith('}'));
  });

  it('escapes a double quote in a name', () => {
    @injectable('Singleton')
    class Quoted {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind('say "hi"').to(Quoted);
    const text = new Lifecycle(container).graph().toDot();
    assert.ok(text.includes('say \\"hi\\"'), text);
  });
});

describe('reduce: drawing without the edges another path implies', () => {
  function chain(): ReadinessGraph {
    @injectable('Singleton')
    class Config {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Config)
    class Storage {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @dependsOn(Storage)
    class Api {
      public constructor(@inject(Config) public readonly config: Config) {}
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(Config).toSelf();
    container.bind(Storage).toSelf();
    container.bind(Api).toSelf();
    return new Lifecycle(container).graph();
  }

  it('toMermaid({ reduce: true }) leaves out Api -> Config, which Api -> Storage -> Config implies', () => {
    const graph = chain();
    const full = graph.toMermaid();
    const reduced = graph.toMermaid({ reduce: true });
    assert.match(full, /S2 -\.-> S0/, 'the injected edge is drawn by default');
    assert.doesNotMatch(reduced, /S2 -\.-> S0/);
    assert.match(reduced, /S2 --> S1/);
    assert.match(reduced, /S1 --> S0/);
  });

  it('toDot({ reduce: true }) leaves out the same edge, and reduce never changes the graph itself', () => {
    const graph = chain();
    assert.match(graph.toDot(), /S2 -> S0 \[style=dashed\]/);
    assert.doesNotMatch(graph.toDot({ reduce: true }), /S2 -> S0/);
    assert.deepEqual(graph.nodes.find((node) => node.name === 'Api')?.dependsOn, ['Config', 'Storage']);
  });
});

describe('the drawing of a cyclic graph', () => {
  /** X (layer a) declares Y; Y's layer b depends on layer a: Y waits for X through the layers, X for Y directly. */
  function cycleThroughLayers(): unknown {
    const a = layer('a');
    const b = layer('b', { dependsOn: [a] });
    @injectable('Singleton')
    @inLayer(b)
    class Y {
      public onReady(): void {}
    }
    @injectable('Singleton')
    @inLayer(a)
    @dependsOn(Y)
    class X {
      public onReady(): void {}
    }
    const container = new Container();
    container.bind(X).toSelf();
    container.bind(Y).toSelf();
    try {
      new Lifecycle(container).graph();
    } catch (error) {
      return error;
    }
    assert.fail('the graph has a cycle');
  }

  it('marks a step through layers where it is drawn: on the edge between the layers, and on the member', () => {
    const error = cycleThroughLayers();
    assert.ok(isReadyGraphError(error, 'ERR_READYGRAPH_CYCLE'));
    const drawing = CycleDrawing.of(error);
    assert.ok(drawing !== undefined, 'a cycle error carries its drawing');
    const mermaid = drawing.toMermaid();
    assert.deepEqual(mermaidArrows(mermaid), ['X --> Y (cycle)', 'layer b ==> layer a (cycle)']);
    const styled = [...mermaid.matchAll(/^\s+style (\w+) /gm)].map(([, id]) => id ?? '').sort((a, b) => a.localeCompare(b));
    // X (S0), Y (S1) and both layers (L2: a, L3: b) are on the cycle.
    assert.deepEqual(styled, ['L2', 'L3', 'S0', 'S1']);
    assert.match(mermaid, /^\s+linkStyle 0,1 /m);
    assert.deepEqual(dotEdges(drawing.toDot()), ['X -> Y [color=red, penwidth=3, label="cycle"]', 'b -> a [style=bold, color=red, penwidth=3, label="cycle"]']);
  });

  it('only a cycle error of this copy of readygraph carries a drawing', () => {
    assert.equal(CycleDrawing.of(new Error('not a graph error')), undefined);
    assert.equal(CycleDrawing.of(undefined), undefined);
  });
});

describe('the data under a public graph (vertexGraphOf, for the command line)', () => {
  it('is found under a registered symbol, so a graph made by another copy of readygraph still has it, and stays out of JSON', () => {
    const graph = seedGraph();
    const data = vertexGraphOf(graph);
    assert.deepEqual(
      data.services.map((service) => service.name),
      graph.nodes.map((node) => node.name),
    );
    assert.equal((graph as unknown as Record<symbol, unknown>)[Symbol.for('readygraph.VertexGraph')], data);
    assert.deepEqual(Object.keys(graph), []);
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(graph)) as object).sort(), ['edges', 'layers', 'levels', 'nodes']);
  });

  it('a graph readygraph did not make is a usage error that says what to pass', () => {
    assert.throws(() => vertexGraphOf({} as ReadinessGraph), (error: unknown) => {
      assert.ok(isReadyGraphError(error, 'ERR_READYGRAPH_USAGE'));
      assert.match(error.message, /pass one made by lifecycle\.graph\(\)/);
      return true;
    });
  });
});
