import type { Dag, Workload } from './Dag.js';
import { layeredDag, randomDag, randomDurations } from './generators.js';

/** The shape of a graph, as plain data: it travels to a worker process on its command line and is rebuilt there. */
export type ShapeSpec =
  | { readonly kind: 'random'; readonly size: number; readonly maxDeps: number; readonly seed: number }
  | { readonly kind: 'layered'; readonly layers: number; readonly width: number; readonly fanIn: number | 'all'; readonly seed: number };

/** Hook durations drawn in [minMs, maxMs]; 0–0 means every hook resolves at once. */
export interface DurationSpec {
  readonly minMs: number;
  readonly maxMs: number;
  readonly seed: number;
}

export interface WorkloadSpec {
  readonly shape: ShapeSpec;
  readonly start: DurationSpec;
  readonly stop: DurationSpec;
}

export const atOnce: DurationSpec = { minMs: 0, maxMs: 0, seed: 0 };

export function dagOf(shape: ShapeSpec): Dag {
  return shape.kind === 'random'
    ? randomDag(shape.size, shape.maxDeps, shape.seed)
    : layeredDag(shape.layers, shape.width, shape.fanIn, shape.seed);
}

export function workloadOf(spec: WorkloadSpec): Workload {
  const dag = dagOf(spec.shape);
  return { dag, startMs: durationsOf(spec.start, dag.size), stopMs: durationsOf(spec.stop, dag.size) };
}

function durationsOf(spec: DurationSpec, count: number): number[] {
  return spec.maxMs === 0 ? Array.from({ length: count }, () => 0) : randomDurations(count, spec.minMs, spec.maxMs, spec.seed);
}
