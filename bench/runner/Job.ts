import type { WorkloadSpec } from '../dag/WorkloadSpec.js';

/** One measurement, run in a fresh worker process: a peer booting (and stopping) a workload. */
export interface LifecycleJob {
  readonly kind: 'lifecycle';
  readonly scenario: string;
  readonly peer: string;
  readonly workload: WorkloadSpec;
  /** Write V8 CPU profiles of the boot and of the stop (only those phases) into this folder. */
  readonly profileDir?: string;
}

/** One measurement of scenario E: build, validate and render a graph, with readygraph or with the floor. */
export interface GraphJob {
  readonly kind: 'graph';
  readonly scenario: string;
  readonly peer: 'readygraph' | 'floor';
  readonly size: number;
  readonly maxDeps: number;
  readonly seed: number;
}

export type Job = LifecycleJob | GraphJob;

export interface LifecycleResult {
  readonly kind: 'lifecycle';
  readonly bootMs: number;
  /** From the first start hook called to the end of the boot: the scheduling, without the start-up cost before it. */
  readonly hookSpanMs: number;
  readonly stopMs: number;
  /** Peak resident set size of the process when the boot ended, in MB. */
  readonly rssMB: number;
  readonly started: number;
  readonly stopped: number;
  readonly startViolations: number;
  readonly stopViolations: number;
  readonly duplicates: number;
}

export interface GraphResult {
  readonly kind: 'graph';
  readonly nodes: number;
  readonly edges: number;
  /** readygraph: container and bindings; the floor has nothing to bind. */
  readonly bindMs: number;
  /** Build and validate (cycle check and levels included). */
  readonly buildMs: number;
  readonly mermaidMs: number;
  readonly dotMs: number;
  readonly rssMB: number;
}

export type Result = LifecycleResult | GraphResult;
