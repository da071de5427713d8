import type { Failing } from '../dag/RestartCase.js';
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

/** One measurement of scenario F: readygraph boots a workload, then services fail and the lifecycle restarts them. */
export interface RestartJob {
  readonly kind: 'restart';
  readonly scenario: string;
  readonly peer: 'readygraph';
  readonly workload: WorkloadSpec;
  readonly failing: Failing;
}

export type Job = LifecycleJob | GraphJob | RestartJob;

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

export interface RestartResult {
  readonly kind: 'restart';
  /** From the first `fail()` call to the lifecycle's `ready` event (its state is then `'ready'` again). */
  readonly restartMs: number;
  /**
   * The critical path of the first restart with the durations its hooks actually took instead of those asked for:
   * what is left above it is readygraph's own time between hooks, not the timers' overshoot on a busy machine.
   */
  readonly hooksCriticalPathMs: number;
  /** The same failure again once the first restart is over: the restart with its code warm. */
  readonly againMs: number;
  /** The services that restarted (the union of the restart sets). */
  readonly members: number;
  /** `onStop` and `onReady` calls during the first restart: each member should have one of each, every other service none. */
  readonly stopCalls: number;
  readonly startCalls: number;
  /** Services whose hooks were not called exactly as often as that, in the worse of the two restarts. */
  readonly miscalled: number;
  /** In both restarts: an `onReady` called while a dependency was not ready, or an `onStop` before a dependent restarting with it stopped. */
  readonly orderViolations: number;
}

export type Result = LifecycleResult | GraphResult | RestartResult;
