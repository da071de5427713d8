import { messageOf } from '../errors/messageOf.js';
import { callHook } from './callHook.js';
import type { Clock } from './Clock.js';
import type { EventHub } from './EventHub.js';
import { healthResult, HealthMonitor } from './HealthMonitor.js';
import { HookContext } from './HookContext.js';
import type { ServiceEventBase } from './LifecycleEvents.js';
import type { Run, RunControl } from './Run.js';
import type { SchedulerReports } from './Scheduler.js';
import type { ServiceSlot } from './ServiceSlot.js';
import type { ServiceState } from './states.js';

/**
 * What a running service reports after its `onReady` succeeded: the calls on its run's context (`unready`, `ready`,
 * `fail`), its health checks, and — for a service another Lifecycle owns — its availability in that owner. The
 * rules (API.md, "Calls on the context", "checkHealth"):
 * - A call changes the service's state, and with it availability and the lifecycle's `ready`/`degraded`, at once,
 *   inside the call; what the change allows or sets going (a dependent's `onReady`, a restart) comes afterwards.
 * - `unready()` works on a `ready` or `unready` service (it updates the reason), `ready()` on an `unready` one; a
 *   service is ready when neither its own `unready()` nor its health checks say otherwise.
 * - Calls on the context of an earlier run, or of a run asked to end, are ignored.
 * - `fail()` before `onReady` settled is that hook's failure (no `onStop` for the run); after, the run failed.
 * - `health.unreadyAfter` failed checks in a row make the service unready, `health.failAfter` fail it.
 */
export class ServiceReadiness implements RunControl {
  readonly #slots: readonly ServiceSlot[];
  readonly #clock: Clock;
  readonly #events: EventHub;
  readonly #eventBase: (slot: ServiceSlot) => ServiceEventBase;
  readonly #reports: SchedulerReports;
  readonly #move: (slot: ServiceSlot, to: ServiceState, announce?: () => void) => void;

  public constructor(
    slots: readonly ServiceSlot[],
    clock: Clock,
    events: EventHub,
    eventBase: (slot: ServiceSlot) => ServiceEventBase,
    reports: SchedulerReports,
    move: (slot: ServiceSlot, to: ServiceState, announce?: () => void) => void,
  ) {
    this.#slots = slots;
    this.#clock = clock;
    this.#events = events;
    this.#eventBase = eventBase;
    this.#reports = reports;
    this.#move = move;
  }

  /** A run has become ready: watch its health, or its availability in its owner. */
  public follow(slot: ServiceSlot, run: Run): void {
    if (slot.external !== undefined) this.#followOwner(slot, run, slot.external);
    else if (slot.vertex.hasCheckHealth) this.#watchHealth(slot, run);
  }

  #current(run: Run): ServiceSlot | undefined {
    const slot = this.#slots[run.service] as ServiceSlot;
    return slot.run === run && !run.failed && run.endReason === undefined ? slot : undefined;
  }

  public unready(run: Run, reason: string): void {
    const slot = this.#current(run);
    if (slot === undefined || (slot.state !== 'ready' && slot.state !== 'unready')) return;
    slot.selfUnready = reason;
    this.#showReadiness(slot);
  }

  public ready(run: Run): void {
    const slot = this.#current(run);
    if (slot === undefined || slot.state !== 'unready') return;
    slot.selfUnready = undefined;
    this.#showReadiness(slot);
  }

  public fail(run: Run, error: unknown): void {
    const slot = this.#current(run);
    if (slot === undefined) return;
    this.#runFailed(slot, run, error ?? new Error(`"${slot.name}" called fail() without a reason`));
  }

  /** Moves a ready or unready service to what its reasons say, with the events of the change. */
  #showReadiness(slot: ServiceSlot): void {
    const reason = slot.unreadyReason;
    const now = this.#clock.now();
    if (reason !== undefined) {
      if (slot.state === 'ready') slot.unreadySince = now;
      this.#move(slot, 'unready', () => this.#events.emit('service:unready', { ...this.#eventBase(slot), reason }));
    } else if (slot.state === 'unready') {
      this.#move(slot, 'ready', () => this.#events.emit('service:ready', { ...this.#eventBase(slot), durationMs: now - slot.unreadySince }));
    }
  }

  /**
   * A run failed on its own: before its `onReady` settled (that hook's failure) or after (a failed run). What
   * supervision sets going (a restart's take-down, a rollback) starts after the call that reported it returned.
   */
  #runFailed(slot: ServiceSlot, run: Run, error: unknown): void {
    const now = this.#clock.now();
    run.failed = true;
    HookContext.abort(run.context, error);
    slot.error = error;
    slot.failedAt = now;
    if (run.phase === 'starting') {
      // The hook still runs (and keeps its hook slot) until it settles; nothing more is called for the run.
      run.failedEarly = true;
      run.phase = 'over';
      slot.run = undefined;
      this.#move(slot, 'failed', () =>
        this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'start', durationMs: now - (slot.startedAt ?? now), aborted: false }),
      );
      this.#reports.runFailed(slot, error, 'start');
      return;
    }
    this.#move(slot, 'failed', () =>
      this.#events.emit('service:failed', { ...this.#eventBase(slot), error, phase: 'run', durationMs: now - (slot.readyAt ?? now), aborted: false }),
    );
    this.#reports.runFailed(slot, error, 'run');
  }

  /**
   * A service another Lifecycle owns is available here while it is available there: it turns `unready` when its
   * owner's availability of it ends (a restart, an unready period, the owner's stop) and `ready` when it comes back.
   */
  #followOwner(slot: ServiceSlot, run: Run, owner: NonNullable<ServiceSlot['external']>): void {
    const reason = `not available in its owner, Lifecycle "${owner.name}"`;
    run.unfollow = owner.onChange(() => {
      if (this.#current(run) === undefined) return;
      const now = owner.isAvailable(slot.vertex.serviceIdentifier) ? undefined : reason;
      if (now === slot.selfUnready) return;
      slot.selfUnready = now;
      this.#showReadiness(slot);
    });
  }

  #watchHealth(slot: ServiceSlot, run: Run): void {
    const { health } = slot.policy;
    slot.health = new HealthMonitor(
      slot.name,
      (context) => {
        const result = callHook(slot.instance, 'checkHealth', context, slot.name);
        return typeof (result as Promise<unknown> | undefined)?.then === 'function'
          ? (result as Promise<unknown>).then((value) => healthResult(slot.name, value))
          : healthResult(slot.name, result);
      },
      this.#clock,
      health,
      {
        failed: (inARow, error) => {
          if (this.#current(run) === undefined) return;
          if (inARow >= health.failAfter) return this.#runFailed(slot, run, error);
          if (inARow >= health.unreadyAfter) {
            slot.healthUnready = `checkHealth failed: ${messageOf(error)}`;
            this.#showReadiness(slot);
          }
        },
        passed: () => {
          if (this.#current(run) === undefined || slot.healthUnready === undefined) return;
          slot.healthUnready = undefined;
          this.#showReadiness(slot);
        },
      },
    );
  }
}
