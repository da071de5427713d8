import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Workload, dependentsOf } from '../dag/Dag.js';

/**
 * The hooks every peer calls: service i's start hook and stop hook. They wait their scenario's duration (or resolve at
 * once) and check, at almost no cost and identically for every peer, that the peer honoured the order: a start hook
 * whose dependency is not ready yet, or a stop hook whose dependent has not stopped yet, is counted as a violation.
 */
export class HookProbe {
  public startViolations = 0;
  public stopViolations = 0;
  public started = 0;
  public stopped = 0;
  public duplicates = 0;
  /** When the first start hook was called (performance.now()): what comes before it is start-up cost, not scheduling. */
  public firstStartAt: number | undefined;
  readonly #deps: ReadonlyArray<readonly number[]>;
  readonly #dependents: ReadonlyArray<readonly number[]>;
  readonly #startMs: readonly number[];
  readonly #stopMs: readonly number[];
  readonly #ready: Uint8Array;
  readonly #stoppedFlags: Uint8Array;

  public constructor(workload: Workload) {
    this.#deps = workload.dag.deps;
    this.#dependents = dependentsOf(workload.dag);
    this.#startMs = workload.startMs;
    this.#stopMs = workload.stopMs;
    this.#ready = new Uint8Array(workload.dag.size);
    this.#stoppedFlags = new Uint8Array(workload.dag.size);
  }

  public async start(node: number): Promise<void> {
    this.firstStartAt ??= performance.now();
    if (this.#ready[node] === 1) this.duplicates++;
    for (const dep of this.#deps[node] ?? []) if (this.#ready[dep] !== 1) this.startViolations++;
    const ms = this.#startMs[node] ?? 0;
    if (ms > 0) await sleep(ms);
    this.#ready[node] = 1;
    this.started++;
  }

  public async stop(node: number): Promise<void> {
    if (this.#stoppedFlags[node] === 1) this.duplicates++;
    for (const dependent of this.#dependents[node] ?? []) if (this.#stoppedFlags[dependent] !== 1) this.stopViolations++;
    const ms = this.#stopMs[node] ?? 0;
    if (ms > 0) await sleep(ms);
    this.#stoppedFlags[node] = 1;
    this.stopped++;
  }
}
