import { errorCodes } from '../errors/errorCodes.js';
import { messageOf } from '../errors/messageOf.js';
import { ReadyGraphError } from '../errors/ReadyGraphError.js';
import type { VertexGraph } from '../graph/VertexGraph.js';
import { restartSet } from '../graph/restartImpact.js';
import { backoffDelay } from './backoffDelay.js';
import type { Clock } from './Clock.js';
import type { EventHub } from './EventHub.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { Scheduler } from './Scheduler.js';
import type { ServiceSlot } from './ServiceSlot.js';

/** What the supervisor asks of the lifecycle. */
export interface SupervisorHost {
  /** True until `start()` has resolved: a failure then is a start failure unless the service has `retryStart`. */
  isStarting(): boolean;
  /** A failure that abandons the start (rollback, `ERR_READYGRAPH_STARTUP`). */
  startFailed(slot: ServiceSlot, error: unknown): void;
  /** Supervision gave up on a service with `escalate: true`: stop everything, end `failed`. */
  escalate(error: ReadyGraphError): void;
  /** Supervision gave up on a service with `escalate: false`: what waits for it will not get it. */
  gaveUp(slot: ServiceSlot, error: ReadyGraphError): void;
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
 *   `restart` says); after it, `restart: 'never'` gives up at once.
 * - A failure that would make more than `maxRestarts` restarts within `withinMs` gives up; requested restarts
 *   (`lifecycle.restart()`) are not counted there, and have no delay.
 * - A restart: the service is `restarting`; its restart set (itself and, repeatedly, every service with
 *   `restartWithDependencies` that depends directly on a member) is taken down in reverse order, the service's own
 *   `onStop` last; then the backoff delay; then it is let go, and starts once its dependencies are available; the
 *   members follow as it becomes available (they depend on it).
 * - Giving up: `escalate: true` stops the whole lifecycle; `false` takes the restart set down (members end
 *   `stopped`, the service `failed`) and leaves them down until `lifecycle.restart()`.
 * - A stop cancels every backoff delay: nothing restarts once the scheduler is halted.
 */
export class Supervisor {
  readonly #graph: VertexGraph;
  readonly #slots: readonly ServiceSlot[];
  readonly #scheduler: Scheduler;
  readonly #clock: Clock;
  readonly #events: EventHub;
  readonly #eventBase: (slot: ServiceSlot) => ServiceEventBase;
  readonly #host: SupervisorHost;
  readonly #random: () => number;
  readonly #delays = new Map<unknown, () => void>();

  public constructor(
    graph: VertexGraph,
    slots: readonly ServiceSlot[],
    scheduler: Scheduler,
    clock: Clock,
    events: EventHub,
    eventBase: (slot: ServiceSlot) => ServiceEventBase,
    host: SupervisorHost,
    random: () => number = Math.random,
  ) {
    this.#graph = graph;
    this.#slots = slots;
    this.#scheduler = scheduler;
    this.#clock = clock;
    this.#events = events;
    this.#eventBase = eventBase;
    this.#host = host;
    this.#random = random;
  }

