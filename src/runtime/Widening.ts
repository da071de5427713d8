import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { startupAbortedError, startupFailedError } from '../errors/messages.js';
import { afterTheCall } from './afterTheCall.js';
import type { Availability } from './Availability.js';
import type { ServiceMachine } from './ServiceMachine.js';
import type { ServiceStopper } from './ServiceStopper.js';

/** What a start takes in, by service index: the services due now, and the deferred ones that wait for the rest. */
export interface Included {
  readonly now: readonly number[];
  readonly deferred: readonly number[];
}

/** The runtime's parts a widening works with. */
export interface WideningParts {
  readonly machines: readonly ServiceMachine[];
  readonly availability: Availability;
  readonly stopper: ServiceStopper;
  /** Supervision's part: ending the backoff of a member that is `idle` again. */
  readonly supervisor: { cancelDelayOf(machine: ServiceMachine): void };
}

/** How a failed widening's take-down ended: whether its members are `idle` again, and what it rejects with. */
export interface WideningTakeDown {
  /** False when a stop came first: the members are the stop's then, not `idle`. */
  readonly idleAgain: boolean;
  readonly error: Error;
}

/**
 * A widening: a `start()` while `ready`/`degraded` that starts what of its `only` is `idle`, on top of what runs
 * (the runtime runs one at a time). The rules, as this class holds them:
 * - It resolves when each of its non-deferred members has been ready once; its deferred members are released then.
 * - Before that, a failure of a non-deferred member fails the widening (as a failure fails a start), at once
 *   without `retryStart`, once its policy gives up with it: what it had not started is `idle` again at once; after the call that
 *   failed, its members are taken down in reverse (what runs outside it keeps running), are `idle` again, and it
 *   rejects with `ERR_READYGRAPH_STARTUP`, quoting every failure of its members until then.
 * - A stop cuts it short: it rejects with `ERR_READYGRAPH_STARTUP` (aborted by `stop()`), what it had not started skipped.
 */
export class Widening {
  /** Every service it started (they were `idle`), by service index. */
  public readonly members: ReadonlySet<number>;
  /** The members due now (the non-deferred ones). */
  public readonly now: readonly number[];
  /** Its deferred members, released once the rest is ready. */
  public readonly deferred: readonly number[];
  public readonly promise: Promise<void>;
  readonly #parts: WideningParts;
  /** Its non-deferred members not yet ready once. */
  #left: number;
  readonly #failures: ServiceFailure[] = [];
  #skipped: readonly ServiceMachine[] | undefined;
  #resolve: () => void = () => undefined;
  #reject: (error: Error) => void = () => undefined;

  public constructor(parts: WideningParts, included: Included) {
    this.#parts = parts;
    this.members = new Set([...included.now, ...included.deferred]);
    this.now = included.now;
    this.deferred = included.deferred;
    this.#left = included.now.length;
    this.promise = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** True once every non-deferred member has been ready once (at once for a widening of deferred services only). */
  public get done(): boolean {
    return this.#left === 0;
  }

  /** True if `machine` is one of the services this widening starts and waits for (a failure of its run fails a start). */
  public includes(machine: ServiceMachine): boolean {
    return this.members.has(machine.index) && !machine.vertex.deferred;
  }

  /** True if a failure of `machine` fails this widening at once; with `retryStart` supervision retries it first. */
  public fails(machine: ServiceMachine): boolean {
    return this.includes(machine) && !machine.policy.retryStart;
  }

  /** A service became ready for the first time; true if it was the last member the widening waited for. */
  public memberReady(machine: ServiceMachine): boolean {
    if (!this.members.has(machine.index)) return false;
    this.#left -= 1;
    return this.#left === 0;
  }

  public resolve(): void {
    this.#resolve();
  }

  /**
   * A member failed (see {@link Widening.fails}): the failure is recorded; the first one leaves what the widening had
   * not started `idle` and returns true — the caller then runs {@link Widening.takeDown}.
   */
  public fail(machine: ServiceMachine, error: unknown): boolean {
    this.#failures.push({ service: machine.name, error });
    if (this.#skipped !== undefined) return false;
    this.#skipped = this.#notStarted();
    for (const member of this.#skipped) member.goIdle();
    return true;
  }

  /**
   * The take-down of a failed widening, never inside the call that failed it: its members in reverse, then (unless a
   * stop came first, `halted`) `idle` again and no longer counted for ready/degraded. Resolves with the error it is
   * to reject with; the caller rejects it ({@link Widening.reject}) once its own bookkeeping is done.
   */
  public async takeDown(halted: () => boolean): Promise<WideningTakeDown> {
    await afterTheCall();
    const { stopper, availability, supervisor } = this.#parts;
    const rollbackFailures = await stopper.takeDown((member) => this.members.has(member.index), 'unwiden');
    const idleAgain = !halted();
    if (idleAgain) {
      for (const member of this.#members()) {
        member.goIdle();
        // A member that waited out a backoff will not restart: its delay ends now, not at its timer.
        if (member.state === 'idle') supervisor.cancelDelayOf(member);
        availability.setCounted(member.index, false);
      }
    }
    const skipped = (this.#skipped ?? []).map((member) => member.name);
    return { idleAgain, error: startupFailedError(this.#failures, skipped, rollbackFailures) };
  }

  public reject(error: Error): void {
    this.#reject(error);
  }

  /** A stop cut it short: it rejects, what it had not started skipped. */
  public abandon(): void {
    this.#reject(startupAbortedError(this.#notStarted().map((member) => member.name), []));
  }

  #members(): ServiceMachine[] {
    const machines = this.#parts.machines;
    return [...this.members].map((service) => machines[service] as ServiceMachine);
  }

  #notStarted(): ServiceMachine[] {
    return this.#members().filter((member) => member.state === 'pending' || member.state === 'deferred');
  }
}
