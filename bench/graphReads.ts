import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { Lifecycle } from 'readygraph';
import { Adjacency } from '#internal/graph/Adjacency.js';
import { Countdown } from '#internal/graph/Countdown.js';
import { bindingReaderOf } from '#internal/graph/inversifyAdapter.js';
import { readDeclarations } from '#internal/decorators/readDeclarations.js';
import { edgeCount } from './dag/Dag.js';
import { workloadOf } from './dag/WorkloadSpec.js';
import { defineClasses } from './peers/defineClasses.js';
import { ratio, spread } from './runner/format.js';
import { fullPlan } from './runner/plan.js';
import { summarize } from './runner/stats.js';

/*
 * How far the graph build is from its floor, on scenario A's 10,000-service graph (constructor injection):
 *
 *     node build/bench/graphReads.js [runs]
 *
 * Each run is two fresh processes, interleaved. One times `lifecycle.graph()`. The other times the floor: only the
 * reads that no build can skip (the bound services, each one's bindings, its class's InversifyJS metadata,
 * readygraph's declarations and hook methods, the class's name), then the edges and Kahn's algorithm with the
 * library's own `Adjacency` rows and `Countdown`. The floor checks that it found every edge and ordered every
 * service, so that it cannot be fast by doing less than the graph. The difference is what a perfect build could
 * still save.
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
  // Kahn's algorithm, with the library's own countdown (as the graph's validation runs it).
  const countdown = new Countdown(Adjacency.of(count, from, to), Adjacency.of(count, to, from));
  const order = countdown.free();
  const due = (service: number): void => void order.push(service);
  for (let next = 0; next < order.length; next += 1) countdown.release(order[next] as number, due);
  const placed = order.length;
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
  const graphMs = summarize(results.graph.map((result) => result.totalMs));
  const floorMs = summarize(results.floor.map((result) => result.totalMs));
  const readsMs = summarize(results.floor.map((result) => result.readsMs ?? 0));
  process.stdout.write(
    `A 10k, ${runs} fresh process(es) each:\n` +
      `  lifecycle.graph()          ${spread(graphMs)} ms\n` +
      `  floor (reads, edges, Kahn) ${spread(floorMs)} ms, of which the reads ${spread(readsMs)} ms\n` +
      `  graph / floor              ${ratio(graphMs.median, floorMs.median)}\n`,
  );
}