  /** A run of `slot` failed on its own: restart it or give up, by its policy. */
  public runFailed(slot: ServiceSlot, error: unknown): void {
    if (this.#scheduler.halted) return;
    const policy = slot.policy;
    const starting = this.#host.isStarting();
    if (starting && !policy.retryStart) return this.#host.startFailed(slot, error);
    const now = this.#clock.now();
    slot.restartTimes = slot.restartTimes.filter((time) => time > now - policy.withinMs);
    const restarts = starting || policy.restart === 'on-failure';
    if (!restarts || slot.restartTimes.length >= policy.maxRestarts) return this.#giveUp(slot, error);
    slot.restartTimes.push(now);
    const attempt = slot.restartTimes.length;
    void this.#restart(slot, { attempt, delayMs: backoffDelay(policy.backoff, attempt, this.#random), cause: error });
  }

  /**
   * A restart asked for (`lifecycle.restart()`): at once, not counted against `maxRestarts`. A service already on
   * its way back is left to it. Resolves when the restart's take-down is done (the caller waits for availability).
   */
  public requestRestart(slot: ServiceSlot): Promise<void> {
    if (slot.held || slot.state === 'starting' || slot.state === 'restarting') return Promise.resolve();
    return this.#restart(slot, { attempt: 0, delayMs: 0 });
  }

  /** Cancels every backoff delay (a stop or an escalation is under way; the scheduler is halted). */
  public cancelDelays(): void {
    for (const [timer, wake] of this.#delays) {
      this.#clock.clearTimeout(timer);
      wake();
    }
    this.#delays.clear();
  }

  /** The restart set of `slot`: itself and, repeatedly, every service with `restartWithDependencies` that depends directly on a member. */
  public restartSet(slot: ServiceSlot): Set<number> {
    return new Set(restartSet(this.#graph, slot.index, (service) => (this.#slots[service] as ServiceSlot).policy.restartWithDependencies));
  }

  async #restart(slot: ServiceSlot, how: RestartCause): Promise<void> {
    const scheduler = this.#scheduler;
    slot.restarts += 1;
    slot.restartNumber = slot.restarts;
    if (how.cause !== undefined) slot.lastCause = how.cause;
    slot.held = true;
    slot.wanted = true;
    slot.givenUp = false;
    scheduler.move(slot, 'restarting');
    this.#events.emit(
      'service:restarting',
      how.cause === undefined
        ? { ...this.#eventBase(slot), attempt: how.attempt, delayMs: how.delayMs }
        : { ...this.#eventBase(slot), attempt: how.attempt, delayMs: how.delayMs, cause: how.cause },
    );
    const set = this.restartSet(slot);
    // The states change inside the call that caused the restart; its hooks (the take-down) run after it returned.
    await Promise.resolve();
    if (scheduler.halted) return;
    for (const index of set) {
      const member = this.#slots[index] as ServiceSlot;
      if (member === slot || member.givenUp) continue;
      member.wanted = true;
      if (member.state === 'ready' || member.state === 'unready' || member.state === 'starting' || member.state === 'stopped') scheduler.move(member, 'restarting');
    }
    await scheduler.takeDown((member) => set.has(member.index) && !member.givenUp, 'restart', () => 'restarting');
    if (scheduler.halted) return;
    if (how.delayMs > 0) await this.#delay(how.delayMs);
    if (scheduler.halted) return;
    slot.held = false;
    scheduler.wake(slot);
  }

  #giveUp(slot: ServiceSlot, cause: unknown): void {
    const policy = slot.policy;
    const restarts = slot.restartTimes.length;
    if (this.#host.isStarting()) return this.#host.startFailed(slot, cause);
    const error = new ReadyGraphError(
      errorCodes.gaveUp,
      `supervision gave up on "${slot.name}": ${messageOf(cause)} ` +
        (policy.restart === 'never'
          ? `(its policy has restart: 'never'; give it @supervise({ restart: 'on-failure' }) to restart it)`
          : `(${restarts} restart(s) within ${policy.withinMs} ms already, maxRestarts ${policy.maxRestarts}; fix the cause, or raise maxRestarts)`),
      { service: slot.name, restarts, cause },
    );
    slot.lastCause = cause;
    this.#events.emit('service:gave-up', { ...this.#eventBase(slot), restarts, error, escalate: policy.escalate });
    if (policy.escalate) return this.#host.escalate(error);
    slot.givenUp = true;
    const set = this.restartSet(slot);
    for (const index of set) (this.#slots[index] as ServiceSlot).wanted = false;
    this.#host.gaveUp(slot, error);
    queueMicrotask(() => void this.#scheduler.takeDown((member) => set.has(member.index), 'stop', (member) => (member === slot ? 'failed' : 'stopped')));
  }

  /** Waits `ms` on the clock; {@link Supervisor.cancelDelays} ends the wait early. */
  #delay(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        this.#delays.delete(timer);
        resolve();
      }, ms);
      this.#delays.set(timer, resolve);
    });
  }
}
