import type { ResolvedSupervisionPolicy } from '../decorators/SupervisionPolicy.js';
import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import type { ServiceVertex } from '../graph/ServiceVertex.js';
import type { Availability } from './Availability.js';
import type { HealthMonitor } from './HealthMonitor.js';
import { HookContext } from './HookContext.js';
import type { StopReason } from './hooks.js';
import { Run, type RunControl } from './Run.js';
import type { ServiceOwner } from './serviceOwners.js';
import { assertServiceMove, endStateAfterTakeDown, type ServiceState, type TakeDown } from './states.js';

/** A hook of a service that can be in flight. */
export type ServiceHook = 'onReady' | 'onStop';

/**
 * The state machine of one lifecycle service across its runs: it owns everything the runtime knows of the service —
 * its state, its current run and the run's phase, its hook in flight, its restarts and their window, why it is
 * unready, its times and errors. Every change is one of the named transitions below, each checked against the tables
 * of `states.ts`. The scheduler, the stopper and the supervisor decide *when* a transition happens; they read the
 * machine and never write it. Times are on the clock's scale.
 *
 * Two fields guard the invariants: `hook` names the hook of this service in flight (kept until the hook itself
 * settles, even after its timeout), and a new run starts only while it is empty — so the hooks of one service never
 * overlap. `run` is the current run; a run whose `onReady` succeeded keeps its place there until its `onStop` has
 * ended — so every such run gets its one `onStop`.
 */
export class ServiceMachine {
  public readonly vertex: ServiceVertex;
  public readonly index: number;
  public readonly name: string;
  public readonly layer: string | undefined;
  public readonly policy: ResolvedSupervisionPolicy;
  /** Another Lifecycle runs its hooks (API.md, "one owner per service"): here it is ready when available there. */
  public readonly external: ServiceOwner | undefined;
  readonly #availability: Availability;
  /** The lifecycle's `ready`/`degraded` may follow a change of this service's own readiness. */
  readonly #readinessChanged: () => void;
  #state: ServiceState = 'idle';
  #instance: unknown;
  #resolved = false;
  #run: Run | undefined;
  #hook: ServiceHook | undefined;
  #health: HealthMonitor | undefined;
  #held = false;
  #selfUnready: string | undefined;
  #healthUnready: string | undefined;
  #unreadySince = 0;
  #restarts = 0;
  #restartTimes: number[] = [];
  #restartNumber: number | undefined;
  #lastCause: unknown;
  #givenUp = false;
  #gaveUpError: Error | undefined;
  #countedReady = false;
  #idleOnceStopped = false;
  #startedAt: number | undefined;
  #readyAt: number | undefined;
  #failedAt: number | undefined;
  #stoppedAt: number | undefined;
  #error: unknown;
  #stopError: unknown;

  public constructor(
    vertex: ServiceVertex,
    layer: string | undefined,
    policy: ResolvedSupervisionPolicy,
    external: ServiceOwner | undefined,
    availability: Availability,
    readinessChanged: () => void,
  ) {
    this.vertex = vertex;
    this.index = vertex.index;
    this.name = vertex.name;
    this.layer = layer;
    this.policy = policy;
    this.external = external;
    this.#availability = availability;
    this.#readinessChanged = readinessChanged;
  }

  // ---- what the others read ---------------------------------------------------------------------------------------

  public get state(): ServiceState {
    return this.#state;
  }
  public get run(): Run | undefined {
    return this.#run;
  }
  public get hook(): ServiceHook | undefined {
    return this.#hook;
  }
  public get instance(): unknown {
    return this.#instance;
  }
  public get resolved(): boolean {
    return this.#resolved;
  }
  /** Held back by its own restart: until its restart set is down and its backoff has passed. */
  public get held(): boolean {
    return this.#held;
  }
  /** Supervision gave up on it (`escalate: false`): it stays down until `lifecycle.restart()`. */
  public get givenUp(): boolean {
    return this.#givenUp;
  }
  /** Why it was given up on (what `whenReady` of it and of its dependents rejects with). */
  public get gaveUpError(): Error | undefined {
    return this.#gaveUpError;
  }
  /** The reason it is unready, if it is: its own `unready()` first, else its health checks. */
  public get unreadyReason(): string | undefined {
    return this.#selfUnready ?? this.#healthUnready;
  }
  public get healthUnready(): string | undefined {
    return this.#healthUnready;
  }
  public get selfUnready(): string | undefined {
    return this.#selfUnready;
  }
  /** Its own restarts (failures and requests). */
  public get restarts(): number {
    return this.#restarts;
  }
  /** The number of the restart the current start belongs to (for `service:ready`'s `restart`). */
  public get restartNumber(): number | undefined {
    return this.#restartNumber;
  }
  public get lastCause(): unknown {
    return this.#lastCause;
  }
  public get startedAt(): number | undefined {
    return this.#startedAt;
  }
  public get readyAt(): number | undefined {
    return this.#readyAt;
  }
  public get failedAt(): number | undefined {
    return this.#failedAt;
  }
  public get stoppedAt(): number | undefined {
    return this.#stoppedAt;
  }
  public get error(): unknown {
    return this.#error;
  }
  public get stopError(): unknown {
    return this.#stopError;
  }

