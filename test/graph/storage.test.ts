import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Adjacency } from '#internal/graph/Adjacency.js';
import { EdgeList } from '#internal/graph/EdgeList.js';
import { TextBuilder } from '#internal/graph/TextBuilder.js';

describe('Adjacency (compressed rows)', () => {
  it('lists, for every vertex, the targets of its edges in the order they were added', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }).chain((vertices) =>
          fc.tuple(fc.constant(vertices), fc.array(fc.tuple(fc.nat(vertices - 1), fc.nat(vertices - 1)), { maxLength: 200 })),
        ),
        ([vertexCount, edges]) => {
          const adjacency = Adjacency.of(
            vertexCount,
            edges.map(([from]) => from),
            edges.map(([, to]) => to),
          );
          for (let vertex = 0; vertex < vertexCount; vertex += 1) {
            const expected = edges.filter(([from]) => from === vertex).map(([, to]) => to);
            assert.deepEqual(adjacency.list(vertex), expected);
            assert.equal(adjacency.degree(vertex), expected.length);
          }
        },
      ),
    );
  });
});

describe('EdgeList', () => {
  it('keeps each edge as added, with its reason and the plain services it passes through', () => {
    const edges = new EdgeList();
    edges.add(2, 0, 'injected', []);
    edges.add(2, 1, 'injected', ['ApiAddresses']);
    edges.add(3, 2, 'declared', []);
    assert.equal(edges.size, 3);
    assert.deepEqual(edges.edge(1), { from: 2, to: 1, kind: 'injected', via: ['ApiAddresses'] });
    assert.deepEqual(edges.edge(2), { from: 3, to: 2, kind: 'declared', via: [] });
    assert.deepEqual(edges.via(0), []);
  });
});

describe('TextBuilder', () => {
  it('gives back every line, each ended by a newline, across chunk boundaries', () => {
    for (const count of [0, 1, 1023, 1024, 1025, 3000]) {
      const lines = Array.from({ length: count }, (_, index) => `line ${index}`);
      const builder = new TextBuilder();
      for (const line of lines) builder.line(line);
      assert.equal(builder.toString(), lines.map((line) => `${line}\n`).join(''), `${count} lines`);
    }
  });
});
