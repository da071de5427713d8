import { gaveUpError } from '../errors/messages.js';
import type { ReadyGraphError } from '../errors/ReadyGraphError.js';
import { restartSetOf } from '../graph/restartSetOf.js';
import { afterTheCall } from './afterTheCall.js';
import { backoffDelay } from './backoffDelay.js';
import type { RuntimeContext } from './RuntimeContext.js';
import type { ServiceMachine } from './ServiceMachine.js';
import type { ServiceStopper } from './ServiceStopper.js';

/** What supervision hands to the lifecycle: the failures that are the whole's, not one service's. */
export interface SupervisionOutcomes {
  /** A failure that abandons the start (rollback, `ERR_READYGRAPH_STARTUP`). */
  startFailed(machine: ServiceMachine, error: unknown): void;
  /** Supervision gave up on a service with `escalate: true`: stop everything, end `failed`. */
  escalate(error: ReadyGraphError): void;
  /** Supervision gave up on a service with `escalate: false`: what waits for it will not get it. */
  gaveUp(machine: ServiceMachine, error: ReadyGraphError): void;
}

/** How a restart came about. */
interface RestartCause {
  readonly attempt: number;
  readonly delayMs: number;
  readonly cause?: unknown;
}

/**
 * Turns failures into restarts or giving up, by each service's policy. The rules, in the order of API.md's
 * "A restart":
 * - During `start()` a failure is a start failure, unless the service has `retryStart` (which works whatever
 *   `restart` says, and gives up into a start failure); after it, `restart: 'never'` gives up at once. A widening is
 *   a start for the services it starts.
 * - A failure that would make more than `maxRestarts` restarts within `withinMs` gives up; requested restarts
 *   (`lifecycle.restart()`) are not counted there, and have no delay.
 * - A restart: the service is `restarting`; its restart set (itself and, repeatedly, every service with
 *   `restartWithDependencies: true` that depends directly on a member, or that lists a member) is taken down in
 *   reverse order — a service outside it stays up, unavailable while a dependency restarts — the service's own
 *   `onStop` last; then the backoff delay (its jitter from the `random` option); then it is let go, and starts once
 *   its dependencies are available; the members follow as it becomes available (they depend on it).
 * - Giving up: `escalate: true` stops the whole lifecycle; `false` takes the restart set down (members end
 *   `stopped`, the service `failed`) and leaves them down until `lifecycle.restart()`: they depend, directly or not,
 *   on the given-up service, which stays `failed`, so none of them can start.
 * - A stop cancels every backoff delay: nothing restarts once the runtime is halted. A service that a failed widening
 *   makes `idle` again while it waits out a backoff has that delay cancelled: its restart ends there.
 */
export class Supervisor {
  readonly #context: RuntimeContext;
  readonly #stopper: ServiceStopper;
  readonly #outcomes: SupervisionOutcomes;
  /** The backoff delays under way, by clock timer: whose restart waits, and how to end the wait (false: cancelled). */
  readonly #delays = new Map<unknown, { readonly machine: ServiceMachine; readonly end: (elapsed: boolean) => void }>();

  public constructor(context: RuntimeContext, stopper: ServiceStopper, outcomes: SupervisionOutcomes) {
    this.#context = context;
    this.#stopper = stopper;
    this.#outcomes = outcomes;
  }

  /** A run of `machine` failed on its own: restart it or give up, by its policy. */
  public runFailed(machine: ServiceMachine, error: unknown): void {
    if (this.#context.halted() !== undefined) return;
    const now = this.#context.options.clock.now();
    const verdict = this.#verdict(machine, now);
    if (verdict === 'start-failed') return this.#outcomes.startFailed(machine, error);
    if (verdict === 'give-up') return this.#giveUp(machine, error, machine.restartsWithin(now));
    const attempt = machine.countRestart(now);
    void this.#restart(machine, { attempt, delayMs: backoffDelay(machine.policy.backoff, attempt, this.#context.options.random), cause: error });
  }

  /**
   * True if a failure of `machine`'s run now is restarted (what `service:failed`'s `willRestart` says, emitted just
   * before {@link Supervisor.runFailed} acts on the same verdict).
   */
  public restartsAfterFailure(machine: ServiceMachine): boolean {
    return this.#context.halted() === undefined && this.#verdict(machine, this.#context.options.clock.now()) === 'restart';
  }

  /** What a failure of `machine`'s run at `now` leads to, by its policy (see the class comment). */
  #verdict(machine: ServiceMachine, now: number): 'start-failed' | 'give-up' | 'restart' {
    const policy = machine.policy;
    const starting = this.#context.inStart(machine);
    if (starting && !policy.retryStart) return 'start-failed';
    const restarts = starting || policy.restart === 'on-failure';
    return restarts && machine.restartsWithin(now) < policy.maxRestarts ? 'restart' : 'give-up';
  }

