import { messageOf } from '../errors/messageOf.js';
import { callHook } from './callHook.js';
import { healthResult, HealthMonitor } from './HealthMonitor.js';
import type { Run, RunControl } from './Run.js';
import type { RuntimeContext } from './RuntimeContext.js';
import type { ServiceMachine } from './ServiceMachine.js';
import { runFailedWithoutReason } from '../errors/messages.js';

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
  readonly #context: RuntimeContext;

  public constructor(context: RuntimeContext) {
    this.#context = context;
  }

  /** A run has become ready: watch its health, or its availability in its owner. */
  public follow(machine: ServiceMachine, run: Run): void {
    if (machine.external !== undefined) this.#followOwner(machine, run, machine.external);
    else if (machine.vertex.hasCheckHealth) this.#watchHealth(machine, run);
  }

  #current(run: Run): ServiceMachine | undefined {
    const machine = this.#context.machines[run.service];
    return machine !== undefined && machine.isCurrent(run) ? machine : undefined;
  }

  public unready(run: Run, reason: string): void {
    const machine = this.#current(run);
    if (machine === undefined || (machine.state !== 'ready' && machine.state !== 'unready')) return;
    machine.setSelfUnready(reason);
    this.#showReadiness(machine);
  }

  public ready(run: Run): void {
    const machine = this.#current(run);
    if (machine === undefined || machine.state !== 'unready') return;
    machine.setSelfUnready(undefined);
    this.#showReadiness(machine);
  }

  public fail(run: Run, error: unknown): void {
    const machine = this.#context.machines[run.service];
    if (machine === undefined || machine.run !== run) return;
    if (run.phase === 'starting') return this.#failedEarly(machine, run, error ?? runFailedWithoutReason(machine.name));
    if (run.phase === 'up') this.#runFailed(machine, run, error ?? runFailedWithoutReason(machine.name));
  }

  /** Moves a ready or unready service to what its reasons say, with the events of the change. */
  #showReadiness(machine: ServiceMachine): void {
    const { events, eventBase } = this.#context;
    machine.showReadiness(
      this.#context.options.clock.now(),
      (reason) => events.emit('service:unready', { ...eventBase(machine), reason }),
      (durationMs) => events.emit('service:ready', { ...eventBase(machine), durationMs }),
    );
  }

  /**
   * `fail()` before the run's `onReady` settled: that hook's failure. The hook still runs (and keeps its hook slot)
   * until it settles; nothing more is called for the run. What supervision sets going comes after the call.
   */
  #failedEarly(machine: ServiceMachine, run: Run, error: unknown): void {
    const { events, eventBase, options } = this.#context;
    const now = options.clock.now();
    const outlook = this.#context.failureOutlook(machine);
    machine.failedEarly(run, error, now, () =>
      events.emit('service:failed', { ...eventBase(machine), error, phase: 'start', durationMs: now - (machine.startedAt ?? now), aborted: false, ...outlook }),
    );
    this.#context.runFailed(machine, error);
  }

  /** A run that was up failed (`fail()`, or its health checks). */
  #runFailed(machine: ServiceMachine, run: Run, error: unknown): void {
    const { events, eventBase, options } = this.#context;
    const now = options.clock.now();
    const outlook = this.#context.failureOutlook(machine);
    machine.failedRunning(run, error, now, () =>
      events.emit('service:failed', { ...eventBase(machine), error, phase: 'run', durationMs: now - (machine.readyAt ?? now), aborted: false, ...outlook }),
    );
    this.#context.runFailed(machine, error);
  }

  /**
   * A service another Lifecycle owns is available here while it is available there: it turns `unready` when its
   * owner's availability of it ends (a restart, an unready period, the owner's stop) and `ready` when it comes back.
   */
  #followOwner(machine: ServiceMachine, run: Run, owner: NonNullable<ServiceMachine['external']>): void {
    const reason = `not available in its owner, Lifecycle "${owner.name}"`;
    machine.followOwner(
      run,
      owner.onChange(() => {
        if (this.#current(run) === undefined) return;
        const now = owner.isAvailable(machine.vertex.serviceIdentifier) ? undefined : reason;
        if (now === machine.selfUnready) return;
        machine.setSelfUnready(now);
        this.#showReadiness(machine);
      }),
    );
  }

  #watchHealth(machine: ServiceMachine, run: Run): void {
    const { health } = machine.policy;
    machine.watchHealth(
      new HealthMonitor(
        machine.name,
        (context) => {
          const result = callHook(machine.instance, 'checkHealth', context, machine.name);
          return typeof (result as Promise<unknown> | undefined)?.then === 'function'
            ? (result as Promise<unknown>).then((value) => healthResult(machine.name, value))
            : healthResult(machine.name, result);
        },
        this.#context.options.clock,
        health,
        {
          failed: (inARow, error) => {
            if (this.#current(run) === undefined) return;
            if (inARow >= health.failAfter) return this.#runFailed(machine, run, error);
            if (inARow >= health.unreadyAfter) {
              machine.setHealthUnready(`checkHealth failed: ${messageOf(error)}`);
              this.#showReadiness(machine);
            }
          },
          passed: () => {
            if (this.#current(run) === undefined || machine.healthUnready === undefined) return;
            machine.setHealthUnready(undefined);
            this.#showReadiness(machine);
          },
        },
      ),
    );
  }
}
