import type { Failing } from '../dag/RestartCase.js';
import { atOnce, type WorkloadSpec } from '../dag/WorkloadSpec.js';
import { peers } from '../peers/index.js';

/** A scenario whose peers boot and stop a workload (A, B, C; D is their stop). */
export interface LifecycleScenario {
  readonly id: string;
  readonly group: 'A' | 'B' | 'C';
  readonly workload: WorkloadSpec;
  readonly peers: readonly string[];
  /** Whether the table shows this scenario's stop (scenario D). */
  readonly reportStop: boolean;
}

/** Scenario E at one size. */
export interface GraphScenario {
  readonly id: string;
  readonly size: number;
  readonly maxDeps: number;
  readonly seed: number;
}

/** Scenario F: in C's graph, services fail after the start and readygraph restarts them (the peers have no restarts). */
export interface RestartScenario {
  readonly id: string;
  readonly workload: WorkloadSpec;
  readonly failing: Failing;
}

export interface Plan {
  readonly name: 'full' | 'smoke';
  /** Fresh processes per row. */
  readonly runs: number;
  readonly lifecycle: readonly LifecycleScenario[];
  readonly graph: readonly GraphScenario[];
  readonly restart: readonly RestartScenario[];
  /** For the table's headings. */
  readonly shape: { readonly layers: number; readonly width: number; readonly hookMs: number; readonly unevenSize: number; readonly unevenMs: readonly [number, number] };
}

// Fixed seeds: every run of every peer sees the same graphs and the same hook durations.
const seeds = { overhead: 1, layers: 2, uneven: 3, unevenDurations: 4, graph: 5 } as const;

const everyPeer = peers.map((peer) => peer.id);
const timedPeers = ['floor', 'readygraph', 'inversify', 'nest-factory', 'nest-hooks', 'awilix-manager', 'avvio'];

interface Sizes {
  readonly overhead: readonly number[];
  readonly layers: number;
  readonly width: number;
  readonly hookMs: number;
  readonly unevenSize: number;
  readonly unevenMs: readonly [number, number];
  readonly graph: readonly number[];
  /** Scenario F: how many dependents restart with the failed service, one row each (a storm row is always added). */
  readonly restartWith: readonly number[];
}

function planOf(name: Plan['name'], runs: number, sizes: Sizes): Plan {
  const lifecycle: LifecycleScenario[] = sizes.overhead.map((size) => ({
    id: `A ${label(size)}`,
    group: 'A',
    workload: { shape: { kind: 'random', size, maxDeps: 3, seed: seeds.overhead }, start: atOnce, stop: atOnce },
    peers: everyPeer,
    reportStop: true,
  }));
  const hooks = { minMs: sizes.hookMs, maxMs: sizes.hookMs, seed: 0 };
  for (const fanIn of [2, 'all'] as const) {
    lifecycle.push({
      id: fanIn === 2 ? 'B2' : 'Ball',
      group: 'B',
      workload: { shape: { kind: 'layered', layers: sizes.layers, width: sizes.width, fanIn, seed: seeds.layers }, start: hooks, stop: atOnce },
      peers: timedPeers,
      reportStop: false,
    });
  }
  const [minMs, maxMs] = sizes.unevenMs;
  const uneven = { minMs, maxMs, seed: seeds.unevenDurations };
  // The stop hooks take as long as the start hooks: the stop is the start run backwards.
  const unevenWorkload: WorkloadSpec = { shape: { kind: 'random', size: sizes.unevenSize, maxDeps: 3, seed: seeds.uneven }, start: uneven, stop: uneven };
  lifecycle.push({ id: 'C', group: 'C', workload: unevenWorkload, peers: timedPeers, reportStop: true });
  const restart: RestartScenario[] = [
    ...sizes.restartWith.map((k) => ({ id: `F k=${k}`, workload: unevenWorkload, failing: k })),
    { id: 'F storm', workload: unevenWorkload, failing: 'storm' as const },
  ];
  const graph = sizes.graph.map((size) => ({ id: `E ${label(size)}`, size, maxDeps: 3, seed: seeds.graph }));
  return {
    name,
    runs,
    lifecycle,
    graph,
    restart,
    shape: { layers: sizes.layers, width: sizes.width, hookMs: sizes.hookMs, unevenSize: sizes.unevenSize, unevenMs: sizes.unevenMs },
  };
}

/** Issue 4's scenarios at full size. */
export function fullPlan(runs = 7): Plan {
  return planOf('full', runs, {
    overhead: [1_000, 10_000],
    layers: 5,
    width: 20,
    hookMs: 20,
    unevenSize: 100,
    unevenMs: [5, 35],
    graph: [1_000, 10_000, 100_000],
    restartWith: [1, 10, 50],
  });
}

/** The same scenarios, small enough to run in seconds: checks that everything runs, not how fast. */
export function smokePlan(runs = 1, size = 200): Plan {
  return planOf('smoke', runs, {
    overhead: [size],
    layers: 3,
    width: 5,
    hookMs: 5,
    unevenSize: 20,
    unevenMs: [2, 8],
    graph: [size, size * 10],
    restartWith: [1, 5],
  });
}

function label(size: number): string {
  return size >= 1_000 && size % 1_000 === 0 ? `${size / 1_000}k` : String(size);
}