  /**
   * A restart asked for (`lifecycle.restart()`): at once, not counted against `maxRestarts`. A service already on
   * its way back is left to it. Resolves when the restart's take-down is done (the caller waits for availability).
   */
  public requestRestart(machine: ServiceMachine): Promise<void> {
    if (machine.held || machine.state === 'starting' || machine.state === 'restarting') return Promise.resolve();
    return this.#restart(machine, { attempt: 0, delayMs: 0 });
  }

  /** Cancels every backoff delay (a stop or an escalation is under way; the runtime is halted). */
  public cancelDelays(): void {
    this.#cancelDelays(() => true);
  }

  /**
   * Cancels `machine`'s backoff delay, if it waits one out: its restart ends there, letting nothing go. For a service
   * that went `idle` meanwhile (a failed widening took it back down), so that no timer stays armed for a restart that
   * can no longer happen.
   */
  public cancelDelayOf(machine: ServiceMachine): void {
    this.#cancelDelays((waiting) => waiting === machine);
  }

  #cancelDelays(whose: (machine: ServiceMachine) => boolean): void {
    const clock = this.#context.options.clock;
    // Deleting the entry being visited is safe in a Map iteration.
    for (const [timer, delay] of this.#delays) {
      if (!whose(delay.machine)) continue;
      this.#delays.delete(timer);
      clock.clearTimeout(timer);
      delay.end(false);
    }
  }

  /**
   * The restart set of `machine` (`restartSetOf`): itself and, repeatedly, every service whose
   * `restartWithDependencies` is `true` and that depends directly on a member, or that lists a member (or its layer).
   */
  #restartSet(machine: ServiceMachine): Set<number> {
    const machines = this.#context.machines;
    // An idle service (left out by start({ only })) never restarts.
    return new Set(restartSetOf(this.#context.graph, machine.index, (service) => (machines[service] as ServiceMachine).state !== 'idle'));
  }

  async #restart(machine: ServiceMachine, how: RestartCause): Promise<void> {
    const { events, eventBase, machines } = this.#context;
    const halted = (): boolean => this.#context.halted() !== undefined;
    const restart = machine.beginRestart(how.cause);
    events.emit(
      'service:restarting',
      how.cause === undefined
        ? { ...eventBase(machine), attempt: how.attempt, delayMs: how.delayMs }
        : { ...eventBase(machine), attempt: how.attempt, delayMs: how.delayMs, cause: how.cause },
    );
    const set = this.#restartSet(machine);
    // The states change inside the call that caused the restart; its hooks (the take-down) run after it returned.
    await afterTheCall();
    if (halted()) return;
    // A member supervision gave up on is failed, and restartWith leaves a failed service as it is; the take-down
    // passes it by, so that it stays down until restart() of it.
    for (const index of set) if (index !== machine.index) (machines[index] as ServiceMachine).restartWith();
    await this.#stopper.takeDown((member) => set.has(member.index) && !member.givenUp, 'restart');
    if (halted()) return;
    if (how.delayMs > 0 && !(await this.#delay(machine, how.delayMs))) return;
    if (halted() || !machine.letGo(restart)) return;
    this.#context.wake(machine);
  }

  #giveUp(machine: ServiceMachine, cause: unknown, restarts: number): void {
    const policy = machine.policy;
    if (this.#context.inStart(machine)) return this.#outcomes.startFailed(machine, cause);
    const error = gaveUpError(machine.name, policy, restarts, cause);
    const { events, eventBase } = this.#context;
    if (policy.escalate) {
      machine.escalate(cause);
      events.emit('service:gave-up', { ...eventBase(machine), restarts, error, escalate: true });
      return this.#outcomes.escalate(error);
    }
    machine.giveUp(cause, error);
    events.emit('service:gave-up', { ...eventBase(machine), restarts, error, escalate: false });
    const set = this.#restartSet(machine);
    this.#outcomes.gaveUp(machine, error);
    void afterTheCall(() => void this.#stopper.takeDown((member) => set.has(member.index), 'give-up'));
  }

  /**
   * `machine`'s backoff: waits `ms` on the clock and resolves true; {@link Supervisor.cancelDelayOf} (and
   * {@link Supervisor.cancelDelays}) end the wait early with false.
   */
  #delay(machine: ServiceMachine, ms: number): Promise<boolean> {
    const clock = this.#context.options.clock;
    return new Promise<boolean>((resolve) => {
      const timer = clock.setTimeout(() => {
        this.#delays.delete(timer);
        resolve(true);
      }, ms);
      this.#delays.set(timer, { machine, end: resolve });
    });
  }
}
