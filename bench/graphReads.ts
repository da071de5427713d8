import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { bindingReaderOf } from '#internal/graph/inversifyAdapter.js';
import { readDeclarations } from '#internal/decorators/readDeclarations.js';
import { edgeCount } from './dag/Dag.js';
import { workloadOf } from './dag/WorkloadSpec.js';
import { defineClasses } from './peers/defineClasses.js';
import { fullPlan } from './runner/plan.js';

/*
 * How far the graph build is from its floor, on scenario A's 10,000-service graph (constructor injection):
 *
 *     node build/bench/graphReads.js [runs]
 *
 * Each run is two fresh processes, interleaved. One times `lifecycle.graph()`. The other times the floor: only the reads
 * that no build can skip (the bound services, each one's bindings, its class's InversifyJS metadata, readygraph's
 * declarations and hook methods, the class's name), then the edges and Kahn's algorithm over typed arrays. The floor
 * checks that it found every edge and ordered every service, so that it cannot be fast by doing less than the graph.
 * The difference is what a perfect build could still save.
 */
type Case = 'graph' | 'floor';

function measure(which: Case): { totalMs: number; readsMs?: number } {
  const spec = fullPlan(1).lifecycle.find((scenario) => scenario.id === 'A 10k');
  if (spec === undefined) throw new Error('no scenario "A 10k" in the plan');
  const workload = workloadOf(spec.workload);
  const classes = defineClasses(workload.dag, {
    inject: true,
    body: () =>
      class {
        public constructor(..._dependencies: unknown[]) {}
        public onReady(): void {}
        public onStop(): void {}
      },
  });
  const container = new Container();
  for (const type of classes) container.bind(type).toSelf();
  const lifecycle = new Lifecycle(container);
  (globalThis as { gc?: () => void }).gc?.();
  const started = performance.now();
  if (which === 'graph') {
    lifecycle.graph();
    return { totalMs: performance.now() - started };
  }
  const reader = bindingReaderOf(container);
  const indexOf = new Map<unknown, number>();
  const injections: Array<ReadonlyArray<{ readonly value?: unknown }>> = [];
  const names: unknown[] = [];
  let hooks = 0;
  for (const serviceIdentifier of reader.boundServices()) {
    const [binding] = reader.bindings(serviceIdentifier);
    const type = binding?.implementationType;
    if (type === undefined) continue;
    indexOf.set(serviceIdentifier, injections.length);
    injections.push(reader.injectionsOf(type));
    const declared = readDeclarations(type);
    if (declared.hasOnReady || declared.hasOnStop) hooks += 1;
    names.push(Reflect.get(type, 'name'));
  }
  const readsMs = performance.now() - started;
  const count = injections.length;
  const from: number[] = [];
  const to: number[] = [];
  for (let service = 0; service < count; service += 1) {
    const injected = injections[service] ?? [];
    for (let position = 0; position < injected.length; position += 1) {
      const target = indexOf.get(injected[position]?.value);
      if (target === undefined) continue;
      from.push(service);
      to.push(target);
    }
  }
  // Kahn over the dependents, in compressed rows.
  const waiting = new Int32Array(count);
  const rowStart = new Int32Array(count + 1);
  for (let edge = 0; edge < from.length; edge += 1) {
    const service = from[edge] as number;
    const target = (to[edge] as number) + 1;
    waiting[service] = (waiting[service] as number) + 1;
    rowStart[target] = (rowStart[target] as number) + 1;
  }
  for (let service = 0; service < count; service += 1) rowStart[service + 1] = (rowStart[service + 1] as number) + (rowStart[service] as number);
  const fill = rowStart.slice(0, count);
  const dependents = new Int32Array(from.length);
  for (let edge = 0; edge < from.length; edge += 1) {
    const target = to[edge] as number;
    const row = fill[target] as number;
    dependents[row] = from[edge] as number;
    fill[target] = row + 1;
  }
  const order = new Int32Array(count);
  let placed = 0;
  for (let service = 0; service < count; service += 1) if (waiting[service] === 0) order[placed++] = service;
  for (let next = 0; next < placed; next += 1) {
    const service = order[next] as number;
    for (let row = rowStart[service] as number; row < (rowStart[service + 1] as number); row += 1) {
      const dependent = dependents[row] as number;
      const left = (waiting[dependent] as number) - 1;
      waiting[dependent] = left;
      if (left === 0) order[placed++] = dependent;
    }
  }
  const totalMs = performance.now() - started;
  if (placed !== workload.dag.size || from.length !== edgeCount(workload.dag) || hooks !== count || names.length !== count) {
    throw new Error(`the floor ordered ${placed} of ${workload.dag.size} services over ${from.length} of ${edgeCount(workload.dag)} edges`);
  }
  return { totalMs, readsMs };
}

const which = process.argv[2];
if (which === 'graph' || which === 'floor') {
  process.stdout.write(`${JSON.stringify(measure(which))}\n`);
} else {
  const runs = Number(which ?? 7);
  if (!Number.isInteger(runs) || runs < 1) {
    process.stderr.write('usage: node build/bench/graphReads.js [runs]\n');
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  const results: Record<Case, Array<{ totalMs: number; readsMs?: number }>> = { graph: [], floor: [] };
  for (let run = 0; run < runs; run += 1) {
    for (const each of ['graph', 'floor'] as const) {
      const child = spawnSync(process.execPath, ['--expose-gc', self, each], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`graphReads ${each} failed (${child.status}): ${child.stderr}`);
      results[each].push(JSON.parse(child.stdout) as { totalMs: number; readsMs?: number });
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const range = (values: number[]): string =>
    `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)})`;
  const graphMs = results.graph.map((result) => result.totalMs);
  const floorMs = results.floor.map((result) => result.totalMs);
  const readsMs = results.floor.map((result) => result.readsMs ?? 0);
  process.stdout.write(
    `A 10k, ${runs} fresh process(es) each:\n` +
      `  lifecycle.graph()          ${range(graphMs)}\n` +
      `  floor (reads, edges, Kahn) ${range(floorMs)}, of which the reads ${range(readsMs)}\n` +
      `  graph / floor              ${(median(graphMs) / median(floorMs)).toFixed(2)}×\n`,
  );
}
