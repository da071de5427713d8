import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { type Dag, edgeCount } from './dag/Dag.js';
import { peakRssMB } from './peakRss.js';
import { defineClasses } from './peers/defineClasses.js';
import type { GraphResult } from './runner/Job.js';

/**
 * Scenario E with readygraph: the application's classes are defined first (not timed), then the container is bound,
 * `graph()` builds and validates the readiness graph without constructing anything, and both renderers run.
 */
export function measureReadygraphGraph(dag: Dag, collectGarbage: () => void): GraphResult {
  const classes = defineClasses(dag, {
    inject: true,
    body: () =>
      class {
        public constructor(..._dependencies: unknown[]) {}
        public onReady(): void {}
      },
  });
  collectGarbage();
  const t0 = performance.now();
  const container = new Container();
  for (const type of classes) container.bind(type).toSelf();
  const lifecycle = new Lifecycle(container);
  const t1 = performance.now();
  const graph = lifecycle.graph();
  const t2 = performance.now();
  const mermaid = graph.toMermaid();
  const t3 = performance.now();
  const dot = graph.toDot();
  const t4 = performance.now();
  const edges = graph.nodes.reduce((sum, node) => sum + node.dependsOn.length, 0);
  if (graph.nodes.length !== dag.size || edges !== edgeCount(dag) || mermaid.length === 0 || dot.length === 0) {
    throw new Error(`readygraph's graph has ${graph.nodes.length} nodes and ${edges} edges; expected ${dag.size} and ${edgeCount(dag)}`);
  }
  return { kind: 'graph', nodes: dag.size, edges, bindMs: t1 - t0, buildMs: t2 - t1, mermaidMs: t3 - t2, dotMs: t4 - t3, rssMB: peakRssMB() };
}
