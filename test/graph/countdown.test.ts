// The two walks the graph module writes once: Kahn's countdown (validation forwards, the take-down backwards) and
// the look through layers (a service's direct dependencies or dependents).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Adjacency } from '#internal/graph/Adjacency.js';
import { Countdown } from '#internal/graph/Countdown.js';
import { servicesThroughLayers } from '#internal/graph/servicesThroughLayers.js';

/** `dependencies` and `dependents` of `vertexCount` vertices where edge `[a, b]` says a waits for b. */
function adjacencies(vertexCount: number, edges: ReadonlyArray<readonly [number, number]>): { dependencies: Adjacency; dependents: Adjacency } {
  const from = edges.map(([a]) => a);
  const to = edges.map(([, b]) => b);
  return { dependencies: Adjacency.of(vertexCount, from, to), dependents: Adjacency.of(vertexCount, to, from) };
}

/** Runs the countdown to its end, releasing every due vertex at once; returns the vertices in the order they were due. */
function runDown(countdown: Countdown): number[] {
  const order = countdown.free();
  for (let next = 0; next < order.length; next += 1) countdown.release(order[next] as number, (vertex) => order.push(vertex));
  return order;
}

describe('Countdown (Kahn)', () => {
  // Edges only from a higher to a lower index: a graph without cycles, any shape.
  const acyclic = fc.integer({ min: 2, max: 30 }).chain((vertexCount) =>
    fc.tuple(
      fc.constant(vertexCount),
      fc.uniqueArray(
        fc.tuple(fc.nat(vertexCount - 2), fc.nat(vertexCount - 2)).map(([x, y]): [number, number] => [Math.max(x, y) + 1, Math.min(x, y)]),
        { selector: ([a, b]) => `${a}-${b}`, maxLength: 120 },
      ),
    ),
  );

  it('forwards, every vertex is due once and after everything it waits for', () => {
    fc.assert(
      fc.property(acyclic, ([vertexCount, edges]) => {
        const { dependencies, dependents } = adjacencies(vertexCount, edges);
        const order = runDown(new Countdown(dependencies, dependents));
        assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: vertexCount }, (_, vertex) => vertex));
        const position = new Map(order.map((vertex, index) => [vertex, index]));
        for (const [a, b] of edges) assert.ok((position.get(b) ?? -1) < (position.get(a) ?? -1), `${b} before ${a}`);
      }),
    );
  });

  it('backwards (the stop order), every vertex is due once and after everything that waits for it', () => {
    fc.assert(
      fc.property(acyclic, ([vertexCount, edges]) => {
        const { dependencies, dependents } = adjacencies(vertexCount, edges);
        const order = runDown(new Countdown(dependents, dependencies));
        assert.equal(new Set(order).size, vertexCount);
        const position = new Map(order.map((vertex, index) => [vertex, index]));
        for (const [a, b] of edges) assert.ok((position.get(a) ?? -1) < (position.get(b) ?? -1), `${a} before ${b}`);
      }),
    );
  });

  it('never makes due a vertex on a cycle, nor one behind it', () => {
    // 0 <-> 1 wait for each other, 2 waits for 1, 3 waits for nothing.
    const { dependencies, dependents } = adjacencies(4, [
      [0, 1],
      [1, 0],
      [2, 1],
    ]);
    assert.deepEqual(runDown(new Countdown(dependencies, dependents)), [3]);
  });
});

describe('servicesThroughLayers', () => {
  // Services 0–3, layers 4–6. 0 waits for layer 4 and for 1 directly; layer 4 (empty) waits for layer 5, whose
  // members are 1 and 2; layer 6 holds 3 and waits for nothing; 3 waits for 0.
  const services = 4;
  const { dependencies, dependents } = adjacencies(7, [
    [0, 4],
    [0, 1],
    [4, 5],
    [5, 1],
    [5, 2],
    [6, 3],
    [3, 0],
  ]);

  it('finds the services behind layers, an empty layer passing its dependencies on, each once and in index order', () => {
    assert.deepEqual(servicesThroughLayers(dependencies, 0, services), [1, 2]);
    assert.deepEqual(servicesThroughLayers(dependencies, 3, services), [0]);
    assert.deepEqual(servicesThroughLayers(dependencies, 1, services), []);
  });

  it('looks the other way along the dependents: who waits for a service, directly or through layers', () => {
    assert.deepEqual(servicesThroughLayers(dependents, 1, services), [0]);
    assert.deepEqual(servicesThroughLayers(dependents, 2, services), [0]);
    assert.deepEqual(servicesThroughLayers(dependents, 0, services), [3]);
    assert.deepEqual(servicesThroughLayers(dependents, 3, services), []);
  });
});
