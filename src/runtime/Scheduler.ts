import type { Container } from 'inversify';
import { rejectedWithoutReason, startTimeoutError } from '../errors/messages.js';
import { resolveVertex } from '../graph/resolveVertex.js';
import { arrowHookError } from '../graph/arrowHookError.js';
import { displayName } from '../graph/displayName.js';
import { ownHookProperties } from '../graph/ownHookProperties.js';
import { afterTheCall } from './afterTheCall.js';
import { callHook } from './callHook.js';
import { HookContext } from './HookContext.js';
import type { StopReason } from './hooks.js';
import type { Run } from './Run.js';
import type { RuntimeContext } from './RuntimeContext.js';
import { ServiceReadiness } from './ServiceReadiness.js';
import type { ServiceMachine } from './ServiceMachine.js';
import type { ServiceStopper } from './ServiceStopper.js';
import { runHook } from './runHook.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/**
 * Brings services up in dependency order: the first half of every start and restart. The rules it enforces:
 * - An `onReady` starts only when no stop or rollback is under way, its service's machine lets it (not held back by
 *   its own restart, no run and no hook in flight, pending or restarting), and every service it depends on is
 *   available at that moment. So an `onReady` never runs while a dependency is unavailable, and never overlaps the
 *   previous run's `onStop`.
 * - Every run whose `onReady` succeeded gets exactly one `onStop`: an `onReady` that succeeds after its timeout, or
 *   after its run was asked to end, is stopped then (by the {@link ServiceStopper}).
 * - The starts a change allows are looked at after the call that made the change (`afterTheCall`), never inside it.
 * - At most `concurrency` hooks (`onReady` and `onStop`) run at once; a start that finds no free slot waits in the
 *   due list until one frees.
 */
export class Scheduler {
  readonly #context: RuntimeContext;
  readonly #container: Container;
  readonly #stopper: ServiceStopper;
  readonly #readiness: ServiceReadiness;
  readonly #startTimeouts: TimeoutQueue | undefined;
  #due: number[] = [];
  #dueHead = 0;
  #pumpScheduled = false;
  readonly #lateStops = new Set<Promise<unknown>>();
  readonly #pump = (): void => this.#startDue();

  public constructor(context: RuntimeContext, container: Container, stopper: ServiceStopper) {
    this.#context = context;
    this.#container = container;
    this.#stopper = stopper;
    const { clock, startTimeoutMs } = context.options;
    this.#startTimeouts = startTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, startTimeoutMs);
    this.#readiness = new ServiceReadiness(context);
  }

  /** Brings `services` up (what the start includes): the roots at once, the others as their dependencies become available. */
  public begin(services: readonly number[]): void {
    this.#context.availability.begin();
    this.#context.availability.due(services);
    this.#startDue();
  }

  /** Brings more `services` up (a widening, deferred services released): looked at after the call. */
  public bringUp(services: readonly number[]): void {
    this.#context.availability.due(services);
  }

  /** `service` may be able to start now; it is looked at after the call. */
  public markDue(service: number): void {
    this.#due.push(service);
    this.#schedulePump();
  }

