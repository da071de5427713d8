import { rejectedWithoutReason } from '../errors/messages.js';
import type { HealthPolicy } from '../decorators/SupervisionPolicy.js';
import type { Clock } from './Clock.js';
import { HookContext } from './HookContext.js';
import { runHook } from './runHook.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/** What a health monitor reports to. */
export interface HealthReports {
  /** A check failed; `inARow` counts the failures since the last passing check. */
  failed(inARow: number, error: unknown): void;
  passed(): void;
}

/**
 * The health checks of one run of a service. The rules (API.md, "checkHealth"): checks run one at a time, the next
 * `intervalMs` after the previous one ended; throwing, rejecting, returning `false` or outliving `timeoutMs` is a
 * failed check. A check that outlived its timeout and still has not settled when the next is due counts as failed
 * again rather than overlapping with a new one. {@link HealthMonitor.stop} ends the checks: no check starts after it.
 */
export class HealthMonitor {
  readonly #name: string;
  readonly #check: (context: HookContext) => unknown;
  readonly #clock: Clock;
  readonly #policy: HealthPolicy;
  readonly #reports: HealthReports;
  readonly #timeouts: TimeoutQueue;
  #timer: unknown;
  #context: HookContext | undefined;
  /** Settles when the check in flight has ended (settled or timed out). */
  #ended: Promise<void> | undefined;
  #unsettled = false;
  #inARow = 0;
  #stopped = false;

  public constructor(name: string, check: (context: HookContext) => unknown, clock: Clock, policy: HealthPolicy, reports: HealthReports) {
    this.#name = name;
    this.#check = check;
    this.#clock = clock;
    this.#policy = policy;
    this.#reports = reports;
    this.#timeouts = new TimeoutQueue(clock, policy.timeoutMs);
    this.#schedule();
  }

  /** Ends the checks: cancels the next one, aborts the one in flight and resolves once it has ended. */
  public stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#context !== undefined) HookContext.abort(this.#context, new DOMException(`the run of "${this.#name}" ended`, 'AbortError'));
    return this.#ended ?? Promise.resolve();
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, this.#policy.intervalMs);
  }

  #run(): void {
    if (this.#stopped) return;
    if (this.#unsettled) {
      this.#failed(this.#timeoutError());
      this.#schedule();
      return;
    }
    const context = new HookContext(this.#name);
    this.#context = context;
    this.#unsettled = true;
    this.#ended = new Promise<void>((resolve) => {
      runHook(
        () => this.#check(context),
        this.#timeouts,
        () => {
          const error = this.#timeoutError();
          HookContext.abort(context, error);
          return error;
        },
        () => rejectedWithoutReason(`checkHealth of "${this.#name}"`),
        {
          ended: (error) => {
            this.#context = undefined;
            resolve();
            if (this.#stopped) return;
            if (error !== undefined) this.#failed(error);
            else {
              this.#inARow = 0;
              this.#reports.passed();
            }
            this.#schedule();
          },
          settled: () => {
            this.#unsettled = false;
          },
        },
      );
    });
  }

  #failed(error: unknown): void {
    this.#inARow += 1;
    this.#reports.failed(this.#inARow, error);
  }

  /** A failed check's reason, not an error anybody throws: it becomes the `unready` reason or the run's failure. */
  #timeoutError(): Error {
    return new Error(`checkHealth of "${this.#name}" did not settle within ${this.#policy.timeoutMs} ms (health.timeoutMs)`);
  }
}

/** What a check's result means: `false` is a failed check (thrown as an error that says so), anything else passes. */
export function healthResult(name: string, result: unknown): unknown {
  if (result === false) throw new Error(`checkHealth of "${name}" returned false`);
  return result;
}