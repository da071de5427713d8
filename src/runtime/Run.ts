import type { ServiceFailure } from '../errors/ReadyGraphError.js';
import { HookContext } from './HookContext.js';
import type { ReadyContext, StopReason } from './hooks.js';
import { assertRunMove, type RunPhase, type ServiceState } from './states.js';

/** Where the calls on a run's context go: the rules of API.md's "Calls on the context" (`ServiceReadiness`). */
export interface RunControl {
  unready(run: Run, reason: string): void;
  ready(run: Run): void;
  fail(run: Run, error: unknown): void;
}

/**
 * One run of a service: one `onReady` … `onStop`, with the context both the hook and the run's later calls
 * (`unready`, `ready`, `fail`) go through, and where the run is (its phase; the moves are in `states.ts`). A call on
 * the context of a run that is no longer its service's current one is ignored: runs are told apart by identity.
 *
 * Only the run's `ServiceMachine` moves it: the other parts of the runtime read it.
 */
export class Run {
  /** The index of its service. */
  public readonly service: number;
  public readonly context: RunContext;
  #phase: RunPhase = 'starting';
  #endReason: StopReason | undefined;
  #endState: ServiceState = 'stopped';
  #ended: Promise<ServiceFailure | undefined> | undefined;
  /** While `cancelled`: settles {@link Run.ended} when the `onReady` has (and the stop it owes, if it succeeded). */
  #endWaiter: ((failure: ServiceFailure | undefined) => void) | undefined;
  /** For a service another Lifecycle owns: stops following its availability there. */
  #unfollow: (() => void) | undefined;
  readonly #name: string;

  public constructor(service: number, name: string, control: RunControl) {
    this.service = service;
    this.#name = name;
    this.context = new RunContext(name, this, control);
  }

  public get phase(): RunPhase {
    return this.#phase;
  }

  /** Why it was asked to end (undefined until then). */
  public get endReason(): StopReason | undefined {
    return this.#endReason;
  }

  /** The state its service takes when the run has ended. */
  public get endState(): ServiceState {
    return this.#endState;
  }

  /** The run's end, once asked for: resolves when its `onStop` has ended (or at once if none is owed). */
  public get ended(): Promise<ServiceFailure | undefined> | undefined {
    return this.#ended;
  }

  /** @internal For its ServiceMachine. */
  public move(to: RunPhase): void {
    assertRunMove(this.#name, this.#phase, to);
    this.#phase = to;
  }

  /** @internal For its ServiceMachine: asked to end for `reason`; the service ends in `endState`. */
  public askToEnd(reason: StopReason, endState: ServiceState, ended: Promise<ServiceFailure | undefined> | undefined): void {
    this.#endReason = reason;
    this.#endState = endState;
    this.#ended = ended;
  }

  /** @internal For its ServiceMachine: the run's end is the stop it has begun. */
  public endWith(ended: Promise<ServiceFailure | undefined>): void {
    this.#ended = ended;
  }

  /** @internal For its ServiceMachine: a later stop or rollback decides where the service ends. */
  public redirectEnd(endState: ServiceState): void {
    this.#endState = endState;
  }

  /** @internal For its ServiceMachine. */
  public waitForStart(resolve: (failure: ServiceFailure | undefined) => void): void {
    this.#endWaiter = resolve;
  }

  /** @internal For its ServiceMachine: the waiter of a cancelled run, taken once. */
  public takeEndWaiter(): ((failure: ServiceFailure | undefined) => void) | undefined {
    const waiter = this.#endWaiter;
    this.#endWaiter = undefined;
    return waiter;
  }

  /** @internal For its ServiceMachine. */
  public following(unfollow: () => void): void {
    this.#unfollow = unfollow;
  }

  /** @internal For its ServiceMachine: ends the following of the owner's availability. */
  public unfollow(): void {
    this.#unfollow?.();
    this.#unfollow = undefined;
  }
}

/**
 * The `ReadyContext` of one run. Its signal is the run's: it aborts at `onReady`'s timeout, when the start is
 * abandoned, when the run fails, and before the run's `onStop`.
 *
 * Its members work taken off the object (API.md, "Context members work destructured"): `async onReady({ unready })`
 * and a later `unready('reconnecting')` from an event handler must do what `context.unready(...)` does. Each member is
 * a getter that hands out a function bound to this run, made on first read: most hooks never touch them, and a
 * closure per member per run would be a noticeable share of a large start.
 */
export class RunContext extends HookContext implements ReadyContext {
  readonly #run: Run;
  readonly #control: RunControl;
  #unready: ((reason: string) => void) | undefined;
  #ready: (() => void) | undefined;
  #fail: ((error: unknown) => void) | undefined;

  public constructor(name: string, run: Run, control: RunControl) {
    super(name);
    this.#run = run;
    this.#control = control;
  }

  public get unready(): (reason: string) => void {
    return (this.#unready ??= (reason: string) => this.#control.unready(this.#run, String(reason)));
  }

  public get ready(): () => void {
    return (this.#ready ??= () => this.#control.ready(this.#run));
  }

  public get fail(): (error: unknown) => void {
    return (this.#fail ??= (error: unknown) => this.#control.fail(this.#run, error));
  }
}
