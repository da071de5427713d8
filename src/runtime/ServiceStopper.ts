import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { rejectedWithoutReason, stopTimeoutError } from '../errors/messages.js';
import { Countdown } from '../graph/Countdown.js';
import { callHook } from './callHook.js';
import { HookContext, StopHookContext } from './HookContext.js';
import type { StopReason } from './hooks.js';
import type { Run } from './Run.js';
import type { RuntimeContext } from './RuntimeContext.js';
import { runHook } from './runHook.js';
import type { ServiceMachine } from './ServiceMachine.js';
import type { TakeDown } from './states.js';
import { TimeoutQueue } from './TimeoutQueue.js';

/** The stop reason a hook sees for each kind of take-down. */
const stopReasons: Readonly<Record<TakeDown, StopReason>> = { stop: 'stop', rollback: 'rollback', restart: 'restart', 'give-up': 'stop', unwiden: 'rollback' };

/**
 * Takes services down: ends runs and walks a set of services in reverse readiness order — the second half of every
 * stop, rollback and restart. The rules it enforces:
 * - A take-down stops a service's run only after every member of the set that depends on it has ended its run;
 *   services outside the set are left running (unavailable while a dependency is).
 * - Every run whose `onReady` succeeded gets exactly one `onStop` (`ServiceMachine.endRun` is idempotent per run);
 *   a stop or rollback that reaches a run a restart is already ending decides where its service ends.
 * - Where each member ends is the table `endStateAfterTakeDown` in `states.ts`.
 * - Before `onStop`, readiness is withdrawn, the run's signal aborts and its health checks (or the following of its
 *   owner) end. Best effort: a failed or timed-out `onStop` is reported and the walk goes on.
 */
export class ServiceStopper {
  readonly #context: RuntimeContext;
  readonly #stopTimeouts: TimeoutQueue | undefined;
  readonly #stopRun = (run: Run): Promise<ServiceFailure | undefined> => this.stopRun(this.#context.machines[run.service] as ServiceMachine, run);

  public constructor(context: RuntimeContext) {
    this.#context = context;
    const { clock, stopTimeoutMs } = context.options;
    this.#stopTimeouts = stopTimeoutMs === Number.POSITIVE_INFINITY ? undefined : new TimeoutQueue(clock, stopTimeoutMs);
  }

