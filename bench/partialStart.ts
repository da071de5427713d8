import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Container } from 'inversify';
import { dependsOn, Lifecycle } from 'readygraph';
import { defineClasses, type ServiceClass } from './peers/defineClasses.js';
import type { Dag } from './dag/Dag.js';

/**
 * Scenario G: `start({ only: [X] })` on a 10,000-service graph — 1,000 chains of 10 (each service depends on the one
 * before it in its chain, by `@dependsOn`), hooks that resolve at once. Timed, in one fresh process, each a median of
 * `runs` fresh containers: the graph alone (`lifecycle.graph()`: build and validate, what every start pays once), a
 * partial start whose closure is 10 services (one chain's last service), one whose closure is 1,000 (100 chains'
 * last services), and the full start. A partial start should cost the graph plus what its closure costs, not what the
 * whole graph's start costs.
 *
 *     node build/bench/partialStart.js [runs]
 */
const CHAINS = 1_000;
const CHAIN = 10;
const runs = Number(process.argv[2] ?? 7);

const size = CHAINS * CHAIN;
const dag: Dag = { size, deps: Array.from({ length: size }, (_, node) => (node % CHAIN === 0 ? [] : [node - 1])) };
let hooks = 0;
const classes = defineClasses(dag, {
  inject: false,
  body: () =>
    class {
      public onReady(): void {
        hooks += 1;
      }
    },
  decorateClass: (type, dependencies) => {
    if (dependencies.length > 0) dependsOn(...dependencies)(type);
  },
});

function lifecycle(): Lifecycle {
  const container = new Container();
  for (const type of classes) container.bind(type).toSelf();
  return new Lifecycle(container);
}

const chainEnd = (chain: number): ServiceClass => classes[chain * CHAIN + CHAIN - 1] as ServiceClass;
const cases: Array<{ readonly name: string; readonly run: (made: Lifecycle) => Promise<unknown> }> = [
  { name: 'graph() alone', run: async (made) => made.graph() },
  { name: 'start({ only }) closure 10', run: (made) => made.start({ only: [chainEnd(500)] }) },
  { name: 'start({ only }) closure 1,000', run: (made) => made.start({ only: Array.from({ length: 100 }, (_, index) => chainEnd(index * 10)) }) },
  { name: 'start() all 10,000', run: (made) => made.start() },
];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const timings = new Map<string, number[]>(cases.map((entry) => [entry.name, []]));
const calls = new Map<string, number>();
// Interleaved run by run, so that a slow moment of the machine spreads over every case.
for (let run = 0; run < runs; run += 1) {
  for (const entry of cases) {
    const made = lifecycle();
    hooks = 0;
    const began = performance.now();
    await entry.run(made);
    timings.get(entry.name)?.push(performance.now() - began);
    calls.set(entry.name, hooks);
    await made.stop();
  }
}
const graphMs = median(timings.get('graph() alone') ?? []);
console.log(`| case | median ms (min–max) | beyond graph() | onReady calls |`);
console.log(`| --- | --- | --- | --- |`);
for (const entry of cases) {
  const values = timings.get(entry.name) ?? [];
  const ms = median(values);
  const beyond = entry.name === 'graph() alone' ? '—' : `${(ms - graphMs).toFixed(1)} ms`;
  console.log(`| ${entry.name} | ${ms.toFixed(1)} (${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}) | ${beyond} | ${calls.get(entry.name) ?? 0} |`);
}