  /** A hook slot freed: due starts waiting for one are looked at after the call. */
  public slotFreed(): void {
    if (this.#dueHead < this.#due.length) this.#schedulePump();
  }

  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    void afterTheCall(this.#pump);
  }

  /**
   * The end of a stop: resolves when every `onStop` owed to an `onReady` that resolved after its timeout has ended.
   * Then it drops the start timeouts still set: those of `onReady` hooks that called `fail()` and still run, which
   * nothing waits for any more — so that no timer of the lifecycle is left once the stop settles.
   */
  public async lateStops(): Promise<void> {
    while (this.#lateStops.size > 0) await Promise.all(this.#lateStops);
    this.#startTimeouts?.clear();
  }

  /** Aborts the signal of every `onReady` that runs (the start is abandoned). */
  public abortStarting(reason: unknown): void {
    for (const machine of this.#context.machines) if (machine.run?.phase === 'starting') HookContext.abort(machine.run.context, reason);
  }

  // ---- bringing up ------------------------------------------------------------------------------------------------

  #startDue(): void {
    this.#pumpScheduled = false;
    const { machines, hookSlots } = this.#context;
    while (this.#dueHead < this.#due.length) {
      const machine = machines[this.#due[this.#dueHead] as number] as ServiceMachine;
      if (this.#mayStart(machine)) {
        // No free hook slot: the rest waits until one frees (slotFreed).
        if (!hookSlots.tryTake()) break;
        this.#startRun(machine);
      }
      this.#dueHead += 1;
    }
    if (this.#dueHead === this.#due.length) {
      this.#due = [];
      this.#dueHead = 0;
    }
  }

  /** The start guard (see the class comment). */
  #mayStart(machine: ServiceMachine): boolean {
    return this.#context.halted() === undefined && machine.mayStartRun && this.#context.availability.dependenciesAvailable(machine.index);
  }

  /**
   * Starts a run: resolves the service (once; its instance is kept for later runs), calls its `onReady`, and ends the
   * start once — at the hook's end or at its timeout, whichever comes first.
   */
  #startRun(machine: ServiceMachine): void {
    const { events, eventBase, options } = this.#context;
    const run = machine.startRun(this.#readiness, options.clock.now());
    if (events.wants('service:starting')) events.emit('service:starting', eventBase(machine));
    const vertex = machine.vertex;
    const callOnReady = (instance: unknown): unknown => (vertex.hasOnReady ? callHook(instance, 'onReady', run.context, machine.name) : undefined);
    const external = machine.external;
    runHook(
      // A service another Lifecycle owns is ready here when it is available there; its hooks are the owner's.
      external !== undefined
        ? () => external.whenReady(vertex.serviceIdentifier)
        : machine.resolved
          ? () => callOnReady(machine.instance)
          : () =>
              resolveVertex(this.#container, vertex).then((instance) => {
                assertHooksAreMethods(machine, instance);
                machine.resolvedAs(instance);
                return callOnReady(instance);
              }),
      external === undefined ? this.#startTimeouts : undefined,
      () => {
        const error = startTimeoutError(machine.name, machine.resolved, options.startTimeoutMs);
        machine.startTimedOut(run, error);
        return error;
      },
      () => rejectedWithoutReason(`onReady of "${machine.name}"`),
      {
        ended: (error) => {
          this.#context.hookSlots.release();
          this.#startEnded(machine, run, error);
        },
        settled: (error) => {
          // A success after the timeout did make the service ready: its onStop is owed, and comes now.
          if (run.phase === 'timed-out' && error === undefined) return this.#lateReady(machine, run);
          machine.startSettled(run);
          this.#hookSettled(machine);
        },
      },
    );
  }

  #startEnded(machine: ServiceMachine, run: Run, error: unknown): void {
    const { events, eventBase, options } = this.#context;
    const now = options.clock.now();
    const durationMs = now - (machine.startedAt ?? now);
    if (run.phase === 'failed-early') return; // fail() was called during onReady: the run failed then, nothing more is called.
    if (error === undefined) {
      if (run.phase === 'cancelled') {
        // Asked to end while starting (a stop, a rollback, a restart of a dependency): it did become ready, and is
        // stopped at once, without becoming available in between.
        if (events.wants('service:ready')) events.emit('service:ready', { ...eventBase(machine), durationMs });
        const waiter = machine.cancelledRunReady(run);
        void this.#stopper.stopRun(machine, run).then(waiter);
        return;
      }
      const restart = machine.restartNumber;
      machine.runReady(
        run,
        now,
        events.wants('service:ready')
          ? () => events.emit('service:ready', restart === undefined ? { ...eventBase(machine), durationMs } : { ...eventBase(machine), durationMs, restart })
          : undefined,
      );
      this.#readiness.follow(machine, run);
      this.#context.serviceReady(machine);
      return;
    }
    const aborted = run.endReason !== undefined || this.#context.halted() !== undefined;
    const outlook = aborted ? {} : this.#context.failureOutlook(machine);
    const waiter = machine.startFailed(run, error, now, () =>
      events.emit('service:failed', { ...eventBase(machine), error, phase: 'start', durationMs, aborted, ...outlook }),
    );
    waiter?.(undefined);
    if (!aborted) this.#context.runFailed(machine, error);
  }

  /** An `onReady` that timed out has succeeded after all: its run is stopped now (nothing leaks). */
  #lateReady(machine: ServiceMachine, run: Run): void {
    const { events, eventBase, options } = this.#context;
    events.emit('service:ready', { ...eventBase(machine), durationMs: options.clock.now() - (machine.startedAt ?? 0), late: true });
    const reason: StopReason = run.endReason ?? this.#context.halted() ?? 'restart';
    const shown = machine.lateReady(run);
    const stopping = this.#stopper.callOnStop(machine, run, reason, shown);
    this.#lateStops.add(stopping);
    void stopping.finally(() => this.#lateStops.delete(stopping));
  }

  /** The `onReady` of `machine` has settled: unless another hook of it has begun since, its next run may start. */
  #hookSettled(machine: ServiceMachine): void {
    // Once halted nothing starts: a start queues no futile entry per service.
    if (machine.hookSettled('onReady') && this.#context.halted() === undefined) this.markDue(machine.index);
  }
}

/**
 * The latest moment an arrow-function hook can be caught: the instance inversify constructed carries `onReady`,
 * `onStop` or `checkHealth` as an own property, which the graph (reading the class) could not see. Running it
 * anyway would silently skip a hook the class did not declare, or run one it did not expect: it is a usage error.
 */
function assertHooksAreMethods(machine: ServiceMachine, instance: unknown): void {
  if (machine.vertex.constant !== undefined || typeof instance !== 'object' || instance === null) return;
  const hooks = ownHookProperties(instance);
  if (hooks.length > 0) throw arrowHookError(machine.name, displayName(machine.vertex.implementationType), hooks);
}