  /**
   * Takes down the services `members` accepts, in reverse readiness order: a vertex is released once every vertex
   * that depends on it is released; a member is released when its run has ended, anything else at once. Independent
   * stops run together. Best effort: a failure is collected and the walk goes on.
   */
  public takeDown(members: (machine: ServiceMachine) => boolean, why: TakeDown): Promise<ServiceFailure[]> {
    const { graph, machines } = this.#context;
    const reason = stopReasons[why];
    const failures: ServiceFailure[] = [];
    const vertexCount = graph.vertices.length;
    const serviceCount = machines.length;
    // Kahn's countdown backwards: a vertex waits for its dependents, and releases its dependencies.
    const countdown = new Countdown(graph.dependents, graph.dependencies);
    const ready = countdown.free();
    const due = (vertex: number): void => {
      ready.push(vertex);
    };
    let released = 0;
    return new Promise<ServiceFailure[]>((resolve) => {
      const release = (vertex: number): void => {
        released += 1;
        countdown.release(vertex, due);
      };
      const drain = (): void => {
        while (ready.length > 0) {
          const vertex = ready.pop() as number;
          const machine = vertex < serviceCount ? (machines[vertex] as ServiceMachine) : undefined;
          if (machine === undefined || !members(machine)) {
            release(vertex);
            continue;
          }
          if (machine.run === undefined) {
            machine.settleAfterTakeDown(why);
            release(vertex);
            continue;
          }
          void machine.endRun(reason, machine.endStateFor(why), this.#stopRun).then((failure) => {
            if (failure !== undefined) failures.push(failure);
            release(vertex);
            drain();
          });
        }
        if (released === vertexCount) resolve(failures);
      };
      drain();
    });
  }

  /** Calls the run's `onStop` (once a hook slot is free) and records how it ended. */
  public stopRun(machine: ServiceMachine, run: Run): Promise<ServiceFailure | undefined> {
    const waiting = this.#context.hookSlots.take();
    const reason = run.endReason ?? 'stop';
    if (waiting === undefined) return this.callOnStop(machine, run, reason, true, true);
    return waiting.then(() => this.callOnStop(machine, run, reason, true, true));
  }

  /**
   * The stop of one run: readiness off, the run's signal and health checks ended, then its `onStop`. `moveState`
   * false for the late stop of a run its service has left behind (the service's state is about its current run).
   * `holdsHookSlot`: the stop took a hook slot, given back once the stop has ended. Written as a promise chain, not an
   * async function: it runs once per service of every stop.
   */
  public callOnStop(machine: ServiceMachine, run: Run, reason: StopReason, moveState: boolean, holdsHookSlot = false): Promise<ServiceFailure | undefined> {
    const { events, eventBase, options } = this.#context;
    const startedAt = options.clock.now();
    const announce = events.wants('service:stopping') ? (): void => events.emit('service:stopping', { ...eventBase(machine), reason }) : undefined;
    const health = machine.beginStop(run, reason, moveState, announce);
    const callHookAndEnd = (): Promise<ServiceFailure | undefined> => {
      if (!machine.vertex.hasOnStop || machine.external !== undefined) {
        this.#hookSettled(machine);
        return Promise.resolve(this.#stopEnded(machine, run, reason, moveState, holdsHookSlot, startedAt, undefined));
      }
      const context = new StopHookContext(machine.name, reason);
      return new Promise<ServiceFailure | undefined>((resolve) => {
        runHook(
          () => callHook(machine.instance, 'onStop', context, machine.name),
          this.#stopTimeouts,
          () => {
            const timeout = stopTimeoutError(`onStop of "${machine.name}"`, machine.name, options.stopTimeoutMs);
            HookContext.abort(context, timeout);
            return timeout;
          },
          () => rejectedWithoutReason(`onStop of "${machine.name}"`),
          {
            ended: (error) => resolve(this.#stopEnded(machine, run, reason, moveState, holdsHookSlot, startedAt, error)),
            settled: () => this.#hookSettled(machine),
          },
        );
      });
    };
    return health === undefined ? callHookAndEnd() : health.stop().then(callHookAndEnd);
  }

  /** The `onStop` of `machine` has settled: unless another hook of it has begun since, its next run may start. */
  #hookSettled(machine: ServiceMachine): void {
    // Once halted nothing starts: a stop queues no futile entry per service.
    if (machine.hookSettled('onStop') && this.#context.halted() === undefined) this.#context.wake(machine);
  }

  /** Records how the `onStop` of `run` ended (`error` undefined: it succeeded) and reports it. */
  #stopEnded(machine: ServiceMachine, run: Run, reason: StopReason, moveState: boolean, holdsHookSlot: boolean, startedAt: number, error: unknown): ServiceFailure | undefined {
    const { events, eventBase, options, hookSlots } = this.#context;
    const endedAt = options.clock.now();
    machine.stopEnded(run, moveState, endedAt, error);
    const durationMs = endedAt - startedAt;
    let failure: ServiceFailure | undefined;
    if (error === undefined) {
      if (events.wants('service:stopped')) events.emit('service:stopped', { ...eventBase(machine), durationMs, reason });
    } else {
      events.emit('service:failed', { ...eventBase(machine), error, phase: 'stop', durationMs, aborted: false });
      events.emit('service:stopped', { ...eventBase(machine), durationMs, reason, error });
      failure = { service: machine.name, error };
    }
    if (holdsHookSlot) hookSlots.release();
    return failure;
  }
}