  /** Nothing of its own keeps a new run from starting: not held back, no run, no hook in flight, not yet up. */
  public get mayStartRun(): boolean {
    return !this.#held && this.#run === undefined && this.#hook === undefined && (this.#state === 'pending' || this.#state === 'restarting');
  }

  /** True if `run` is the current run and up: calls on its context take effect. */
  public isCurrent(run: Run): boolean {
    return this.#run === run && run.phase === 'up';
  }

  // ---- the one state move -----------------------------------------------------------------------------------------

  /**
   * Moves to `to`, keeping availability (its own readiness is its state being `ready`) in step. `announce` emits the
   * service's own event after the move and before what the whole lifecycle makes of it (`ready`/`degraded`).
   */
  #move(to: ServiceState, announce?: () => void): void {
    if (this.#state === to) return announce?.();
    assertServiceMove(this.name, this.#state, to);
    const readinessFlips = (this.#state === 'ready') !== (to === 'ready');
    this.#state = to;
    if (readinessFlips) this.#availability.setOwnReady(this.index, to === 'ready');
    announce?.();
    if (readinessFlips) this.#readinessChanged();
  }

  // ---- what is started ----------------------------------------------------------------------------------------------

  /** A start or a widening includes it: `pending`, or `deferred` until the rest of what it is part of is ready. */
  public include(deferred: boolean): void {
    this.#move(deferred ? 'deferred' : 'pending');
  }

  /** A deferred service's wait is over (the start or widening resolved): it starts once its dependencies are available. */
  public release(): void {
    if (this.#state === 'deferred') this.#move('pending');
  }

  /** A failed widening took it back down: `idle` again, as if never started (a later widening may try it again). */
  public goIdle(): void {
    if (this.#state === 'idle' || this.#state === 'skipped') return;
    // The late stop of an onReady that outlived its timeout still runs: idle once it has ended.
    if (this.#state === 'stopping') {
      this.#idleOnceStopped = true;
      return;
    }
    // Brought back up since (a restart of it, or of a dependency, raced the take-down): it runs on.
    if (this.#run !== undefined) return;
    this.#held = false;
    this.#givenUp = false;
    this.#move('idle');
    this.#countedReady = false;
  }

  // ---- a run's start ----------------------------------------------------------------------------------------------

  /** A new run begins: its `onReady` (or the service's resolution) is in flight. */
  public startRun(control: RunControl, now: number): Run {
    const run = new Run(this.index, this.name, control);
    this.#run = run;
    this.#hook = 'onReady';
    this.#move('starting');
    this.#startedAt = now;
    return run;
  }

  /** The container resolved the service: the instance is kept for later runs. */
  public resolvedAs(instance: unknown): void {
    this.#instance = instance;
    this.#resolved = true;
  }

  /** `run`'s `onReady` outlived its timeout: its signal aborts; a late success owes an `onStop`. */
  public startTimedOut(run: Run, error: Error): void {
    // A run that failed early stays so: its late settling owes nothing.
    if (run.phase !== 'failed-early') run.move('timed-out');
    HookContext.abort(run.context, error);
  }

  /** `run`'s `onReady` succeeded: the service is `ready` (its reasons to be unready are gone with the old run). */
  public runReady(run: Run, now: number, announce: (() => void) | undefined): void {
    run.move('up');
    this.#readyAt = now;
    this.#selfUnready = undefined;
    this.#healthUnready = undefined;
    this.#move('ready', announce);
    this.#restartNumber = undefined;
  }

  /** A cancelled run's `onReady` succeeded: it did become ready, and is stopped at once (see {@link Run.ended}). */
  public cancelledRunReady(run: Run): ((failure: ServiceFailure | undefined) => void) | undefined {
    return run.takeEndWaiter();
  }

  /**
   * `run`'s start failed (its `onReady` threw or timed out, or resolving it failed): the run is over (a timed-out one
   * still owes an `onStop` if it succeeds late). A run asked to end for a restart stays on its way back; any other
   * failed start shows as failed.
   */
  public startFailed(run: Run, error: unknown, now: number, announce: () => void): ((failure: ServiceFailure | undefined) => void) | undefined {
    if (run.phase !== 'timed-out') run.move('ended');
    if (this.#run === run) this.#run = undefined;
    HookContext.abort(run.context, error);
    this.#error = error;
    this.#failedAt = now;
    this.#move(run.endReason === 'restart' ? 'restarting' : 'failed', announce);
    return run.takeEndWaiter();
  }

  /** `fail()` was called while `run`'s `onReady` ran: that hook's failure; it keeps its hook slot until it settles. */
  public failedEarly(run: Run, error: unknown, now: number, announce: () => void): void {
    run.move('failed-early');
    this.#runFailed(run, error, now);
    this.#run = undefined;
    this.#move('failed', announce);
  }

  /** The `onReady` of `run` has settled: a run that failed early, or timed out and failed late, owes nothing more. */
  public startSettled(run: Run): void {
    if (run.phase === 'failed-early' || run.phase === 'timed-out') run.move('ended');
  }

  /** `run`, up, failed (`fail()`, or its health checks): no more calls through its context; its `onStop` is owed. */
  public failedRunning(run: Run, error: unknown, now: number, announce: () => void): void {
    run.move('failed');
    this.#runFailed(run, error, now);
    this.#move('failed', announce);
  }

  #runFailed(run: Run, error: unknown, now: number): void {
    HookContext.abort(run.context, error);
    this.#error = error;
    this.#failedAt = now;
  }

  /** Its first readiness counts towards the end of the start once (true the first time). */
  public countReadyOnce(): boolean {
    if (this.#countedReady) return false;
    this.#countedReady = true;
    return true;
  }

  // ---- while up ---------------------------------------------------------------------------------------------------

  /** Its own `unready(reason)` (a string) or `ready()` (undefined), or its owner's availability. */
  public setSelfUnready(reason: string | undefined): void {
    this.#selfUnready = reason;
  }

  /** Its health checks' verdict: a reason to be unready, or undefined. */
  public setHealthUnready(reason: string | undefined): void {
    this.#healthUnready = reason;
  }

  /**
   * Moves a ready or unready service to what its reasons say; `unready` or `ready` (with how long it was unready)
   * announce the change.
   */
  public showReadiness(now: number, unready: (reason: string) => void, ready: (unreadyMs: number) => void): void {
    // A run still up while its service is already on its way back (a member of a restart set waiting for its
    // dependents to stop) keeps its reasons; its state shows the restart.
    if (this.#state !== 'ready' && this.#state !== 'unready') return;
    const reason = this.unreadyReason;
    if (reason !== undefined) {
      if (this.#state === 'ready') this.#unreadySince = now;
      this.#move('unready', () => unready(reason));
    } else if (this.#state === 'unready') {
      this.#move('ready', () => ready(now - this.#unreadySince));
    }
  }

  /** The health checks of its current run. */
  public watchHealth(monitor: HealthMonitor): void {
    this.#health = monitor;
  }

  /** Follows its owner's availability during `run`. */
  public followOwner(run: Run, unfollow: () => void): void {
    run.following(unfollow);
  }

  /**
   * A hook of it settled: unless another hook has begun since, it is no longer in flight. True if a next run may
   * start for all the service itself knows (a service with a run cannot: its next start follows that run's `onStop`,
   * which settles here again).
   */
  public hookSettled(hook: ServiceHook): boolean {
    if (this.#hook !== hook) return false;
    this.#hook = undefined;
    return this.#run === undefined;
  }

  // ---- a run's end ------------------------------------------------------------------------------------------------

  /**
   * Asks the current run to end for `reason`, the service in `endState` afterwards. A run whose `onReady` runs is
   * cancelled (its signal aborts; its end comes when the hook settles); a run that is up (or failed) is stopped with
   * `stop`. Idempotent per run: every caller gets the same end, and a stop or rollback that reaches a run a restart is
   * already ending decides where the service ends.
   */
  public endRun(reason: StopReason, endState: ServiceState, stop: (run: Run) => Promise<ServiceFailure | undefined>): Promise<ServiceFailure | undefined> {
    const run = this.#run;
    if (run === undefined) return Promise.resolve(undefined);
    const ended = run.ended;
    if (ended !== undefined) {
      if (reason !== 'restart') run.redirectEnd(endState);
      return ended;
    }
    // No caller comes back here from inside the stop below before its end is recorded: every take-down begins after
    // the call that asked for it (afterTheCall), so a second take-down finds `run.ended` set. Were one to begin
    // inside a listener of this stop's events, the run's move from ending to ending would throw.
    if (run.phase === 'starting') {
      run.move('cancelled');
      HookContext.abortLazily(run.context, () => new DOMException(`the run of "${this.name}" is being stopped (${reason})`, 'AbortError'));
      run.askToEnd(reason, endState, new Promise((resolve) => run.waitForStart(resolve)));
    } else {
      run.move('ending');
      // The reason and end state are recorded before the stop begins (stop() reads them); the stop's own promise is
      // the run's end, with no promise of its own per stopped service.
      run.askToEnd(reason, endState, undefined);
      run.endWith(stop(run));
    }
    return run.ended as Promise<ServiceFailure | undefined>;
  }

  /**
   * A member of a take-down without a run (pending, failed, waiting for its restart, stopped) takes its end state
   * by the table of `states.ts`.
   */
  public settleAfterTakeDown(why: TakeDown): void {
    this.#move(endStateAfterTakeDown(why, this.#state, this.#givenUp));
  }

  /** Where a member of a take-down for `why` ends, by the table of `states.ts`. */
  public endStateFor(why: TakeDown): ServiceState {
    return endStateAfterTakeDown(why, this.#state, this.#givenUp);
  }

  /**
   * A timed-out `onReady` succeeded late: its run, left behind, is stopped now. A service still failed from that
   * start shows this stop (true); one that has moved on (restarting, stopped) keeps its state.
   */
  public lateReady(run: Run): boolean {
    const shown = this.#state === 'failed';
    if (shown) run.redirectEnd(this.#givenUp ? 'failed' : 'stopped');
    return shown;
  }

  /**
   * The stop of `run` begins: readiness off (`moveState`: the service shows the stop; false for a run its service has
   * left behind), the run's signal aborted and the following of its owner ended, its `onStop` in flight. Returns its
   * health checks, to be ended before the `onStop`.
   */
  public beginStop(run: Run, reason: StopReason, moveState: boolean, announce: (() => void) | undefined): HealthMonitor | undefined {
    if (run.phase !== 'ending') run.move('ending');
    this.#hook = 'onStop';
    if (moveState) this.#move('stopping', announce);
    else announce?.();
    HookContext.abortLazily(run.context, () => new DOMException(`the run of "${this.name}" ends (${reason})`, 'AbortError'));
    run.unfollow();
    const health = this.#health;
    this.#health = undefined;
    return health;
  }

  /** `run`'s `onStop` ended (`error` undefined: it succeeded); the service takes the run's end state. */
  public stopEnded(run: Run, moveState: boolean, now: number, error: unknown): void {
    run.move('ended');
    if (this.#run === run) this.#run = undefined;
    if (moveState) {
      this.#move(run.endState);
      this.#stoppedAt = now;
      if (this.#idleOnceStopped) {
        this.#idleOnceStopped = false;
        this.goIdle();
      }
    }
    if (error !== undefined) this.#stopError = error;
  }

  // ---- supervision ------------------------------------------------------------------------------------------------

  /** The restarts counted in the policy's window ending `now` (older ones drop out). */
  public restartsWithin(now: number): number {
    const since = now - this.policy.withinMs;
    this.#restartTimes = this.#restartTimes.filter((time) => time > since);
    return this.#restartTimes.length;
  }

  /** Counts a restart after a failure at `now` against the window; returns its attempt number. */
  public countRestart(now: number): number {
    this.#restartTimes.push(now);
    return this.#restartTimes.length;
  }

  /**
   * Its own restart begins: `restarting`, held back until its restart set is down and its backoff has passed.
   * Returns the restart's number, which {@link ServiceMachine.letGo} names.
   */
  public beginRestart(cause: unknown): number {
    this.#restarts += 1;
    this.#restartNumber = this.#restarts;
    if (cause !== undefined) this.#lastCause = cause;
    this.#held = true;
    this.#givenUp = false;
    this.#move('restarting');
    return this.#restarts;
  }

  /** It restarts with a member of a restart set: a running (or stopped) one is on its way back. */
  public restartWith(): void {
    if (this.#state === 'ready' || this.#state === 'unready' || this.#state === 'starting' || this.#state === 'stopped') this.#move('restarting');
  }

  /**
   * Its restart set is down and the backoff of restart `restart` passed: it may start once its dependencies are
   * available. False, and nothing changes, if a later restart has begun since (a failed widening made it `idle` and
   * a later one started it again): that restart's own backoff lets it go.
   */
  public letGo(restart: number): boolean {
    if (restart !== this.#restarts) return false;
    this.#held = false;
    return true;
  }

  /** Supervision gave up on it (`escalate: false`). */
  public giveUp(cause: unknown, error: Error): void {
    this.#lastCause = cause;
    this.#givenUp = true;
    this.#gaveUpError = error;
  }

  /** Supervision gave up on it with `escalate`: only the cause is kept; the lifecycle stops. */
  public escalate(cause: unknown): void {
    this.#lastCause = cause;
  }
}
